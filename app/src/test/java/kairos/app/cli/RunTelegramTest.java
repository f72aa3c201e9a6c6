package kairos.app.cli;

import kairos.bybit.sim.ApiKey;
import kairos.bybit.sim.BybitSimulator;
import kairos.bybit.sim.MarketTape;
import kairos.engine.testing.TestRules;
import kairos.ops.telegram.FakeBotApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kairos run --mode paper} on the Bybit simulator with {@code TELEGRAM_BOT_TOKEN} set and the Bot API pointed
 * at a local fake ({@code KAIROS_TELEGRAM_BASE_URL}): the bot answers the whitelisted user, ignores another, sends
 * the audits of the session's trade decisions, and the token is in no line the process prints, even at DEBUG.
 */
class RunTelegramTest {
    static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final String BOT_TOKEN = "987654321:AAE-run-session-bot-token";
    static final long CHAT = 4242;
    static final long USER = 77;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String err(Path logs) {
        try {
            return Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends a command as the whitelisted user and waits for the first new message to the chat that {@code reply} matches. */
    static String ask(FakeBotApi bot, String command, java.util.function.Predicate<String> reply) {
        int before = bot.to(CHAT).size();
        bot.message(CHAT, USER, command);
        java.util.concurrent.atomic.AtomicReference<String> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            java.util.List<String> texts = bot.textsTo(CHAT);
            texts.subList(before, texts.size()).stream().filter(reply).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    @Test
    void aPaperSessionAnswersTelegramAndSendsItsAudits(@TempDir Path tmp) throws Exception {
        Path home = CliHarness.scratchHome(tmp);
        Path cfg = home.resolve("config/kairos.yaml");
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("context_symbols: \\[[^]]*]", "context_symbols: []")
                .replace("warmup_hours: 48", "warmup_hours: 3"));
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
        Path logs = tmp.resolve("logs");
        try (BybitSimulator sim = BybitSimulator.builder().tape(MarketTape.randomWalk(7, "SOLUSDT", 150, 0.01, START, 60))
                .apiKey(ApiKey.trading("k", "s")).build().start();
             FakeBotApi bot = new FakeBotApi(BOT_TOKEN)) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "KAIROS_BYBIT_REST_URL", sim.restUrl().toString(),
                    "KAIROS_BYBIT_WS_PUBLIC_URL", sim.publicWsUrl().toString(),
                    "KAIROS_BYBIT_WS_PRIVATE_URL", sim.privateWsUrl().toString(),
                    "KAIROS_API_PORT", Integer.toString(freePort()),
                    "KAIROS_BINANCE_WS_URL", "ws://127.0.0.1:9",
                    "TELEGRAM_BOT_TOKEN", BOT_TOKEN,
                    "KAIROS_TELEGRAM_BASE_URL", bot.baseUrl(),
                    "KAIROS_TELEGRAM_CHAT_IDS", Long.toString(CHAT),
                    "KAIROS_TELEGRAM_USER_IDS", Long.toString(USER),
                    "KAIROS_LOG_LEVEL", "DEBUG"));
            // the app's own logback.xml (KAIROS_LOG_LEVEL=DEBUG), not the test class path's logback-test.xml
            Path logback = Path.of(RunTelegramTest.class.getResource("/logback.xml").toURI());
            Process p = ProcessHarness.start(home, logs, env, java.util.List.of("-Dlogback.configurationFile=" + logback),
                    "run", "--mode", "paper", "--symbols", "SOLUSDT",
                    "--timeframe", "5m", "--rules", rules.toString(), "--out", tmp.resolve("out").toString());
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("kairos run ended with " + p.exitValue() + ":\n" + err(logs));
                    }
                    return err(logs).contains("kairos run: Telegram bot on ");
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> err(logs).contains("kairos run: Telegram bot on "
                        + bot.baseUrl() + " for 1 chat(s) and 1 user(s)\n"));

                bot.message(CHAT, USER + 1, "/pause not-for-you");
                assertThat(ask(bot, "/status", t -> t.startsWith("STATUS"))).contains("mode: paper", "paused: false", "symbols: SOLUSDT",
                        "ruleset hash: ", "model version: ");
                assertThat(ask(bot, "/config", t -> t.startsWith("CONFIG"))).contains("mode: paper", "telegram.base_url: " + bot.baseUrl(),
                        "risk.max_risk_per_trade: ");

                // commands while the kernel is idle; once the tape plays it works through a burst and a command can
                // outwait the bot's 5 s (the bot says so, and the command stays queued)
                assertThat(ask(bot, "/pause", t -> t.startsWith("paused") || t.startsWith("the kernel has not")))
                        .startsWith("paused: no new entries");
                assertThat(ask(bot, "/status", t -> t.startsWith("STATUS"))).contains("paused: true");
                assertThat(ask(bot, "/resume", t -> t.startsWith("resumed") || t.startsWith("the kernel has not")))
                        .isEqualTo("resumed: new entries allowed");

                sim.pace(600);
                await().atMost(Duration.ofMinutes(3)).until(() -> bot.textsTo(CHAT).stream()
                        .anyMatch(t -> t.contains("AUDIT SOLUSDT") && t.contains("verdict: ACCEPTED")));
            } finally {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String out = err(logs);
            assertThat(out).contains("ignored a message from chat " + CHAT + " user " + (USER + 1))
                    .doesNotContain("not-for-you").doesNotContain(BOT_TOKEN).doesNotContain("AAE-run-session");
            assertThat(out.lines().filter(l -> l.contains(" DEBUG ")).count()).as("DEBUG was on").isPositive();
            assertThat(bot.paths).anyMatch(path -> path.contains(BOT_TOKEN));
            assertThat(bot.sent).allSatisfy(s -> assertThat(String.valueOf(s.text())).doesNotContain(BOT_TOKEN));
        }
    }
}
