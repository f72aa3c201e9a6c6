package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.bybit.sim.ApiKey;
import kairos.bybit.sim.BybitSimulator;
import kairos.bybit.sim.MarketTape;
import kairos.bybit.sim.OrderState;
import kairos.bybit.sim.PositionState;
import kairos.bybit.sim.ReceivedRequest;
import kairos.engine.testing.TestRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kairos run} in a process of its own against the local Bybit V5 simulator, its market paced faster than
 * real time: a paper session and the replay of its own recording decide alike; a live session killed with
 * {@code kill -9} in the middle of an order resumes, reconciles, and agrees with the exchange; a key that can
 * withdraw is refused before any order.
 */
class RunOnSimulatorTest {
    static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final String KEY = "sim-key";
    static final String SECRET = "sim-secret";
    static final String TOKEN = "test-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path home;
    static Path rules;

    @BeforeAll
    static void home() throws IOException {
        home = CliHarness.scratchHome(tmp);
        Path cfg = home.resolve("config/kairos.yaml");
        String yaml = Files.readString(cfg);
        yaml = yaml.replaceFirst("context_symbols: \\[[^]]*]", "context_symbols: []")
                .replace("warmup_hours: 48", "warmup_hours: 3");
        assertThat(yaml).contains("context_symbols: []", "warmup_hours: 3");
        Files.writeString(cfg, yaml);
        rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
    }

    static BybitSimulator simulator(int minutes, ApiKey key) {
        return BybitSimulator.builder().tape(MarketTape.randomWalk(7, "SOLUSDT", 150, 0.01, START, minutes))
                .apiKey(key).checkTimestampsAgainstWallClock(true).build().start();
    }

    static Map<String, String> env(BybitSimulator sim, int apiPort, boolean keys) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAIROS_BYBIT_REST_URL", sim.restUrl().toString(),
                "KAIROS_BYBIT_WS_PUBLIC_URL", sim.publicWsUrl().toString(),
                "KAIROS_BYBIT_WS_PRIVATE_URL", sim.privateWsUrl().toString(),
                "KAIROS_API_PORT", Integer.toString(apiPort),
                "KAIROS_API_TOKEN", TOKEN,
                "KAIROS_BINANCE_WS_URL", "ws://127.0.0.1:9")); // no fallback feed reachable: Bybit's data only
        if (keys) {
            env.put("BYBIT_API_KEY", KEY);
            env.put("BYBIT_API_SECRET", SECRET);
        }
        return env;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Every session a test started: none outlives its test, whatever the test's outcome. */
    static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void noSessionOutlivesItsTest() throws InterruptedException {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        STARTED.clear();
    }

    static Process run(Map<String, String> env, Path logs, String mode, Path out) throws IOException {
        Process p = ProcessHarness.start(home, logs, env, "run", "--mode", mode, "--symbols", "SOLUSDT", "--timeframe", "5m",
                "--rules", rules.toString(), "--out", out.toString());
        STARTED.add(p);
        return p;
    }

    static String err(Path logs) {
        try {
            return Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static void awaitStarted(Process p, Path logs) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("kairos run ended with " + p.exitValue() + ":\n" + err(logs));
            }
            return err(logs).contains("kairos run: ") && err(logs).contains(" session '");
        });
    }

    static int stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kairos run ends after SIGTERM").isTrue();
        return p.exitValue();
    }

    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> l = Files.lines(file)) {
            return l.count();
        }
    }

    static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aPaperSessionAndTheReplayOfItsRecordingDecideAlike() throws Exception {
        Path out = tmp.resolve("paper-out");
        Path logs = tmp.resolve("logs/paper");
        try (BybitSimulator sim = simulator(60, ApiKey.trading(KEY, SECRET))) {
            Process p = run(env(sim, freePort(), false), logs, "paper", out);
            awaitStarted(p, logs);
            sim.pace(600); // ten exchange minutes a wall second
            await().atMost(Duration.ofMinutes(2)).until(sim::tapeFinished);
            // the session has caught up: the tape's last 5m close (its end) is decided before the session is stopped
            String last = "\"id\":\"SOLUSDT-" + (START + 60 * 60_000) + "\"";
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(out.resolve("decisions.jsonl"))
                    && Files.readString(out.resolve("decisions.jsonl")).contains(last));
            assertThat(stop(p)).as(err(logs)).isZero();
            assertThat(sim.requests()).as("a paper session sends no signed request").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("X-BAPI-SIGN")).as(r.path()).isNull());
        }
        assertThat(err(logs)).contains("kairos run: stopped;").doesNotContain("Exception");
        Path recording;
        try (Stream<Path> files = Files.list(out.resolve("record"))) {
            recording = files.filter(f -> f.toString().endsWith(".jsonl.gz")).findFirst().orElseThrow();
        }
        CliHarness.Result replay = CliHarness.run(home, "replay", recording.toString(), "--compare", out.toString(),
                "--rules", rules.toString(), "--out", tmp.resolve("paper-replay").toString());
        assertThat(tmp.resolve("paper-replay/compare.json")).as(replay.err()).exists();
        JsonNode compare = JSON.readTree(tmp.resolve("paper-replay/compare.json").toFile());
        assertThat(replay.exit()).as(replay.err() + compare).isZero();
        assertThat(compare.path("same").asBoolean()).as(compare.toString()).isTrue();
        assertThat(compare.path("decisions_matched").asInt()).isGreaterThanOrEqualTo(11);
        assertThat(compare.path("fills_matched").asInt()).as("the test rules trade").isPositive();
    }

    @Test
    void aLiveSessionKilledMidOrderResumesWithoutASecondOrderAndAgreesWithTheExchange() throws Exception {
        Path out = tmp.resolve("live-out");
        int port = freePort();
        try (BybitSimulator sim = simulator(120, ApiKey.trading(KEY, SECRET))) {
            sim.faults().acceptThenHang("/v5/order/create", 1); // the first order is placed, its answer never comes
            Path logs1 = tmp.resolve("logs/live1");
            Process first = run(env(sim, port, true), logs1, "live", out);
            awaitStarted(first, logs1);
            assertThat(err(logs1)).contains("key checked (trade only)");
            sim.pace(300);
            await().atMost(Duration.ofMinutes(2)).until(() -> !sim.requests("/v5/order/create").isEmpty());
            first.destroyForcibly(); // kill -9 with the entry on the exchange and no answer in the kernel
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String entryLink = linkId(sim.requests("/v5/order/create").getFirst());
            assertThat(sim.order(entryLink)).as("the exchange has the order").isPresent();

            Path logs2 = tmp.resolve("logs/live2");
            Process second = run(env(sim, port, true), logs2, "live", out);
            awaitStarted(second, logs2);
            assertThat(err(logs2)).contains("resumed");
            // reconciled: the entry's fill is booked and the position is protected on the exchange
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                PositionState pos = sim.position("SOLUSDT");
                JsonNode positions = get(port, "/positions");
                JsonNode list = positions.isArray() ? positions : positions.path("positions");
                BigDecimal kernelSize = list.isEmpty() ? BigDecimal.ZERO : new BigDecimal(list.get(0).path("size").asText());
                assertThat(kernelSize).isEqualByComparingTo(pos.size());
                if (pos.size().signum() != 0) {
                    assertThat(sim.openOrders()).as("a stop protects the position").anyMatch(o -> o.reduceOnly()
                            || o.closeOnTrigger() || o.triggerPrice() != null && o.triggerPrice().signum() > 0);
                }
            });
            long sameIntent = sim.requests("/v5/order/create").stream().filter(r -> linkId(r).equals(entryLink))
                    .filter(r -> r.retCode() == 0).count();
            assertThat(sameIntent).as("no second order for the same intent").isEqualTo(1);
            assertThat(stop(second)).as(err(logs2)).isZero();
            List<OrderState> orders = sim.orders();
            assertThat(orders.stream().filter(o -> o.orderLinkId().equals(entryLink))).hasSize(1);
            assertThat(err(logs2)).contains("kairos run: stopped;");
        }
    }

    private static String linkId(ReceivedRequest r) {
        try {
            return JSON.readTree(r.body()).path("orderLinkId").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyThatCanWithdrawIsRefusedBeforeAnyOrder() throws Exception {
        Path logs = tmp.resolve("logs/withdraw");
        try (BybitSimulator sim = simulator(10, ApiKey.withdrawing(KEY, SECRET))) {
            Process p = run(env(sim, freePort(), true), logs, "live", tmp.resolve("withdraw-out"));
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(err(logs)).isEqualTo(1);
            assertThat(err(logs)).contains("refusing the API key", "can move funds", "no order was sent")
                    .doesNotContain(SECRET);
            assertThat(sim.requests("/v5/order/create")).isEmpty();
        }
    }
}
