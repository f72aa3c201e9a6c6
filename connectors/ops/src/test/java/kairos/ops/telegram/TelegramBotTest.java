package kairos.ops.telegram;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import kairos.engine.domain.MarketEvent;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.Notifier;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bot against a local fake Bot API server and a live kernel: the whitelist (chat and user), every command's
 * reply, an alert, the rate limit, the audit of a trade decision, and that the token appears in no reply and no
 * log line.
 */
class TelegramBotTest {
    static final String TOKEN = "123456789:AAF-secret-bot-token_x9";
    static final long CHAT = 100;
    static final long GROUP = -2001;
    static final long USER = 7;
    static final long STRANGER = 8;
    static final long OTHER_CHAT = 999;

    /** A wall clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicLong now = new AtomicLong(Instant.parse("2025-05-04T12:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    }

    final TestClock wall = new TestClock();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<Logger> captured = new ArrayList<>();
    final Map<Logger, Level> levels = new LinkedHashMap<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        // everything Kairos and Camel log, at DEBUG; the telegram component's own HTTP client at INFO, as the app's
        // logback.xml sets it (its DEBUG lines print the request URL, which carries the token by the Bot API's design)
        for (String name : List.of("kairos", "org.apache.camel")) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            levels.put(l, l.getLevel());
            l.setLevel(Level.DEBUG);
            l.addAppender(logs);
            l.setAdditive(false);
            captured.add(l);
        }
        Logger client = (Logger) LoggerFactory.getLogger("org.apache.camel.component.telegram");
        levels.put(client, client.getLevel());
        client.setLevel(Level.INFO);
    }

    @AfterEach
    void restoreLogs() {
        for (Logger l : captured) {
            l.detachAppender(logs);
            l.setAdditive(true);
        }
        levels.forEach(Logger::setLevel);
    }

    List<String> logLines() {
        return logs.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                : " " + e.getThrowableProxy().getMessage())).toList();
    }

    TelegramSettings settings(FakeBotApi api, int perMinute) {
        return new TelegramSettings(api.baseUrl(), TOKEN, Set.of(CHAT, GROUP), Set.of(USER), perMinute, 0, 20, 0);
    }

    /** A live kernel on the enter-and-leave test rules. */
    static LiveKernel kernel(Path tmp) throws Exception {
        return new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null, new AtomicLong(), false);
    }

    /** A bot for one chat and one user, {@code perMinute} alerts of a kind a minute. */
    TelegramBot oneChatBot(FakeBotApi api, LiveKernel live, int perMinute) {
        return TelegramBot.start(new TelegramSettings(api.baseUrl(), TOKEN, Set.of(CHAT), Set.of(USER), perMinute, 0, 20, 0),
                live.kernel.control(), config(), 10_000, new ChartTape(), wall);
    }

    static Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mode", "paper");
        c.put("symbols", "SOLUSDT");
        c.put("risk.max_risk_per_trade", "0.01");
        c.put("api.token", "should-never-show");
        return c;
    }

    /** The messages a chat received, one per alert, audit or reply (the bot joins queued ones with a blank line). */
    static List<String> messages(FakeBotApi api, long chat) {
        return api.textsTo(chat).stream().flatMap(t -> java.util.Arrays.stream(t.split("\n\n"))).toList();
    }

    /** Sends a command as the whitelisted user and waits for the reply (the n-th message to the chat). */
    static FakeBotApi.Sent ask(FakeBotApi api, String command) {
        int before = api.to(CHAT).size();
        api.message(CHAT, USER, command);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.to(CHAT).size() > before);
        return api.to(CHAT).get(before);
    }

    @Test
    void commandsWhitelistAuditsAndNoToken(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
        ChartTape chart = new ChartTape();
        try (LiveKernel live = new LiveKernel(rules, null, new AtomicLong(), false);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = TelegramBot.start(settings(api, 3), live.kernel.control(), config(), 10_000, chart, wall)) {
            List<MarketEvent> tape = TickTape.of(21, TickTape.START, 90, true, TickTape.SOL);
            for (MarketEvent e : tape) {
                MarketBatch b = MarketBatch.of(List.of(e), e.time());
                live.kernel.inbox().post(b);
                chart.onBatch(b);
            }
            live.drain();
            List<Decision> decisions = List.copyOf(live.decisions);
            decisions.forEach(bot.audits()::record);

            // the audit of every trade decision reaches every whitelisted chat
            Decision entry = decisions.stream().filter(d -> d.proposal() != null
                    && "accepted".equals(d.verdict().status())).findFirst().orElseThrow();
            long trades = decisions.stream().filter(AuditText::isTradeDecision).count();
            assertThat(trades).isGreaterThan(1);
            for (long chat : List.of(GROUP, CHAT)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> messages(api, chat).stream()
                        .filter(t -> t.startsWith("AUDIT ")).count() >= trades);
            }
            String audit = messages(api, GROUP).stream().filter(t -> t.startsWith("AUDIT " + entry.symbol() + " "
                    + entry.ts())).findFirst().orElseThrow();
            assertThat(audit).contains("rules fired:\n  1. test: enter when flat", "verdict: ACCEPTED",
                    "ruleset " + entry.rulesetHash(), "model none", "proposal: Buy test by test: enter when flat");
            assertThat(messages(api, GROUP)).anyMatch(t -> t.contains("exit: test: leave after 10 minutes - test exit"));
            int groupBefore = api.to(GROUP).size();
            int chatBefore = api.to(CHAT).size();

            // whitelist: the chat without the user, the user in another chat, then both
            api.message(CHAT, STRANGER, "/status from-a-stranger");
            api.message(OTHER_CHAT, USER, "/pause from-another-chat");
            FakeBotApi.Sent status = ask(api, "/status");
            assertThat(api.to(OTHER_CHAT)).isEmpty();
            assertThat(api.to(CHAT)).hasSize(chatBefore + 1);
            assertThat(live.kernel.control().status().get().paused()).isFalse();
            assertThat(logLines()).anyMatch(l -> l.contains("ignored a message from chat " + CHAT + " user " + STRANGER)
                    && l.contains("user not in KAIROS_TELEGRAM_USER_IDS"));
            assertThat(logLines()).anyMatch(l -> l.contains("ignored a message from chat " + OTHER_CHAT + " user " + USER)
                    && l.contains("chat not in KAIROS_TELEGRAM_CHAT_IDS"));
            assertThat(logLines()).noneMatch(l -> l.contains("from-a-stranger") || l.contains("from-another-chat"));

            var s = live.kernel.control().status().get();
            assertThat(status.text()).contains("mode: paper", "paused: false", "symbols: SOLUSDT", "equity: ",
                    "ruleset hash: " + s.rulesetHash(), "model version: none");

            assertThat(ask(api, "/positions").text()).startsWith("POSITIONS").contains("SOLUSDT Buy");
            assertThat(ask(api, "/pnl").text()).contains("since start:", "realised:", "unrealised:");
            String config = ask(api, "/config").text();
            assertThat(config).contains("mode: paper", "risk.max_risk_per_trade: 0.01", "api.token: ***")
                    .doesNotContain("should-never-show");
            assertThat(ask(api, "/risk").text()).contains("open risk to stops:", "exposure:", "risk.max_risk_per_trade: 0.01");
            assertThat(ask(api, "/signals").text()).startsWith("SIGNALS").contains("SOLUSDT bar_close");

            FakeBotApi.Sent photo = ask(api, "/chart");
            assertThat(photo.method()).isEqualTo("sendPhoto");
            assertThat(photo.text()).startsWith("SOLUSDT: 90 one-minute closes").contains("entries");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(photo.photo()));
            assertThat(img.getWidth()).isEqualTo(ChartImage.WIDTH);
            assertThat(ask(api, "/chart DOGEUSDT").text()).startsWith("no prices for DOGEUSDT");

            assertThat(ask(api, "/close BTCUSDT").text()).isEqualTo("no open position in BTCUSDT; /positions lists them");
            assertThat(ask(api, "/close").text()).startsWith("usage: /close SYMBOL");
            assertThat(ask(api, "/close SOLUSDT").text()).startsWith("closing SOLUSDT at market: exit order ");

            assertThat(ask(api, "/pause").text()).startsWith("paused: no new entries");
            assertThat(live.kernel.control().status().get().paused()).isTrue();
            assertThat(ask(api, "/resume").text()).isEqualTo("resumed: new entries allowed");
            assertThat(live.kernel.control().status().get().paused()).isFalse();

            assertThat(ask(api, "/emergency").text()).startsWith("EMERGENCY: paused; ");
            assertThat(live.kernel.control().status().get().paused()).isTrue();

            String hash = live.kernel.control().status().get().rulesetHash();
            assertThat(ask(api, "/reload").text()).startsWith("rules reloaded: " + hash + " -> ");
            Files.writeString(rules.resolve("broken.drl"), "package kairos.rules;\nrule \"broken\" when then nonsense(; end\n");
            String refused = ask(api, "/reload").text();
            assertThat(refused).startsWith("reload refused (rejected); still running ").contains("broken.drl");
            assertThat(ask(api, "/status@KairosBot").text()).startsWith("STATUS");
            assertThat(ask(api, "/nonsense").text()).startsWith("unknown command /nonsense");
            assertThat(ask(api, "/help").text()).contains("/emergency", "/reload");

            // an alert goes to every whitelisted chat, by level
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "DRAWDOWN_KILL", "SOLUSDT",
                    TickTape.START, "drawdown 15.2% beyond the 15% kill switch; token=abc123"));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.to(GROUP).size() > groupBefore);
            String alert = messages(api, GROUP).getLast();
            assertThat(alert).contains("CRITICAL DRAWDOWN_KILL SOLUSDT " + Instant.ofEpochMilli(TickTape.START),
                    "drawdown 15.2% beyond the 15% kill switch", "token=***").doesNotContain("abc123");

            // the heartbeat
            bot.heartbeat();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, GROUP).getLast().contains("HEARTBEAT"));
            assertThat(messages(api, GROUP).getLast()).contains("paper paused", "equity");

            // the token was used (it is in the Bot API's path) but is in no reply and no log line
            assertThat(api.paths).anyMatch(p -> p.contains(TOKEN));
            assertThat(api.sent).isNotEmpty().allSatisfy(m -> assertThat(String.valueOf(m.text())).doesNotContain(TOKEN));
            assertThat(logLines()).isNotEmpty().noneMatch(l -> l.contains(TOKEN) || l.contains("AAF-secret"));
            assertThat(bot.toString() + settings(api, 3)).doesNotContain(TOKEN);
        }
    }

    @Test
    void alertsAreRateLimitedPerTypeAndSymbolCriticalNeverDropped(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = oneChatBot(api, live, 2)) {
            Notifier n = bot.alerts();
            for (int i = 0; i < 5; i++) {
                n.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, "FEED_STALE", "SOLUSDT", TickTape.START, "stale " + i));
            }
            n.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, "FEED_STALE", "BTCUSDT", TickTape.START, "other symbol"));
            for (int i = 0; i < 4; i++) {
                n.notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_DOWN", null, TickTape.START, "down " + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).size() >= 7);
            List<String> texts = messages(api, CHAT);
            assertThat(texts.stream().filter(t -> t.contains("FEED_STALE SOLUSDT"))).hasSize(2);
            assertThat(texts).anyMatch(t -> t.contains("stale 0")).anyMatch(t -> t.contains("stale 1"))
                    .noneMatch(t -> t.contains("stale 2"));
            assertThat(texts).anyMatch(t -> t.contains("FEED_STALE BTCUSDT"));
            assertThat(texts.stream().filter(t -> t.contains("CRITICAL VENUE_DOWN"))).hasSize(4);

            wall.now.addAndGet(61_000);   // a minute later the kind passes again and says how many were held back
            n.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, "FEED_STALE", "SOLUSDT", TickTape.START, "stale 5"));
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).size() >= 8);
            assertThat(messages(api, CHAT).getLast()).contains("stale 5", "(3 more of these held back by the rate limit)");

            bot.heartbeat();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).size() >= 9);
            assertThat(messages(api, CHAT).getLast()).contains("HEARTBEAT", "3 alert(s) held back by the rate limit");
        }
    }

    /** Telegram's flood control: a 429 is waited out as long as it says and the same message sent again. */
    @Test
    void aTooManyRequestsAnswerIsWaitedOutAndTheMessageSentAgain(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = oneChatBot(api, live, 20)) {
            api.tooManyRequests(2, 1);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_DOWN", null, TickTape.START, "down"));
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).size() >= 1);
            assertThat(messages(api, CHAT)).singleElement().asString().contains("CRITICAL VENUE_DOWN", "down");
            assertThat(api.refused).hasValue(2);
            assertThat(bot.rateLimitedCount()).isEqualTo(2);
            assertThat(logLines()).anyMatch(l -> l.contains("too many requests, retrying in 1 s (1/3)"));
        }
        assertThat(TelegramBot.retryAfterSeconds("Too Many Requests: retry after 35")).isEqualTo(35);
        assertThat(TelegramBot.retryAfterSeconds("{\"parameters\":{\"retry_after\":7}}")).isEqualTo(7);
        assertThat(TelegramBot.retryAfterSeconds("Bad Request: chat not found")).isEqualTo(-1);
        assertThat(TelegramBot.retryAfterSeconds(null)).isEqualTo(-1);
    }

    /** A message Telegram refuses (400) is logged, without the token, and not sent again; the bot carries on. */
    @Test
    void aRefusedMessageIsLoggedAndTheNextOneStillGoesOut(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = oneChatBot(api, live, 20)) {
            api.badRequests(1);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_DOWN", null, TickTape.START, "first"));
            await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream()
                    .anyMatch(l -> l.contains("telegram: sending to chat " + CHAT + " failed")));
            assertThat(api.refused).hasValue(1);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_UP", null, TickTape.START, "second"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !messages(api, CHAT).isEmpty());
            assertThat(messages(api, CHAT)).singleElement().asString().contains("CRITICAL VENUE_UP", "second");
            assertThat(bot.rateLimitedCount()).as("a 400 is no flood control: not waited out").isZero();
            assertThat(logLines()).noneMatch(l -> l.contains(TOKEN) || l.contains("AAF-secret"));
        }
    }

    /** When the kernel does not answer, the heartbeat says so instead of staying silent; plain text is no command. */
    @Test
    void theHeartbeatSaysWhenTheKernelDoesNotAnswer(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = TelegramBot.start(settings(api, 20), live.kernel.control(), config(), 10_000,
                     new ChartTape(), wall)) {
            api.message(CHAT, USER, "hello, bot");
            assertThat(ask(api, "/help").text()).as("the first reply answers /help: plain text got none").contains("/status");

            live.loop.stop();
            live.kernel.inbox().post(new MarketBatch(List.of(), false, 0));   // wakes the loop, which ends
            live.thread.join(10_000);
            assertThat(live.thread.isAlive()).isFalse();
            bot.heartbeat(50);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).getLast().contains("HEARTBEAT"));
            assertThat(messages(api, CHAT).getLast()).contains("the kernel did not answer within 50 ms")
                    .doesNotContain("equity");
        }
    }

    @Test
    void theOutboxDropsTheNewestOrdinaryMessagesWhenFullAndSaysHowMany() throws Exception {
        TelegramBot.Outbox box = new TelegramBot.Outbox(2);
        box.offer("a", false);
        box.offer("b", false);
        box.offer("c", false);            // full: dropped and counted
        box.offer("CRITICAL d", true);    // a critical message always gets in
        assertThat(box.takeBatch(4_000)).isEqualTo("(1 message(s) dropped: Telegram could not keep up; decisions.jsonl"
                + " and the log have them all)\n\na\n\nb\n\nCRITICAL d");

        box = new TelegramBot.Outbox(10);
        String ten = "x".repeat(10);
        box.offer(ten, false);
        box.offer(ten, false);
        box.offer(ten, false);
        assertThat(box.takeBatch(25)).as("joined while they fit").isEqualTo(ten + "\n\n" + ten);
        box.offer("y".repeat(40), false);
        assertThat(box.takeBatch(25)).as("what does not fit waits for the next batch").isEqualTo(ten);
        assertThat(box.takeBatch(25)).as("one longer than a batch goes alone (the sender cuts it)").isEqualTo("y".repeat(40));

        box.offer("last", false);
        box.close();
        box.offer("after close", true);
        assertThat(box.closed()).isTrue();
        assertThat(box.takeBatch(4_000)).isEqualTo("last");
        assertThat(box.takeBatch(4_000)).as("closed and empty").isNull();
    }

    /** Telegram away (HTTP 5xx, a network error): the message is sent again, later; after five tries it is dropped. */
    @Test
    void aMessageTelegramCouldNotTakeIsSentAgainThenDroppedAfterFiveTries(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = oneChatBot(api, live, 20)) {
            api.unavailable(2);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "DRAWDOWN_KILL", "SOLUSDT", TickTape.START, "kept"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !messages(api, CHAT).isEmpty());
            assertThat(messages(api, CHAT)).singleElement().asString().contains("CRITICAL DRAWDOWN_KILL", "kept");
            assertThat(api.refused).hasValue(2);
            assertThat(logLines()).anyMatch(l -> l.contains("Telegram did not take the message") && l.contains("(1/5)"))
                    .anyMatch(l -> l.contains("(2/5)")).noneMatch(l -> l.contains("(3/5)"));

            api.unavailable(1 + TelegramBot.MAX_RETRIES_TRANSIENT);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_DOWN", null, TickTape.START, "lost"));
            await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream()
                    .anyMatch(l -> l.contains("telegram: sending to chat " + CHAT + " failed")));
            assertThat(api.refused).hasValue(2 + 1 + TelegramBot.MAX_RETRIES_TRANSIENT);
            bot.alerts().notify(new Notifier.Alert(Notifier.Level.CRITICAL, "VENUE_UP", null, TickTape.START, "next"));
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api, CHAT).size() == 2);
            assertThat(messages(api, CHAT).getLast()).contains("VENUE_UP").doesNotContain("lost");
            assertThat(bot.rateLimitedCount()).isZero();
        }
        assertThat(TelegramBot.isTransient(new RuntimeException(new java.net.ConnectException("Connection refused")))).isTrue();
        assertThat(TelegramBot.isTransient(new org.apache.camel.component.telegram.TelegramException("x", 503, "Service Unavailable")))
                .isTrue();
        assertThat(TelegramBot.isTransient(new org.apache.camel.component.telegram.TelegramException("x", 403, "Forbidden")))
                .isFalse();
        assertThat(TelegramBot.isTransient(new IllegalStateException("no"))).isFalse();
        assertThat(TelegramBot.isTransient(new RuntimeException("http://x/bot***/sendMessage responded: 400{\"ok\":false}"))).isFalse();
        assertThat(java.util.stream.IntStream.rangeClosed(1, 5).mapToLong(r -> TelegramBot.transientWaitMs(1_000, r)).toArray())
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L);
        assertThat(TelegramBot.transientWaitMs(1_000, 9)).isEqualTo(TelegramBot.MAX_TRANSIENT_WAIT_MS);
    }

    /** Telegram away for the command poll: one redacted line, then one a minute with the count; back, it answers. */
    @Test
    void aFailingPollIsLoggedWithoutTheTokenOnceAMinute(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = kernel(tmp);
             FakeBotApi api = new FakeBotApi(TOKEN);
             TelegramBot bot = oneChatBot(api, live, 20)) {
            api.pollsUnavailable(true);
            int polls = api.polls.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.polls.get() >= polls + 2 * TelegramBot.POLL_BACKOFF_ERRORS);
            List<String> failed = logLines().stream().filter(l -> l.contains("polling Telegram for commands failed")).toList();
            assertThat(failed).as("one line while the wall clock stands").singleElement().asString()
                    .contains("502", "bot***/getUpdates", "trying again").doesNotContain("times since");

            wall.now.addAndGet(TelegramBot.PollErrors.REPORT_EVERY_MS);
            await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream()
                    .filter(l -> l.contains("polling Telegram for commands failed")).count() == 2);
            assertThat(logLines().stream().filter(l -> l.contains("polling Telegram for commands failed")).toList().getLast())
                    .containsPattern("failed [0-9]+ times since the last report: ");
            assertThat(logLines()).noneMatch(l -> l.contains(TOKEN) || l.contains("AAF-secret"))
                    .noneMatch(l -> l.contains("Failed polling endpoint"));

            api.pollsUnavailable(false);
            assertThat(ask(api, "/help").text()).contains("/status");
        }
    }
}
