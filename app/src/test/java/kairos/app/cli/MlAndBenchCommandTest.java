package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** train, walkforward and bench rules through the CLI, on 16 days of the real bundled Bybit 5m data. */
class MlAndBenchCommandTest {
    @TempDir
    static Path tmp;
    static Path home;

    @BeforeAll
    static void home() {
        home = CliHarness.slicedHome(tmp, "bybit", Timeframe.M5, "2025-05-01T00:00:00Z", "2025-05-17T00:00:00Z");
    }

    @Test
    void trainWritesABoosterAndACardWithTheSchemaHash() throws IOException {
        Path models = tmp.resolve("models");
        CliHarness.Result r = CliHarness.run(home, "train", "--symbol", "SOLUSDT", "--timeframe", "5m",
                "--from", "2025-05-01", "--to", "2025-05-12", "--out", models.toString(), "--name", "sol", "--model-version", "t1");
        assertThat(r.exit()).as(r.err()).isZero();
        Path dir = models.resolve("sol/t1");
        assertThat(dir.resolve("card.json")).exists();
        JsonNode card = new ObjectMapper().readTree(dir.resolve("card.json").toFile());
        assertThat(card.has("feature_schema_hash")).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".json") && !n.equals("card.json"));
        }
        assertThat(CliHarness.run(home, "train", "--symbol", "SOLUSDT", "--from", "2030-01-01", "--out", models.toString()).exit())
                .isEqualTo(1);

        // the model scores every decision of a backtest on the following days; its version is stamped on them
        Path out = tmp.resolve("bt-model");
        CliHarness.Result bt = CliHarness.run(home, "backtest", "--model", dir.toString(), "--from", "2025-05-12",
                "--out", out.toString());
        assertThat(bt.exit()).as(bt.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("model_version").asText()).isEqualTo("sol/t1");
        assertThat(Files.readAllLines(out.resolve("decisions.jsonl")))
                .allMatch(l -> !l.contains("\"model_version\":\"none\""));
        // a model trained on another feature schema (here: another timeframe) is refused with a clear error
        CliHarness.Result wrong = CliHarness.run(home, "backtest", "--model", dir.toString(), "--timeframe", "15m",
                "--out", tmp.resolve("bt-wrong").toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("feature schema");
        assertThat(CliHarness.run(home, "backtest", "--model", tmp.resolve("nomodel").toString()).err())
                .contains("not a model folder");
    }

    @Test
    void walkforwardWritesFoldsThatNeverTrainOnTheirTestWindow() throws IOException {
        Path out = tmp.resolve("wf");
        CliHarness.Result r = CliHarness.run(home, "walkforward", "--symbol", "SOLUSDT", "--timeframe", "5m",
                "--train-days", "8", "--test-days", "3", "--step-days", "3", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode wf = new ObjectMapper().readTree(out.resolve("walkforward.json").toFile());
        assertThat(wf.get("folds").size()).isGreaterThanOrEqualTo(2);
        for (JsonNode f : wf.get("folds")) {
            for (String k : List.of("train_from", "train_to", "test_from", "test_to", "log_loss", "log_loss_prior", "auc",
                    "top_decile_hit_rate", "pnl")) {
                assertThat(f.has(k)).as(k).isTrue();
            }
            assertThat(f.get("train_to").asText()).isLessThanOrEqualTo(f.get("test_from").asText());
            // a fold without a trade says why (issue 23), e.g. "0 trades: the ml tier vetoed 864 of 864 decision points"
            assertThat(f.get("decisions").get("decision_points").asInt()).isPositive();
            if (f.get("pnl_trades").asInt() == 0) {
                assertThat(f.get("no_trade_reason").asText()).startsWith("0 trades: the ").contains(" of ", "decision points");
            } else {
                assertThat(f.get("no_trade_reason").isNull()).isTrue();
            }
        }
        assertThat(wf.has("summary")).isTrue();
        assertThat(wf.get("summary").get("windows").asText()).isEqualTo("as given");
        assertThat(wf.get("summary").get("folds_without_trades").asInt()).isBetween(0, wf.get("folds").size());
        assertThat(CliHarness.run(home, "walkforward", "--symbol", "SOLUSDT", "--train-days", "0").exit()).isNotZero();
    }

    @Test
    void benchRulesReportsDecisionLatency() {
        CliHarness.Result r = CliHarness.run(home, "bench", "rules", "--decisions", "2000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("decisions/s", "p99", "KieBase build");
        assertThat(CliHarness.run(home, "bench", "rules", "--decisions", "10").exit()).isEqualTo(1);
    }
}
