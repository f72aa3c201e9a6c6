package kairos.engine.backtest.validation;

import kairos.engine.domain.Side;
import kairos.engine.execution.TradeRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's criteria one by one, on evidence made by hand. */
class PromotionGateTest {
    static Map<String, Object> oos(int trades, double sharpe, double net) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trades", trades);
        m.put("sharpe", sharpe);
        m.put("net_pnl", net);
        return m;
    }

    static Map<String, Object> stress(double... drawdowns) {
        List<Map<String, Object>> s = new ArrayList<>();
        for (double d : drawdowns) {
            s.add(Map.of("name", "x", "max_drawdown", d));
        }
        return Map.of("scenarios", s);
    }

    static MonteCarloResult mc(double lossSize) {
        List<TradeRecord> t = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double net = i % 4 == 0 ? -lossSize : 30;
            t.add(TradeRecord.of("T" + i, "SOLUSDT", Side.Buy, "s", "r", i * 3_600_000L, 100, i * 3_600_000L + 60_000, 100, 1,
                    net, 0, 0, "stop"));
        }
        return MonteCarlo.run(t, new MonteCarloSettings(500, 1, MonteCarloSettings.Method.BOOTSTRAP, 0, 0, 0, 0, 0.5, 0.15,
                10_000, 1));
    }

    static OverfittingReport stats(double dailyEdge, boolean grid) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        double[] chosen = new double[90];
        double[][] matrix = grid ? new double[90][3] : null;
        for (int d = 0; d < 90; d++) {
            chosen[d] = dailyEdge + rnd.nextGaussian() * 0.01;
            if (grid) {
                matrix[d][0] = chosen[d];
                matrix[d][1] = rnd.nextGaussian() * 0.01;
                matrix[d][2] = rnd.nextGaussian() * 0.01;
            }
        }
        return OverfittingReport.of(chosen, matrix, grid ? 3 : 1);
    }

    static PromotionGate.Evidence evidence(Map<String, Object> oos, OverfittingReport s, MonteCarloResult mc,
                                           Map<String, Object> stress) {
        return new PromotionGate.Evidence("x", "h", true, List.of(), 3, List.of(), oos, s, 1, mc, stress);
    }

    static String status(PromotionGate.Verdict v, String name) {
        return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().status();
    }

    @Test
    void aStrongCandidatePassesEveryCriterion() {
        PromotionGate.Verdict v = PromotionGate.evaluate(evidence(oos(40, 3.0, 900), stats(0.01, true), mc(10), stress(0.05, 0.08)),
                evidence(oos(40, 0.5, 100), stats(0, false), mc(30), stress(0.07)), PromotionGate.Criteria.defaults());
        assertThat(v.failed()).isEmpty();
        assertThat(v.promoted()).isTrue();
        assertThat(v.checks()).extracting(PromotionGate.Check::name).containsExactly("rules_build", "rule_scenarios",
                "min_trades", "beats_current", "drawdown_ci95", "deflated_sharpe", "pbo", "stress");
        assertThat(v.checks().get(3).toMap()).containsKeys("name", "status", "value", "limit", "detail");
    }

    @Test
    void eachCriterionRefusesOnItsOwn() {
        PromotionGate.Criteria c = PromotionGate.Criteria.defaults();
        PromotionGate.Evidence current = evidence(oos(40, 0.5, 100), stats(0, false), mc(30), stress(0.07));
        // few trades, no better than the current set
        PromotionGate.Verdict few = PromotionGate.evaluate(evidence(oos(10, 0.6, 120), stats(0.01, false), mc(10), stress(0.05)),
                current, c);
        assertThat(status(few, "min_trades")).isEqualTo("failed");
        assertThat(status(few, "beats_current")).isEqualTo("failed");
        assertThat(status(few, "pbo")).isEqualTo("skipped");
        // a drawdown interval beyond 10%, noise instead of an edge, a worse stress result
        PromotionGate.Verdict weak = PromotionGate.evaluate(evidence(oos(40, 3.0, 900), stats(0, false), mc(400), stress(0.2)),
                current, c);
        assertThat(status(weak, "drawdown_ci95")).isEqualTo("failed");
        assertThat(status(weak, "deflated_sharpe")).isEqualTo("failed");
        assertThat(status(weak, "stress")).isEqualTo("failed");
        assertThat(weak.promoted()).isFalse();
        // no trade at all: the interval is unknown; no stress run: skipped; net_pnl as the metric
        PromotionGate.Criteria net = new PromotionGate.Criteria("net_pnl", 50, 0.1, 0.95, 0, 0.5, 0.02, 0.1);
        PromotionGate.Verdict none = PromotionGate.evaluate(evidence(oos(0, Double.NaN, 0), stats(0, false), null, null), null, net);
        assertThat(status(none, "drawdown_ci95")).isEqualTo("failed");
        assertThat(status(none, "stress")).isEqualTo("skipped");
        assertThat(status(none, "beats_current")).isEqualTo("failed");
        assertThat(status(none, "min_trades")).isEqualTo("passed");
        // an absolute stress limit without a current set to compare with
        PromotionGate.Verdict abs = PromotionGate.evaluate(evidence(oos(40, 3, 900), stats(0.01, true), mc(10), stress(0.3)),
                null, net);
        assertThat(status(abs, "stress")).isEqualTo("failed");
        // a grid whose winner is noise
        OverfittingReport overfit = OverfittingReport.of(noiseChosen(), noiseMatrix(), 3);
        PromotionGate.Verdict pbo = PromotionGate.evaluate(evidence(oos(40, 3, 900), overfit, mc(10), stress(0.05)), current,
                new PromotionGate.Criteria("sharpe", 0.25, 0.1, 0.95, 30, 0.3, 0.02, Double.NaN));
        assertThat(status(pbo, "pbo")).isEqualTo("failed");
    }

    static double[][] noiseMatrix() {
        double[][] m = OverfittingProbabilityTest.noise(7, 90, 3);
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[c] / 90;
            }
            for (double[] row : m) {
                row[c] -= mean;
            }
        }
        return m;
    }

    static double[] noiseChosen() {
        double[][] m = noiseMatrix();
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][0];
        }
        return out;
    }

    @Test
    void preconditionsAndLimitsAreChecked() {
        PromotionGate.Evidence broken = new PromotionGate.Evidence("b", "h", false, List.of("x.drl:1:1: oops"), 0, List.of(),
                null, null, 1, null, null);
        PromotionGate.Verdict v = PromotionGate.evaluate(broken, null, PromotionGate.Criteria.defaults());
        assertThat(v.checks()).hasSize(1);
        assertThat(v.checks().getFirst().detail()).contains("x.drl:1:1: oops");
        PromotionGate.Evidence failing = new PromotionGate.Evidence("f", "h", true, List.of(), 2, List.of("a.yaml: s: wrong"),
                null, null, 1, null, null);
        PromotionGate.Verdict f = PromotionGate.evaluate(failing, null, PromotionGate.Criteria.defaults());
        assertThat(status(f, "rule_scenarios")).isEqualTo("failed");
        assertThat(f.checks().get(1).detail()).contains("1 of 2 scenarios fail");
        assertThat(f.promoted()).isFalse();
        assertThat(PromotionGate.Criteria.defaults().toMap()).containsEntry("margin", 0.25);
        assertThatThrownBy(() -> new PromotionGate.Criteria("sortino", 0, 0.1, 0.95, 1, 0.5, 0, Double.NaN)).hasMessageContaining("--metric");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0, 0.95, 1, 0.5, 0, Double.NaN)).hasMessageContaining("--max-drawdown");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0.1, 1, 1, 0.5, 0, Double.NaN)).hasMessageContaining("--min-deflated");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0.1, 0.9, -1, 0.5, 0, Double.NaN)).hasMessageContaining("--min-trades");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0.1, 0.9, 1, 0, 0, Double.NaN)).hasMessageContaining("--max-pbo");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0.1, 0.9, 1, 0.5, -1, Double.NaN)).hasMessageContaining("--stress-tolerance");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", 0, 0.1, 0.9, 1, 0.5, 0, 2)).hasMessageContaining("--max-stress");
        assertThatThrownBy(() -> new PromotionGate.Criteria("sharpe", Double.NaN, 0.1, 0.9, 1, 0.5, 0, Double.NaN)).hasMessageContaining("--margin");
        assertThat(PromotionGate.metric(null, "sharpe")).isZero();
    }
}
