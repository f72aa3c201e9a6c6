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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * montecarlo, stress, walkforward --system and promote through the CLI, on 16 days of the real bundled Bybit 5m
 * data; the fast plain EMA strategy of bench/plain stands in for the rules where a whole rule set is not the point.
 */
class ValidationCommandsTest {
    @TempDir
    static Path tmp;
    static Path home;
    static Path plainRules;
    static Path plainCep;
    static Path backtest;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void home() {
        home = CliHarness.slicedHome(tmp, "bybit", Timeframe.M5, "2025-05-01T00:00:00Z", "2025-05-17T00:00:00Z");
        plainRules = home.resolve("bench/plain/rules");
        plainCep = home.resolve("bench/plain/cep");
        backtest = tmp.resolve("bt");
        CliHarness.Result r = CliHarness.run(home, "backtest", "--rules", plainRules.toString(), "--cep", plainCep.toString(),
                "--out", backtest.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void montecarloIsSeededByteIdenticalAndChecksItsInputs() throws IOException {
        Path a = tmp.resolve("mc-a");
        Path b = tmp.resolve("mc-b");
        String trades = backtest.resolve("trades.csv").toString();
        CliHarness.Result r = CliHarness.run(home, "montecarlo", "--trades", trades, "--runs", "2000", "--out", a.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("bootstrap runs", "risk of ruin", "results in");
        assertThat(r.err()).contains("initial equity 10000.0 from");
        CliHarness.Result again = CliHarness.run(home, "montecarlo", "--trades", trades, "--runs", "2000", "--threads", "1",
                "--out", b.toString());
        assertThat(again.exit()).isZero();
        assertThat(Files.readAllBytes(a.resolve("montecarlo.json"))).isEqualTo(Files.readAllBytes(b.resolve("montecarlo.json")));
        JsonNode mc = JSON.readTree(a.resolve("montecarlo.json").toFile());
        for (String k : List.of("runs", "trades", "seed", "method", "final_pnl", "max_drawdown", "sharpe", "profit_factor",
                "longest_losing_streak", "ci95", "ci99", "risk_of_ruin")) {
            assertThat(mc.has(k)).as(k).isTrue();
        }
        assertThat(mc.get("runs").asInt()).isEqualTo(2000);
        assertThat(mc.get("ci95").get("max_drawdown")).hasSize(2);
        assertThat(Files.readString(a.resolve("montecarlo.html"))).contains("<html", "Equity fan", "kairos-validation-data");
        // a shuffle keeps the total: its final_pnl has no spread
        Path c = tmp.resolve("mc-c");
        assertThat(CliHarness.run(home, "montecarlo", "--trades", trades, "--runs", "500", "--method", "shuffle",
                "--initial-equity", "5000", "--out", c.toString()).exit()).isZero();
        JsonNode sh = JSON.readTree(c.resolve("montecarlo.json").toFile());
        assertThat(sh.get("final_pnl").get("p1").asDouble()).isEqualTo(sh.get("final_pnl").get("p99").asDouble(),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(sh.get("initial_equity").asDouble()).isEqualTo(5000);
        // mistakes: a clear message, exit 1, nothing written
        Path none = tmp.resolve("mc-none");
        CliHarness.Result missing = CliHarness.run(home, "montecarlo", "--trades", tmp.resolve("no.csv").toString(), "--out", none.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        CliHarness.Result bad = CliHarness.run(home, "montecarlo", "--trades", trades, "--method", "jackknife", "--out", none.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("bootstrap or shuffle");
        assertThat(CliHarness.run(home, "montecarlo", "--trades", trades, "--skip-rate", "1", "--out", none.toString()).err())
                .contains("--skip-rate");
        assertThat(none).doesNotExist();
        assertThat(CliHarness.run(home, "montecarlo").exit()).isEqualTo(2);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(CliHarness.run(home, "montecarlo", "--trades", trades, "--runs", "10", "--out", file.toString()).err())
                .contains("is a file");
    }

    @Test
    void stressWritesOneEntryPerScenario() throws IOException {
        Path out = tmp.resolve("stress");
        CliHarness.Result r = CliHarness.run(home, "stress", "--rules", plainRules.toString(), "--cep", plainCep.toString(),
                "--from", "2025-05-05", "--to", "2025-05-12", "--loss-run", "2", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(out.resolve("stress.json").toFile());
        List<String> names = new java.util.ArrayList<>();
        s.get("scenarios").forEach(x -> names.add(x.get("name").asText()));
        assertThat(names).containsExactly("baseline", "atr_x3", "slippage_x5", "correlation_reversal", "drop_20pct",
                "losing_streak", "fees_x2", "latency_x10", "flash_crash", "data_gap");
        for (JsonNode x : s.get("scenarios")) {
            for (String k : List.of("name", "trades", "win_rate", "sharpe", "max_drawdown", "emergency_rules_fired", "worst_trade")) {
                assertThat(x.has(k)).as(x.get("name") + " " + k).isTrue();
            }
        }
        assertThat(Files.readString(out.resolve("stress.html"))).contains("drop_20pct", "emergency rules fired");
        assertThat(r.out()).contains("drop_20pct");
        assertThat(CliHarness.run(home, "stress", "--loss-run", "0", "--out", tmp.resolve("s2").toString()).err())
                .contains("--loss-run");
        assertThat(CliHarness.run(home, "stress", "--rules", tmp.resolve("nowhere").toString()).err()).contains("no such folder");
    }

    @Test
    void systemWalkForwardChoosesOnTrainWindowsAndStitchesTheRest() throws IOException {
        Path grid = Files.writeString(tmp.resolve("grid.yaml"), "parameters:\n  stopFraction: [0.015, 0.03]\n");
        Path out = tmp.resolve("wf-system");
        CliHarness.Result r = CliHarness.run(home, "walkforward", "--system", "--no-model", "--rules", plainRules.toString(),
                "--cep", plainCep.toString(), "--grid", grid.toString(), "--train-days", "6", "--test-days", "3",
                "--step-days", "3", "--prior-trials", "3", "--runs", "500", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("configurations tried (+3 declared)", "deflated Sharpe", "PBO");
        JsonNode wf = JSON.readTree(out.resolve("walkforward.json").toFile());
        assertThat(wf.get("folds").size()).isGreaterThanOrEqualTo(2);
        for (JsonNode f : wf.get("folds")) {
            for (String k : List.of("train_from", "train_to", "test_from", "test_to", "log_loss", "log_loss_prior", "auc",
                    "top_decile_hit_rate", "pnl", "parameters", "train_scores", "no_trade_reason")) {
                assertThat(f.has(k)).as(k).isTrue();
            }
            assertThat(f.get("train_to").asText()).isLessThanOrEqualTo(f.get("test_from").asText());
        }
        JsonNode s = wf.get("summary");
        assertThat(s.get("mode").asText()).isEqualTo("system");
        assertThat(s.get("configurations_tried").asInt()).isEqualTo(2);
        assertThat(s.get("trials").asInt()).isEqualTo(5);
        assertThat(s.get("deflated_sharpe").has("deflated_sharpe")).isTrue();
        assertThat(s.get("min_track_record_length").has("days_vs_0")).isTrue();
        assertThat(s.get("pbo").has("pbo")).isTrue();
        assertThat(s.get("parameter_stability").has("stopFraction")).isTrue();
        double net = kairos.engine.backtest.validation.TradesCsvReader.read(out.resolve("oos-trades.csv")).stream()
                .mapToDouble(kairos.engine.execution.TradeRecord::netPnl).sum();
        assertThat(net).isCloseTo(s.get("out_of_sample").get("net_pnl").asDouble(), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(out.resolve("oos-equity.csv")).exists();
        assertThat(Files.readString(out.resolve("validation.html"))).contains("Folds", "Stitched out-of-sample equity");
        // with the model retrained per fold (the default), the contract's model keys are filled
        Path withModel = tmp.resolve("wf-model");
        CliHarness.Result m = CliHarness.run(home, "walkforward", "--system", "--rules", plainRules.toString(), "--cep",
                plainCep.toString(), "--train-days", "8", "--test-days", "4", "--step-days", "4", "--runs", "200",
                "--out", withModel.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        JsonNode mf = JSON.readTree(withModel.resolve("walkforward.json").toFile());
        assertThat(mf.get("folds").get(0).get("log_loss").isNumber()).isTrue();
        assertThat(mf.get("summary").get("model").asText()).contains("retrained per fold");
        // mistakes
        assertThat(CliHarness.run(home, "walkforward", "--grid", grid.toString()).err()).contains("need --system");
        Path badGrid = Files.writeString(tmp.resolve("bad.yaml"), "parameters:\n  stopFractio: [1]\n");
        CliHarness.Result bad = CliHarness.run(home, "walkforward", "--system", "--no-model", "--rules", plainRules.toString(),
                "--grid", badGrid.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("bad.yaml:2:", "closest: stopFraction");
        assertThat(CliHarness.run(home, "walkforward", "--system", "--no-model", "--select-by", "luck").err())
                .contains("--select-by");
    }

    @Test
    void promoteRefusesABareFolderAndJudgesARealCandidate() throws IOException {
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(plainRules.resolve("ema-trend.drl"), bare.resolve("ema-trend.drl"));
        Path out = tmp.resolve("promote-bare");
        CliHarness.Result r = CliHarness.run(home, "promote", "--candidate-rules", bare.toString(), "--cep", plainCep.toString(),
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(out.resolve("promotion.json")).as(r.err()).exists();
        JsonNode p = JSON.readTree(out.resolve("promotion.json").toFile());
        assertThat(p.get("promoted").asBoolean()).isFalse();
        assertThat(p.get("failed_criteria").get(0).get("name").asText()).isEqualTo("rule_scenarios");
        assertThat(Files.readString(out.resolve("promotion.html"))).contains("REFUSED");
        assertThat(r.out()).contains("rule_scenarios", "failed", "REFUSED");
        assertThat(home.resolve("store/validation/trials.jsonl")).doesNotExist(); // no statistics, no trial

        // a candidate with a scenario, against the plain strategy: judged on every criterion, journaled, counted
        Path cand = Files.createDirectories(tmp.resolve("cand"));
        Files.writeString(cand.resolve("ema-trend.drl"), Files.readString(plainRules.resolve("ema-trend.drl"))
                .replace("new PlainParams(0.015)", "new PlainParams(0.03)"));
        Files.createDirectories(cand.resolve("tests"));
        Files.writeString(cand.resolve("tests/plain.yaml"), """
                defaults:
                  market: {symbol: SOLUSDT, time: "2025-05-01T14:00:00Z", open: 100, high: 101, low: 99, close: 100,
                           volume: 5000, features: {ema_8: 101, ema_21: 100}}
                scenarios:
                  - name: long while EMA(8) is above EMA(21), stop 3% below
                    expect: {proposals: [{strategy: plain, side: Buy, stop: 97}]}
                """);
        Path judged = tmp.resolve("promote-cand");
        CliHarness.Result j = CliHarness.run(home, "promote", "--candidate-rules", cand.toString(), "--current-rules",
                plainRules.toString(), "--cep", plainCep.toString(), "--from", "2025-05-03", "--train-days", "5",
                "--test-days", "3", "--step-days", "3", "--runs", "500", "--no-stress", "--out", judged.toString());
        assertThat(j.exit()).as(j.err()).isIn(0, 1);
        JsonNode jp = JSON.readTree(judged.resolve("promotion.json").toFile());
        List<String> criteria = new java.util.ArrayList<>();
        jp.get("criteria").forEach(c -> criteria.add(c.get("name").asText()));
        assertThat(criteria).containsExactly("rules_build", "rule_scenarios", "min_trades", "beats_current", "drawdown_ci95",
                "deflated_sharpe", "pbo", "stress");
        assertThat(jp.get("criteria").get(7).get("status").asText()).isEqualTo("skipped"); // --no-stress
        assertThat(j.exit()).isEqualTo(jp.get("promoted").asBoolean() ? 0 : 1);
        assertThat(jp.get("candidate").get("walkforward").get("out_of_sample").has("sharpe")).isTrue();
        assertThat(jp.get("current").get("walkforward").get("out_of_sample").has("net_pnl")).isTrue();
        assertThat(j.err()).contains("journaled as run");
        assertThat(Files.readAllLines(home.resolve("store/validation/trials.jsonl"))).hasSize(1);
        assertThat(Files.readString(judged.resolve("promotion.html"))).contains("Criteria", "Candidate", "Current");
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", cand.toString(), "--margin", "NaN").err()).contains("--margin");
    }

    @Test
    void theTrialLedgerCountsEarlierDistinctCandidatesOfTheSameSeries() throws IOException {
        TrialLedger ledger = new TrialLedger(tmp.resolve("ledger-store"));
        assertThat(ledger.earlierTrials("s", "a")).isZero();
        ledger.append("s", "a", 4, false, "2026-01-01T00:00:00Z");
        ledger.append("s", "a", 4, false, "2026-01-02T00:00:00Z"); // the same candidate again: one trial of 4
        ledger.append("s", "b", 1, true, "2026-01-03T00:00:00Z");
        ledger.append("other", "c", 9, false, "2026-01-03T00:00:00Z");
        assertThat(ledger.earlierTrials("s", "a")).isEqualTo(1);
        assertThat(ledger.earlierTrials("s", "z")).isEqualTo(5);
        assertThat(ledger.earlierTrials("other", "z")).isEqualTo(9);
        Files.writeString(ledger.file(), "not json\n", java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.earlierTrials("s", "a"))
                .hasMessageContaining("trials.jsonl:5: not a JSON line");
        assertThat(PromoteCommand.identity(plainRules, plainCep, null, null)).hasSize(16)
                .isNotEqualTo(PromoteCommand.identity(home.resolve("rules"), plainCep, null, null));
    }

    @Test
    void benchMontecarloWritesTheListItTimes() throws IOException {
        Path out = tmp.resolve("bench-mc");
        CliHarness.Result r = CliHarness.run(home, "bench", "montecarlo", "--count", "60", "--runs", "200", "--rounds", "1",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("median", "200 runs x 60 trades");
        assertThat(kairos.engine.backtest.validation.TradesCsvReader.read(out.resolve("trades-60.csv"))).hasSize(60);
        CliHarness.Result real = CliHarness.run(home, "bench", "montecarlo", "--trades", backtest.resolve("trades.csv").toString(),
                "--count", "40", "--runs", "100", "--rounds", "1", "--out", out.toString());
        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(kairos.engine.backtest.validation.TradesCsvReader.read(out.resolve("trades-40.csv"))).hasSize(40);
        assertThat(CliHarness.run(home, "bench", "montecarlo", "--count", "1").exit()).isEqualTo(1);
    }

    @Test
    void aSignalDeletesTheScratchAndExitsUnlessTheOutputIsBeingMoved() throws IOException {
        Path scratch = Files.createDirectories(tmp.resolve("scratch/a"));
        Files.writeString(scratch.resolve("f"), "x");
        int[] exits = {0};
        Interruption.committing(true);
        Interruption.handler("walkforward", List.of(tmp.resolve("scratch")), () -> exits[0]++).run();
        assertThat(exits[0]).isZero();
        assertThat(scratch).exists();
        Interruption.committing(false);
        Interruption.handler("walkforward", List.of(tmp.resolve("scratch")), () -> exits[0]++).run();
        assertThat(exits[0]).isEqualTo(1);
        assertThat(tmp.resolve("scratch")).doesNotExist();
    }

    @Test
    void inputMistakesAreNamedAndNothingIsWritten() throws IOException {
        Path out = tmp.resolve("never");
        String rules = plainRules.toString();
        assertThat(CliHarness.run(home, "stress", "--rules", rules, "--symbols", "DOGEUSDT", "--out", out.toString()).err())
                .contains("DOGEUSDT has no entry under 'instruments'");
        assertThat(CliHarness.run(home, "stress", "--rules", rules, "--symbols", "AVAXUSDT", "--out", out.toString()).err())
                .contains("no bybit/perp/AVAXUSDT candles in the store");
        assertThat(CliHarness.run(home, "stress", "--rules", rules, "--timeframe", "1m", "--out", out.toString()).err())
                .contains("cannot build 1m bars");
        assertThat(CliHarness.run(home, "stress", "--rules", rules, "--from", "2030-01-01", "--out", out.toString()).err())
                .contains("bars in the range 2030-01-01");
        assertThat(CliHarness.run(home, "stress", "--rules", rules, "--cep", tmp.resolve("nocep").toString(), "--out",
                out.toString()).err()).contains("--cep").contains("no such folder");
        CliHarness.Result ctx = CliHarness.run(home, "walkforward", "--system", "--no-model", "--rules", rules, "--cep",
                plainCep.toString(), "--context", "ETHUSDT", "--train-days", "40", "--out", out.toString());
        assertThat(ctx.err()).contains("context symbol ETHUSDT has no bybit/perp data in the store; running without it");
        assertThat(ctx.err()).contains("shorter than one fold");
        String cand = plainRules.toString();
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", cand, "--parallel", "0", "--out", out.toString()).err())
                .contains("--parallel");
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", cand, "--select-by", "luck", "--out", out.toString()).err())
                .contains("--select-by");
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", tmp.resolve("none").toString(), "--out", out.toString())
                .err()).contains("--candidate-rules").contains("no such folder");
        Path badGrid = Files.writeString(tmp.resolve("bad-promote-grid.yaml"), "parameters:\n  nope: [1]\n");
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", cand, "--cep", plainCep.toString(), "--grid",
                badGrid.toString(), "--out", out.toString()).err()).contains("bad-promote-grid.yaml:2:");
        assertThat(CliHarness.run(home, "promote", "--candidate-rules", cand, "--candidate-model", tmp.resolve("nomodel").toString(),
                "--out", out.toString()).err()).contains("not a model folder");
        assertThat(CliHarness.run(home, "walkforward", "--system", "--no-model", "--rules", rules, "--parallel", "0",
                "--out", out.toString()).err()).contains("--parallel");
        assertThat(out).doesNotExist();
    }

    @Test
    void helpOfTheNewCommands() {
        CliHarness.Result help = CliHarness.run(home, "--help");
        assertThat(help.out()).contains("montecarlo", "stress", "promote", "walkforward");
        for (String c : List.of("montecarlo", "stress", "promote", "walkforward")) {
            CliHarness.Result h = CliHarness.run(home, c, "--help");
            assertThat(h.exit()).as(c).isZero();
            assertThat(h.out()).startsWith("Usage: kairos " + c);
        }
        assertThat(CliHarness.run(home, "walkforward", "--help").out()).contains("--system", "--grid", "--no-model");
    }
}
