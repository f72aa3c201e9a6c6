package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.ml.Fold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The system walk-forward on an hourly market with an edge planted in the bar of 14:00 UTC. */
class SystemWalkForwardTest {
    @TempDir
    static Path dir;
    static CandleSeries market;
    static List<Fold> folds;
    static SystemWalkForward swf;
    static SystemWalkForward.Result result;

    @BeforeAll
    static void run() {
        market = HourMarket.bars(5, HourMarket.DAYS, 14, 0.006);
        folds = HourMarket.folds(market);
        swf = new SystemWalkForward(HourMarket.spec(market, HourMarket.rules()), HourMarket.grid(dir, 12, 13, 14, 15),
                new SystemWalkForward.Settings(2, SystemWalkForward.Selection.SHARPE, 0, dir.resolve("work")));
        result = swf.assemble(swf.evaluateAll(folds, 2, line -> { }));
    }

    @Test
    void theTrainWindowsFindThePlantedHourAndTheTestWindowsConfirmIt() {
        assertThat(folds).hasSize(5);
        for (SystemWalkForward.FoldRun r : result.folds()) {
            assertThat(swf.grid().configuration(r.chosen())).containsEntry("entryHour", 14);
            assertThat(r.train()).hasSize(4);
            assertThat(r.segments()).hasSize(4);
            // every trade of the fold's test run is inside its test window, held in the bar of 14:00
            for (TradeRecord t : r.test().trades()) {
                assertThat(t.entryTime()).isGreaterThanOrEqualTo(r.fold().testFrom()).isLessThan(r.fold().testTo());
                assertThat((t.entryTime() / 3_600_000L) % 24).isEqualTo(14);
            }
        }
        Map<String, Object> s = result.summary();
        assertThat(s.get("configurations_tried")).isEqualTo(4);
        assertThat(s.get("trials")).isEqualTo(4L);
        assertThat(result.outOfSample().trades()).isGreaterThanOrEqualTo(40);
        assertThat(result.outOfSample().netPnl()).isPositive();

        // four hours tried, one with a planted edge: the deflated Sharpe ratio is significant even so

        assertThat(result.statistics().significant()).isTrue();
        assertThat(result.statistics().pbo().pbo()).isLessThan(0.1);
        @SuppressWarnings("unchecked")
        Map<String, Object> stability = (Map<String, Object>) ((Map<String, Object>) s.get("parameter_stability")).get("entryHour");
        assertThat(stability.get("changes")).isEqualTo(0);
        assertThat(stability.get("most_chosen_share")).isEqualTo(1.0);
    }

    @Test
    void theStitchedCurveIsOneContinuousRunThatBalancesWithItsTrades() {
        double net = result.trades().stream().mapToDouble(TradeRecord::netPnl).sum();
        List<EquityPoint> eq = result.equity();
        assertThat(eq.getLast().equity() - 10_000).isCloseTo(net, within(1e-6));
        for (int i = 1; i < eq.size(); i++) {
            assertThat(eq.get(i).time()).isGreaterThan(eq.get(i - 1).time());
        }
        assertThat(eq.getFirst().time()).isGreaterThanOrEqualTo(folds.getFirst().testFrom());
        assertThat(result.start()).isEqualTo(folds.getFirst().testFrom());
        assertThat(result.end()).isEqualTo(folds.getLast().testTo());
        for (TradeRecord t : result.trades()) {
            assertThat(t.entryTime()).isGreaterThanOrEqualTo(result.start()).isLessThan(result.end());
            assertThat((t.entryTime() / 3_600_000L) % 24).isEqualTo(14); // every fold chose 14:00, the schedule kept it
        }
        // this strategy keeps no state from day to day: the continuous run makes the segments' trades, at the
        // same times (sizes differ a little: they follow the equity, which now carries over)
        List<Long> entries = new ArrayList<>();
        double segments = 0;
        for (SystemWalkForward.FoldRun r : result.folds()) {
            segments += r.segments().get(r.chosen()).netPnl();
            r.segments().get(r.chosen()).trades().forEach(t -> entries.add(t.entryTime()));
        }
        assertThat(result.trades()).extracting(TradeRecord::entryTime).containsExactlyElementsOf(entries);
        assertThat((double) result.summary().get("segments_net_pnl")).isCloseTo(segments, within(1e-6));
        assertThat(result.continuousRun().from()).isEqualTo(result.start());
        Map<String, Object> report = swf.foldReport(result.folds().getFirst());
        assertThat(report).containsKeys("train_from", "train_to", "test_from", "test_to", "parameters", "train_scores",
                "test", "pnl", "no_trade_reason", "segment_pnl_by_configuration");
        assertThat(report.get("no_trade_reason")).isNull();
        assertThat(SystemWalkForward.segmentEnds(folds)[0]).isEqualTo(folds.get(0).testTo());
    }

    /** A schedule switches the parameters at its stages' starts, and the scheduled scorer follows the same stages. */
    @Test
    void aScheduleSwitchesTheChosenConfigurationWhereItsStageStarts() {
        long t1 = folds.get(1).testFrom();
        Path variant = RuleVariant.writeSchedule(HourMarket.rules(), dir.resolve("sched"), swf.grid(),
                List.of(new RuleVariant.Stage(folds.get(0).testFrom(), 0), new RuleVariant.Stage(t1, 3)));
        BacktestOutcome o = BacktestOutcome.run(HourMarket.spec(market.slice(folds.get(0).testFrom() - 86_400_000L,
                folds.get(1).testTo()), variant), null, folds.get(0).testFrom(), java.util.Set.of());
        RuleVariant.delete(variant);
        assertThat(o.trades()).isNotEmpty();
        for (TradeRecord t : o.trades()) {
            long hour = (t.entryTime() / 3_600_000L) % 24;
            assertThat(hour).isEqualTo(t.entryTime() < t1 ? 12 : 15);
            assertThat(t.entryTime()).isGreaterThanOrEqualTo(folds.get(0).testFrom());
        }
        assertThatThrownBy(() -> RuleVariant.writeSchedule(HourMarket.rules(), dir, swf.grid(), List.of()))
                .hasMessageContaining("at least one stage");
        List<Integer> calls = new ArrayList<>();
        kairos.engine.ml.DecisionScorer a = scorer(calls, 0);
        kairos.engine.ml.DecisionScorer b = scorer(calls, 1);
        ScheduledScorer s = new ScheduledScorer(List.of(100L, 200L), List.of(a, b));
        s.onStrategyBar("SOLUSDT", new Bar(0, 1, 1, 1, 1, 1));
        assertThat(calls).containsExactly(0, 1); // every scorer sees every bar
        assertThat(s.facts("SOLUSDT", 50)).containsExactly("scorer 0");
        assertThat(s.facts("SOLUSDT", 199)).containsExactly("scorer 0");
        assertThat(s.facts("SOLUSDT", 200)).containsExactly("scorer 1");
        assertThatThrownBy(() -> new ScheduledScorer(List.of(2L, 1L), List.of(a, b))).hasMessageContaining("ascend");
        assertThatThrownBy(() -> new ScheduledScorer(List.of(), List.of())).hasMessageContaining("at least one");
    }

    static kairos.engine.ml.DecisionScorer scorer(List<Integer> calls, int id) {
        return new kairos.engine.ml.DecisionScorer() {
            @Override
            public void onStrategyBar(String symbol, Bar bar) {
                calls.add(id);
            }

            @Override
            public List<Object> facts(String symbol, long decisionTime) {
                return List.of("scorer " + id);
            }
        };
    }

    /**
     * Never tuned on a test window: changing fold 2's test window (here: the planted hour turned into a loser, the
     * bar after it opening 2.5% lower) changes nothing in what fold 2 chose, since the choice saw only its train
     * window.
     */
    @Test
    void theChoiceDoesNotSeeTheTestWindow() {
        Fold f = folds.get(2);
        List<Bar> bars = new ArrayList<>(market.bars());
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            if (b.openTime() >= f.testFrom() && (b.openTime() / 3_600_000L) % 24 == 15) {
                double open = b.open() * 0.975;
                bars.set(i, new Bar(b.openTime(), open, Math.max(b.high(), open), Math.min(b.low(), open), b.close(), b.volume()));
            }
        }
        CandleSeries changed = CandleSeries.of(market.timeframe(), bars);
        SystemWalkForward other = new SystemWalkForward(HourMarket.spec(changed, HourMarket.rules()), swf.grid(),
                swf.settings());
        SystemWalkForward.FoldRun r = other.evaluate(f, SystemWalkForward.segmentEnds(folds)[2], null);
        assertThat(r.chosen()).isEqualTo(result.folds().get(2).chosen());
        for (int c = 0; c < 4; c++) {
            assertThat(r.train().get(c).netPnl()).isEqualTo(result.folds().get(2).train().get(c).netPnl());
        }
        // ... while its test window did see the change
        assertThat(r.test().netPnl()).isLessThan(result.folds().get(2).test().netPnl());
    }

    @Test
    void withoutAGridThereIsOneConfigurationAndNoPbo() {
        SystemWalkForward plain = new SystemWalkForward(HourMarket.spec(market, HourMarket.rules()), ParameterGrid.none(),
                new SystemWalkForward.Settings(0, SystemWalkForward.Selection.NET_PNL, 9, dir.resolve("work2")));
        SystemWalkForward.Result r = plain.assemble(plain.evaluateAll(folds.subList(0, 2), 1, line -> { }));
        assertThat(r.folds().getFirst().train()).isEmpty();
        assertThat(r.statistics().pbo()).isNull();
        assertThat(r.statistics().pboNote()).contains("at least 2 configurations");
        assertThat(r.statistics().trials()).isEqualTo(10); // 1 + 9 declared
        assertThat(r.summary().get("prior_trials")).isEqualTo(9L);
        // hour 3 holds no edge: after costs it loses, and the deflated Sharpe says so
        assertThat(r.statistics().significant()).isFalse();
        assertThatThrownBy(() -> plain.assemble(List.of())).hasMessageContaining("no fold");
        assertThatThrownBy(() -> new SystemWalkForward.Settings(-1, SystemWalkForward.Selection.SHARPE, 0, dir))
                .hasMessageContaining("--warmup-days");
        assertThatThrownBy(() -> SystemWalkForward.Selection.parse("sortino")).hasMessageContaining("sharpe, net_pnl or profit_factor");
        assertThat(SystemWalkForward.Selection.parse("Net_PnL")).isEqualTo(SystemWalkForward.Selection.NET_PNL);
    }

    @Test
    void overlappingTestWindowsAreCutAtTheNextFoldsStart() {
        List<Fold> overlapping = new kairos.engine.ml.WalkForwardPlan(15, 9, 4).folds(market.openTime(0),
                market.openTime(market.size() - 1) + 3_600_000L);
        long[] ends = SystemWalkForward.segmentEnds(overlapping);
        for (int i = 0; i + 1 < overlapping.size(); i++) {
            assertThat(ends[i]).isEqualTo(overlapping.get(i + 1).testFrom());
        }
        assertThat(ends[ends.length - 1]).isEqualTo(overlapping.getLast().testTo());
        SystemWalkForward plain = new SystemWalkForward(HourMarket.spec(market, HourMarket.rules()), ParameterGrid.none(),
                new SystemWalkForward.Settings(1, SystemWalkForward.Selection.SHARPE, 0, dir.resolve("work3")));
        SystemWalkForward.FoldRun r = plain.evaluate(overlapping.getFirst(), ends[0], null);
        // the test run covers the whole 9-day window, the stitched segment only its first 4 days
        assertThat(r.test().to()).isEqualTo(overlapping.getFirst().testTo());
        assertThat(r.segments().getFirst().to()).isEqualTo(ends[0]);
        assertThat(r.test()).isNotSameAs(r.segments().getFirst());
    }
}
