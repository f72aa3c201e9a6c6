package kairos.ops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the control API on a random port, on a real kernel: without the token (401), with a wrong one,
 * with it, and with bad bodies (400 naming the field); the one-unit hot reload of DRL and EPL.
 */
class ControlEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "t0ken-never-shown";
    final HttpClient http = HttpClient.newHttpClient();
    int port;

    /** Every guarded endpoint with a harmless request. */
    static final List<String[]> GUARDED = List.of(
            new String[]{"GET", "/status", null}, new String[]{"GET", "/positions", null},
            new String[]{"GET", "/positions/history", null}, new String[]{"POST", "/positions/close/SOLUSDT", null},
            new String[]{"GET", "/config", null}, new String[]{"PUT", "/config", "{}"},
            new String[]{"POST", "/config/reload", null}, new String[]{"POST", "/trading/pause", null},
            new String[]{"POST", "/trading/resume", null},
            new String[]{"POST", "/trading/override", "{\"action\":\"pause\"}"},
            new String[]{"GET", "/analytics/performance", null}, new String[]{"GET", "/analytics/risk", null},
            new String[]{"GET", "/analytics/predictions", null}, new String[]{"POST", "/rules/reload", null});

    HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body, TOKEN);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    JsonNode refused(int code, String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body, TOKEN);
        assertThat(r.statusCode()).as(method + " " + path + " " + body + ": " + r.body()).isEqualTo(code);
        assertThat(r.body()).doesNotContain(TOKEN);
        return JSON.readTree(r.body());
    }

    /** A configuration double: one live key (risk.max_leverage, 0.1..10), everything else unknown. */
    static final class OneKeyConfig implements ConfigAccess {
        double maxLeverage = 3;
        int reloads;

        @Override
        public ObjectNode effective() {
            ObjectNode o = JSON.createObjectNode();
            o.putObject("risk").put("max_leverage", maxLeverage);
            return o;
        }

        @Override
        public Change update(ObjectNode changes) {
            List<FieldError> errors = new ArrayList<>();
            double value = maxLeverage;
            for (var it = changes.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getKey().equals("risk") || !e.getValue().isObject()) {
                    errors.add(new FieldError(e.getKey(), "unknown key"));
                    continue;
                }
                for (var r = e.getValue().fields(); r.hasNext(); ) {
                    var k = r.next();
                    if (!k.getKey().equals("max_leverage")) {
                        errors.add(new FieldError("risk." + k.getKey(), "unknown key"));
                    } else if (!k.getValue().isNumber() || k.getValue().asDouble() < 0.1 || k.getValue().asDouble() > 10) {
                        errors.add(new FieldError("risk.max_leverage", "must be a number in 0.1..10"));
                    } else {
                        value = k.getValue().asDouble();
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new Refused(errors);
            }
            maxLeverage = value;
            return new Change(List.of("risk.max_leverage"), List.of(), effective());
        }

        @Override
        public Change reload() {
            reloads++;
            return new Change(List.of(), List.of(), effective());
        }
    }

    @Test
    void everyEndpointNeedsTheTokenAndAnswersJson(@TempDir Path tmp) throws Exception {
        port = ControlApiTest.freePort();
        OneKeyConfig config = new OneKeyConfig();
        try (LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                new AtomicLong(), false);
             ControlApi api = ControlApi.start(new ControlApi.Settings("127.0.0.1", port, TOKEN), live.kernel.control(),
                     config, List.of())) {
            for (var e : TickTape.of(21, TickTape.START, 90, true, TickTape.SOL)) {
                live.kernel.inbox().post(MarketBatch.of(List.of(e), e.time()));
            }
            live.drain();
            assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
            for (String[] e : GUARDED) {
                for (String token : new String[]{null, "wrong", ""}) {
                    HttpResponse<String> r = call(e[0], e[1], e[2], token);
                    assertThat(r.statusCode()).as(e[0] + " " + e[1] + " token " + token).isEqualTo(401);
                    assertThat(r.body()).doesNotContain(TOKEN);
                }
            }
            assertThat(config.reloads).as("nothing ran without the token").isZero();
            assertThat(live.kernel.portfolio().position("SOLUSDT")).as("nothing was closed").isNotNull();

            JsonNode status = ok("GET", "/status", null);
            assertThat(status.get("mode").asText()).isEqualTo("paper");
            assertThat(status.get("paused").asBoolean()).isFalse();
            assertThat(status.get("pause_reason").isNull()).isTrue();
            assertThat(status.get("feed").get("source").asText()).isEqualTo("bybit");
            assertThat(status.get("venue").get("up").asBoolean()).isTrue();
            assertThat(status.get("ruleset_hash").asText()).isEqualTo(live.rules.rulesetHash());

            JsonNode positions = ok("GET", "/positions", null).get("positions");
            assertThat(positions).hasSize(1);
            assertThat(positions.get(0).get("id").asText()).isEqualTo("SOLUSDT");

            // analytics before any trade closed
            JsonNode perf = ok("GET", "/analytics/performance", null);
            assertThat(perf.get("trades").asInt()).isEqualTo(live.kernel.portfolio().closedTrades().size());
            assertThat(perf.get("equity").asDouble()).isPositive();
            JsonNode risk = ok("GET", "/analytics/risk", null);
            assertThat(risk.get("drawdown_tier").asText()).isEqualTo("normal");
            assertThat(risk.get("exposure").asDouble()).isPositive();
            assertThat(risk.get("limits").get("max_risk_per_trade").asDouble()).isEqualTo(0.01);
            assertThat(risk.get("open_positions").asInt()).isEqualTo(1);
            JsonNode predictions = ok("GET", "/analytics/predictions", null);
            assertThat(predictions.get("predictions").isArray()).isTrue();
            assertThat(predictions.get("predictions")).isEmpty();   // no model attached
            assertThat(predictions.get("model_version").asText()).isEqualTo("none");

            // trading: pause with a reason, bad bodies, resume
            assertThat(refused(400, "POST", "/trading/pause", "{not json").get("field").asText()).isEqualTo("body");
            assertThat(refused(400, "POST", "/trading/pause", "{\"reason\": 5}").get("field").asText()).isEqualTo("reason");
            assertThat(refused(400, "POST", "/trading/pause", "{\"why\": \"x\"}").get("field").asText()).isEqualTo("why");
            assertThat(refused(400, "POST", "/trading/pause", "[1]").get("field").asText()).isEqualTo("body");
            assertThat(live.kernel.isPaused()).as("a refused pause changes nothing").isFalse();
            JsonNode paused = ok("POST", "/trading/pause", "{\"reason\":\"lunch\"}");
            assertThat(paused.get("paused").asBoolean()).isTrue();
            assertThat(ok("GET", "/status", null).get("pause_reason").asText()).contains("lunch");
            assertThat(ok("POST", "/trading/resume", null).get("paused").asBoolean()).isFalse();
            assertThat(ok("GET", "/status", null).get("paused").asBoolean()).isFalse();

            // override: bad bodies name the field, pause, close
            assertThat(refused(400, "POST", "/trading/override", null).get("field").asText()).isEqualTo("body");
            assertThat(refused(400, "POST", "/trading/override", "{}").get("field").asText()).isEqualTo("action");
            assertThat(refused(400, "POST", "/trading/override", "{\"action\":\"sell\"}").get("field").asText())
                    .isEqualTo("action");
            assertThat(refused(400, "POST", "/trading/override", "{\"action\":\"close\"}").get("field").asText())
                    .isEqualTo("symbol");
            assertThat(refused(400, "POST", "/trading/override", "{\"action\":\"close\",\"symbol\":\"DOGEUSDT\"}")
                    .get("field").asText()).isEqualTo("symbol");
            assertThat(refused(400, "POST", "/trading/override", "{\"action\":\"flatten\",\"symbol\":\"SOLUSDT\"}")
                    .get("field").asText()).isEqualTo("symbol");
            assertThat(refused(400, "POST", "/trading/override", "{\"action\":\"pause\",\"x\":1}")
                    .get("field").asText()).isEqualTo("x");
            assertThat(live.kernel.isPaused()).isFalse();
            JsonNode o = ok("POST", "/trading/override", "{\"action\":\"pause\",\"reason\":\"news\"}");
            assertThat(o.get("status").get("paused").asBoolean()).isTrue();
            ok("POST", "/trading/resume", "");

            // config: get, bad bodies (400 naming the key, nothing changes), a good change, reload
            assertThat(ok("GET", "/config", null).get("config").get("risk").get("max_leverage").asDouble()).isEqualTo(3);
            assertThat(refused(400, "PUT", "/config", "").get("field").asText()).isEqualTo("body");
            assertThat(refused(400, "PUT", "/config", "{oops").get("field").asText()).isEqualTo("body");
            JsonNode bad = refused(400, "PUT", "/config", "{\"risk\":{\"max_leverage\":50}}");
            assertThat(bad.get("field").asText()).isEqualTo("risk.max_leverage");
            assertThat(bad.get("errors").get(0).get("message").asText()).contains("0.1..10");
            assertThat(refused(400, "PUT", "/config", "{\"risk\":{\"max_leverage\":2,\"nope\":1}}").get("field")
                    .asText()).isEqualTo("risk.nope");
            assertThat(config.maxLeverage).as("a refused change changes nothing").isEqualTo(3);
            JsonNode changed = ok("PUT", "/config", "{\"risk\":{\"max_leverage\":2}}");
            assertThat(changed.get("applied").get(0).asText()).isEqualTo("risk.max_leverage");
            assertThat(changed.get("config").get("risk").get("max_leverage").asDouble()).isEqualTo(2);
            ok("POST", "/config/reload", null);
            assertThat(config.reloads).isEqualTo(1);

            // close: unknown ids are 404, the open one closes (and shows up in the history)
            refused(404, "POST", "/positions/close/DOGEUSDT", null);
            assertThat(call("POST", "/positions/close/", null, TOKEN).statusCode()).isEqualTo(404);
            JsonNode closed = ok("POST", "/positions/close/solusdt", null);
            assertThat(closed.get("symbol").asText()).isEqualTo("SOLUSDT");
            assertThat(closed.get("order_link_id").asText()).isNotBlank();
            for (var e : TickTape.of(22, TickTape.START + 90 * 60_000L, 5, true, TickTape.SOL)) {
                live.kernel.inbox().post(MarketBatch.of(List.of(e), e.time()));
            }
            live.drain();
            assertThat(ok("GET", "/positions", null).get("positions")).isEmpty();
            JsonNode trades = ok("GET", "/positions/history", null).get("trades");
            assertThat(trades).isNotEmpty();
            JsonNode last = trades.get(trades.size() - 1);
            assertThat(last.get("symbol").asText()).isEqualTo("SOLUSDT");
            assertThat(last.get("exit_reason").asText()).isEqualTo("manual");
            assertThat(ok("GET", "/analytics/performance", null).get("trades").asInt()).isEqualTo(trades.size());
            refused(404, "POST", "/positions/close/SOLUSDT", null);

            // emergency override: pause and flatten
            JsonNode flat = ok("POST", "/trading/override", "{\"action\":\"flatten\"}");
            assertThat(flat.get("order_link_ids").isArray()).isTrue();
            assertThat(flat.get("status").get("paused").asBoolean()).isTrue();
        }
    }

    static Path copy(Path src, Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    @Test
    void rulesReloadSwapsDrlAndEplTogetherOrRefusesBoth(@TempDir Path tmp) throws Exception {
        port = ControlApiTest.freePort();
        Path rules = copy(ProjectDirs.rules(), tmp.resolve("rules"));
        Path cep = copy(ProjectDirs.cep(), tmp.resolve("cep"));
        Path drl = rules.resolve("exits/time-and-trend.drl");
        Path epl = cep.resolve("price/flash-crash.epl");
        try (LiveKernel live = new LiveKernel(rules, cep, null, new AtomicLong(), false);
             ControlApi api = ControlApi.start(new ControlApi.Settings("127.0.0.1", port, TOKEN), live.kernel.control(),
                     ConfigAccess.NONE, List.of())) {
            String hash = live.rules.rulesetHash();
            List<String> statements = live.cep.statementNames();
            String drlText = Files.readString(drl);
            String eplText = Files.readString(epl);

            // a broken DRL: 422 naming the file and line, hash and statements stay
            long drlLines = drlText.lines().count();
            Files.writeString(drl, "\nrule \"Broken by the test\"\nwhen\n    $x : NoSuchFact(\nthen\nend\n",
                    StandardOpenOption.APPEND);
            JsonNode r = refused(422, "POST", "/rules/reload", null);
            assertThat(r.get("ruleset_hash").asText()).isEqualTo(hash);
            JsonNode err = r.get("errors").get(0);
            assertThat(err.get("file").asText()).endsWith("time-and-trend.drl");
            assertThat(err.get("line").asInt()).isGreaterThan((int) drlLines);
            assertThat(err.get("message").asText()).isNotBlank();
            assertThat(ok("GET", "/status", null).get("ruleset_hash").asText()).isEqualTo(hash);
            Files.writeString(drl, drlText);

            // a broken EPL with a valid DRL change: both refused
            Files.writeString(drl, "\n// a comment the test adds\n", StandardOpenOption.APPEND);
            Files.writeString(epl, "\n@Name('BrokenByTest') select symbol from TradeTick(;\n", StandardOpenOption.APPEND);
            r = refused(422, "POST", "/rules/reload", null);
            assertThat(r.get("ruleset_hash").asText()).isEqualTo(hash);
            err = r.get("errors").get(0);
            assertThat(err.get("file").asText()).endsWith("flash-crash.epl");
            assertThat(err.get("line").asInt()).isGreaterThan(0);
            assertThat(live.cep.statementNames()).isEqualTo(statements);
            assertThat(live.rules.rulesetHash()).isEqualTo(hash);

            // a valid change of both swaps both in
            Files.writeString(epl, eplText + "\n@Name('ReloadProbe') select symbol, price from TradeTick(price < 0);\n");
            JsonNode swapped = ok("POST", "/rules/reload", null);
            String newHash = swapped.get("ruleset_hash").asText();
            assertThat(newHash).isNotEqualTo(hash);
            assertThat(swapped.get("previous_hash").asText()).isEqualTo(hash);
            assertThat(ok("GET", "/status", null).get("ruleset_hash").asText()).isEqualTo(newHash);
            assertThat(live.rules.rulesetHash()).isEqualTo(newHash);
            assertThat(live.cep.statementNames()).contains("ReloadProbe").containsAll(statements);
        }
    }

    @Test
    void theWatchRouteReloadsWhenTheFilesChange(@TempDir Path tmp) throws Exception {
        Path rules = copy(ProjectDirs.rules(), tmp.resolve("rules"));
        Path cep = copy(ProjectDirs.cep(), tmp.resolve("cep"));
        try (LiveKernel live = new LiveKernel(rules, cep, null, new AtomicLong(), false)) {
            String hash = live.rules.rulesetHash();
            RulesWatchRoute watch = new RulesWatchRoute(live.kernel.control(), rules, cep, 1000, hash);
            watch.poll();
            assertThat(live.rules.rulesetHash()).as("nothing changed, nothing reloaded").isEqualTo(hash);
            Files.writeString(cep.resolve("price/flash-crash.epl"), "\n@Name('WatchProbe') select symbol from TradeTick(price < 0);\n",
                    StandardOpenOption.APPEND);
            watch.poll();
            assertThat(live.rules.rulesetHash()).isNotEqualTo(hash);
            assertThat(live.cep.statementNames()).contains("WatchProbe");
        }
    }
}
