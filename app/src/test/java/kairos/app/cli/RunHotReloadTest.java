package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.bybit.sim.BybitSimulator;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot reload on a running {@code kairos run --mode paper} against the local Bybit simulator: a broken DRL, then
 * a broken EPL, are refused naming file and line while the hash stays; a valid change of both swaps them in (the
 * new hash in {@code /status}); the live configuration change and re-read. No secret (the API token, the Bybit
 * secret) appears in any answer or in the session's logs.
 */
class RunHotReloadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "bybit-secret-never-shown";
    final HttpClient http = HttpClient.newHttpClient();

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

    HttpResponse<String> call(int port, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void brokenDrlAndEplAreRefusedAndAValidChangeSwapsBoth(@TempDir Path tmp) throws Exception {
        Path home = CliHarness.scratchHome(tmp);
        Path cfg = home.resolve("config/kairos.yaml");
        String yaml = Files.readString(cfg).replaceFirst("context_symbols: \\[[^]]*]", "context_symbols: []")
                .replace("warmup_hours: 48", "warmup_hours: 3");
        Files.writeString(cfg, yaml);
        Path rules = copy(ProjectDirs.rules(), tmp.resolve("rules"));
        Path cep = copy(ProjectDirs.cep(), tmp.resolve("cep"));
        Path drl = rules.resolve("exits/time-and-trend.drl");
        Path epl = cep.resolve("price/flash-crash.epl");
        String token = RunOnSimulatorTest.TOKEN;
        int port = RunOnSimulatorTest.freePort();
        Path logs = tmp.resolve("logs");
        StringBuilder answers = new StringBuilder();
        try (BybitSimulator sim = RunOnSimulatorTest.simulator(120, kairos.bybit.sim.ApiKey.trading(RunOnSimulatorTest.KEY, RunOnSimulatorTest.SECRET))) {
            Map<String, String> env = RunOnSimulatorTest.env(sim, port, false);
            env.put("BYBIT_API_SECRET", SECRET);   // present in the environment of a paper session: never shown
            Process p = ProcessHarness.start(home, logs, env, "run", "--mode", "paper", "--symbols", "SOLUSDT",
                    "--timeframe", "5m", "--rules", rules.toString(), "--cep", cep.toString(),
                    "--out", tmp.resolve("out").toString());
            try {
                RunOnSimulatorTest.awaitStarted(p, logs);
                JsonNode status = JSON.readTree(ok(port, "GET", "/status", null, token, answers));
                String hash = status.get("ruleset_hash").asText();
                assertThat(hash).isNotBlank();

                // a broken DRL
                String drlText = Files.readString(drl);
                Files.writeString(drl, "\nrule \"Broken by the test\"\nwhen\n    $x : NoSuchFact(\nthen\nend\n",
                        StandardOpenOption.APPEND);
                JsonNode refused = refused(port, token, answers);
                assertThat(refused.get("ruleset_hash").asText()).isEqualTo(hash);
                assertThat(refused.get("errors").get(0).get("file").asText()).endsWith("time-and-trend.drl");
                assertThat(refused.get("errors").get(0).get("line").asInt()).isGreaterThan((int) drlText.lines().count());
                Files.writeString(drl, drlText);

                // a broken EPL
                String eplText = Files.readString(epl);
                Files.writeString(epl, "\n@Name('BrokenByTest') select symbol from TradeTick(;\n", StandardOpenOption.APPEND);
                refused = refused(port, token, answers);
                assertThat(refused.get("ruleset_hash").asText()).isEqualTo(hash);
                assertThat(refused.get("errors").get(0).get("file").asText()).endsWith("flash-crash.epl");
                assertThat(refused.get("errors").get(0).get("line").asInt()).isGreaterThan(0);
                assertThat(JSON.readTree(ok(port, "GET", "/status", null, token, answers)).get("ruleset_hash").asText())
                        .isEqualTo(hash);

                // a valid change of both
                Files.writeString(drl, drlText + "\n// changed by the hot-reload test\n");
                Files.writeString(epl, eplText + "\n@Name('ReloadProbe') select symbol, price from TradeTick(price < 0);\n");
                JsonNode swapped = JSON.readTree(ok(port, "POST", "/rules/reload", null, token, answers));
                String newHash = swapped.get("ruleset_hash").asText();
                assertThat(newHash).isNotEqualTo(hash);
                assertThat(JSON.readTree(ok(port, "GET", "/status", null, token, answers)).get("ruleset_hash").asText())
                        .isEqualTo(newHash);

                // configuration: a live key applies, a start-only key and an unknown one are refused naming them
                JsonNode changed = JSON.readTree(ok(port, "PUT", "/config", "{\"risk\":{\"max_risk_per_trade\":0.005}}",
                        token, answers));
                assertThat(changed.get("applied").get(0).asText()).isEqualTo("risk.max_risk_per_trade");
                assertThat(JSON.readTree(ok(port, "GET", "/analytics/risk", null, token, answers)).get("limits")
                        .get("max_risk_per_trade").asDouble()).isEqualTo(0.005);
                for (String[] bad : new String[][]{{"{\"api\":{\"port\":1}}", "api.port"},
                        {"{\"risk\":{\"max_risk_per_trade\":0.5}}", "risk.max_risk_per_trade"},
                        {"{\"risk\":{\"max_risk\":0.01}}", "risk.max_risk"},
                        {"{\"risk\":{\"max_leverage\":\"3\"}}", "risk.max_leverage"}}) {
                    HttpResponse<String> r = call(port, "PUT", "/config", bad[0], token);
                    answers.append(r.body());
                    assertThat(r.statusCode()).as(bad[0] + " " + r.body()).isEqualTo(400);
                    assertThat(JSON.readTree(r.body()).get("field").asText()).as(r.body()).isEqualTo(bad[1]);
                }
                JsonNode config = JSON.readTree(ok(port, "GET", "/config", null, token, answers)).get("config");
                assertThat(config.get("risk").get("max_risk_per_trade").asDouble()).isEqualTo(0.005);
                assertThat(config.get("api").get("port").asInt()).isEqualTo(port);
                JsonNode reread = JSON.readTree(ok(port, "POST", "/config/reload", null, token, answers));
                assertThat(reread.get("applied").get(0).asText()).isEqualTo("risk.max_risk_per_trade");
                assertThat(reread.get("config").get("risk").get("max_risk_per_trade").asDouble()).isEqualTo(0.01);

                for (String path : new String[]{"/positions", "/positions/history", "/analytics/performance",
                        "/analytics/predictions"}) {
                    ok(port, "GET", path, null, token, answers);
                }
                HttpResponse<String> none = call(port, "GET", "/status", null, "wrong-" + token);
                answers.append(none.body());
                assertThat(none.statusCode()).isEqualTo(401);
            } finally {
                RunOnSimulatorTest.stop(p);
            }
        }
        String all = answers + readAll(logs);
        assertThat(all).isNotEmpty().doesNotContain(token).doesNotContain(SECRET);
        assertThat(readAll(tmp.resolve("out"))).doesNotContain(token).doesNotContain(SECRET);
    }

    static String readAll(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                if (!f.toString().endsWith(".gz") && !f.toString().endsWith(".db")) {
                    sb.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                }
            }
        }
        return sb.toString();
    }

    String ok(int port, String method, String path, String body, String token, StringBuilder answers) throws Exception {
        HttpResponse<String> r = call(port, method, path, body, token);
        answers.append(r.body());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    JsonNode refused(int port, String token, StringBuilder answers) throws Exception {
        HttpResponse<String> r = call(port, "POST", "/rules/reload", null, token);
        answers.append(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        return JSON.readTree(r.body());
    }
}
