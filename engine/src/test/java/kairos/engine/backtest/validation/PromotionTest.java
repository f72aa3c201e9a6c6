package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.ml.Fold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The promotion gate end to end on the synthetic hourly market (engine level; the CLI has its own test). */
class PromotionTest {
    @TempDir
    Path dir;

    static final int[] HOURS = {12, 13, 14, 15};

    Promotion.Settings settings(boolean stress) {
        return new Promotion.Settings(2, SystemWalkForward.Selection.SHARPE, 2, 2_000, 42,
                stress ? new StressSuite.Settings(3, 6, 2) : null, dir.resolve("work"));
    }

    static PromotionGate.Criteria criteria() {
        return new PromotionGate.Criteria("sharpe", 0.25, 0.10, 0.95, 30, 0.5, 0.05, Double.NaN);
    }

    static String status(PromotionGate.Verdict v, String name) {
        return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().status();
    }

    /** An edge that the train windows find and the test windows confirm is promoted, every criterion passing. */
    @Test
    void aPlantedEdgeFoundOnTheTrainWindowsIsPromoted() {
        CandleSeries market = HourMarket.bars(5, HourMarket.DAYS, 14, 0.006);
        List<Fold> folds = HourMarket.folds(market);
        Promotion.Side candidate = new Promotion.Side("candidate", HourMarket.spec(market, HourMarket.rules()),
                HourMarket.grid(dir, HOURS), 0, null, null);
        Promotion.Side current = new Promotion.Side("current", HourMarket.spec(market, HourMarket.rulesHolding(dir, 3)),
                ParameterGrid.none(), 0, null, null);
        Promotion.Result r = Promotion.run(candidate, current, folds, settings(true), criteria(), line -> { });
        assertThat(r.verdict().failed()).isEmpty();
        assertThat(r.verdict().promoted()).isTrue();
        for (String c : List.of("rules_build", "rule_scenarios", "min_trades", "beats_current", "drawdown_ci95",
                "deflated_sharpe", "pbo", "stress")) {
            assertThat(status(r.verdict(), c)).as(c).isEqualTo("passed");
        }
        Map<String, Object> doc = r.document();
        assertThat(doc.get("promoted")).isEqualTo(true);
        assertThat((List<?>) doc.get("failed_criteria")).isEmpty();
        assertThat(doc).containsKeys("criteria", "limits", "candidate", "current");
        assertThat(ValidationJson.write(doc)).contains("\"promoted\" : true");
    }

    /**
     * A deliberately overfitted candidate: on a market without any edge, its author backtested each of four hours over
     * the whole data (test windows included) and kept the best. Over that data the pick looks good; the gate's
     * walk-forward re-chooses the hour on each train window from the same four and judges it on the next test window
     * only, where the luck is gone: refused, the deflated Sharpe ratio not significant.
     */
    @Test
    void theGateRefusesParametersPickedOnTheTestWindow() {
        CandleSeries noise = HourMarket.bars(9, HourMarket.DAYS, -1, 0);
        List<Fold> folds = HourMarket.folds(noise);
        ParameterGrid grid = HourMarket.grid(dir, HOURS);
        int best = -1;
        double bestPnl = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < grid.size(); c++) {
            Path variant = RuleVariant.write(HourMarket.rules(), dir.resolve("search"), grid, c, Long.MIN_VALUE);
            BacktestOutcome o = BacktestOutcome.run(HourMarket.spec(noise, variant), null, Long.MIN_VALUE, Set.of());
            if (o.netPnl() > bestPnl) {
                bestPnl = o.netPnl();
                best = (Integer) grid.configuration(c).get("entryHour");
            }
        }
        assertThat(bestPnl).as("the pick looks profitable over the data it was picked on").isPositive();
        Path overfit = HourMarket.rulesHolding(dir, best);
        Promotion.Side candidate = new Promotion.Side("overfit", HourMarket.spec(noise, overfit), grid, 0, null, null);
        Promotion.Side current = new Promotion.Side("current", HourMarket.spec(noise, HourMarket.rulesHolding(dir, 3)),
                ParameterGrid.none(), 0, null, null);
        Promotion.Result r = Promotion.run(candidate, current, folds, settings(false), criteria(), line -> { });
        assertThat(r.verdict().promoted()).isFalse();
        assertThat(status(r.verdict(), "stress")).isEqualTo("skipped");
        assertThat(status(r.verdict(), "deflated_sharpe")).isEqualTo("failed");
        assertThat(r.document().get("promoted")).isEqualTo(false);
        assertThat((List<?>) r.document().get("failed_criteria")).isNotEmpty();
        assertThat(r.candidateWalkForward().statistics().trials()).isEqualTo(4);
    }

    /** A bare rule folder (a strategy file, no scenarios, no parameters) is refused before any backtest, with why. */
    @Test
    void aBareRuleFolderIsRefusedWithItsReasons() throws IOException {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(HourMarket.rules().resolve("hour.drl"), bare.resolve("hour.drl"));
        CandleSeries market = HourMarket.bars(5, 20, -1, 0);
        Promotion.Side candidate = new Promotion.Side("bare", HourMarket.spec(market, bare), ParameterGrid.none(), 0, null, null);
        Promotion.Result r = Promotion.run(candidate, candidate, List.of(), settings(false), criteria(), line -> { });
        assertThat(r.verdict().promoted()).isFalse();
        assertThat(status(r.verdict(), "rules_build")).isEqualTo("passed");
        assertThat(status(r.verdict(), "rule_scenarios")).isEqualTo("failed");
        assertThat(r.document().get("note").toString()).contains("preconditions");
        assertThat(r.candidateWalkForward()).isNull();

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("bad.drl"), "package x;\nrule \"broken\"\nwhen\n    $x : NoSuchFact( price > )\nthen\nend\n");
        Promotion.Result b = Promotion.run(new Promotion.Side("broken", HourMarket.spec(market, broken), ParameterGrid.none(),
                0, null, null), candidate, List.of(), settings(false), criteria(), line -> { });
        assertThat(b.verdict().promoted()).isFalse();
        assertThat(b.verdict().checks()).hasSize(1);
        assertThat(status(b.verdict(), "rules_build")).isEqualTo("failed");
        assertThat(b.verdict().checks().getFirst().detail()).contains("bad.drl");
        @SuppressWarnings("unchecked")
        Map<String, Object> cand = (Map<String, Object>) b.document().get("candidate");
        assertThat(cand.get("builds")).isEqualTo(false);
        assertThat((List<?>) cand.get("build_errors")).isNotEmpty();
    }
}
