package kairos.engine.rules;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.execution.TradeRecord;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.kernel.Decision;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The kernel executes rule actions (reduce, flatten, cancel, pause, alert) and takes risk-event decision points. */
class KernelActionsTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z
    static final int JUMP = 1_500;                 // a 1m bar with a 3% range: a risk event between two 5m closes

    @Test
    void actionsReachTheVenueThePauseHoldsAndRiskEventsAreDecisionPoints(@TempDir Path tmp) throws IOException {
        Path rules = KernelHotReloadTest.copyRules(tmp.resolve("rules"));
        // without the filter tiers, so that random-walk bars trade (this test is about actions, not filters)
        for (String f : List.of("market.drl", "technical.drl", "ml.drl")) {
            Files.delete(rules.resolve("filters").resolve(f));
        }
        // test rules: reduce a position held 10-15 minutes, then flatten it with a 60-minute pause at 20 minutes
        Files.writeString(rules.resolve("test-actions.drl"), """
                package kairos.rules;
                import kairos.engine.rules.*;
                rule "test: reduce"
                when
                    $m : MarketState()
                    PositionState(symbol == $m.symbol, heldMinutes >= 10, heldMinutes < 15)
                then
                    insert(Action.reduce($m.getSymbol(), 0.5, "test reduce"));
                end
                rule "test: flatten and pause"
                when
                    $m : MarketState()
                    PositionState(symbol == $m.symbol, heldMinutes >= 20)
                then
                    insert(Action.cancelAll(null, "test"));
                    insert(Action.flatten(null, "test flatten"));
                    insert(Action.pauseFor($m.getTime(), 60, "test pause"));
                    insert(Action.alert("TEST", "test alert"));
                end
                """);
        List<Bar> bars = new ArrayList<>(kairos.engine.backtest.BacktestRunTestAccess.liquid(
                SyntheticBars.randomWalk(7, START, 60_000, 4_000, 150)));
        Bar b = bars.get(JUMP);
        bars.set(JUMP, new Bar(b.openTime(), b.open(), b.open() * 1.03, b.open() * 0.999, b.close(), b.volume()));
        CandleSeries sol = CandleSeries.of(Timeframe.M1, bars);
        CandleSeries btc = CandleSeries.of(Timeframe.M1, SyntheticBars.randomWalk(8, START, 60_000, 4_000, 95_000));
        BacktestSpec spec = new BacktestSpec("bybit", List.of("SOLUSDT"), List.of("BTCUSDT"), Timeframe.M1, Timeframe.M5,
                Map.of("SOLUSDT", sol, "BTCUSDT", btc), Map.of(), rules, ProjectDirs.cep(), 10_000, VenueModel.DEFAULT, ExecutionPolicy.DEFAULT,
                new RiskLimits(0.01, 3), Map.of("SOLUSDT", new Instrument("SOLUSDT", new BigDecimal("0.01"),
                new BigDecimal("0.1"), new BigDecimal("0.1"), new BigDecimal("5"))), "none");
        try (BacktestRun run = new BacktestRun(spec)) {
            List<kairos.engine.rules.Action> alerts = new ArrayList<>();
            run.kernel().onAlert(alerts::add);
            // a scorer and venue health, as the ML and live issues will attach them
            run.kernel().attach(new kairos.engine.ml.DecisionScorer() {
                @Override
                public void onStrategyBar(String symbol, Bar bar) {
                }

                @Override
                public List<Object> facts(String symbol, long time) {
                    return time % 3_600_000 == 0 ? List.of(new kairos.engine.ml.MlScore(symbol, time, "test-model-1",
                            0.8, 0.1, 0.1, 0.8, "M", 0.2, 5, 1, 0.5)) : List.of();
                }
            });
            run.kernel().onVenueHealth(new VenueHealth("SOLUSDT", false, 0, 600, false, Double.POSITIVE_INFINITY));
            run.replay(n -> { }, Long.MAX_VALUE);
            List<Decision> decisions = run.decisions();
            // the test rule's alerts reach the sink (with those of the shipped rules, e.g. DAILY_LOSS_LIMIT)
            assertThat(alerts).extracting(kairos.engine.rules.Action::getAlertType).contains("TEST");
            assertThat(decisions).filteredOn(d -> Instant.parse(d.ts()).toEpochMilli() % 3_600_000 == 0)
                    .allMatch(d -> d.modelVersion().equals("test-model-1"));
            assertThat(decisions).filteredOn(d -> Instant.parse(d.ts()).toEpochMilli() % 3_600_000 != 0)
                    .allMatch(d -> d.modelVersion().equals("none"));
            assertThat(decisions).filteredOn(d -> d.proposal() != null)
                    .allMatch(d -> d.sizeFactors().stream().anyMatch(x -> x.name().equals("latency")));

            // timer facts fire when the clock reaches their instant, here on the context symbol's bar, which comes
            // first at each timestamp; they wait for the traded symbol's next decision point
            assertThat(decisions).anyMatch(d -> d.patterns().contains("SessionOpen"));
            assertThat(decisions).anyMatch(d -> d.patterns().contains("FundingWindow"));

            // the 3% bar is a risk-event decision point of its own, which takes no entry
            long jumpClose = bars.get(JUMP).openTime() + 60_000;
            assertThat(decisions).filteredOn(d -> d.trigger().equals("risk_event")).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo("SOLUSDT-" + jumpClose + "-r");
                assertThat(d.facts()).contains("move_1m_max=0.03");
                assertThat(d.verdict().status()).isNotEqualTo("accepted");
            });

            List<Decision> reduced = decisions.stream().filter(d -> d.actions().stream().anyMatch(a -> a.type().equals("reduce"))).toList();
            List<Decision> flattened = decisions.stream().filter(d -> d.actions().stream().anyMatch(a -> a.type().equals("flatten"))).toList();
            assertThat(reduced).isNotEmpty();
            assertThat(flattened).isNotEmpty();
            Decision f = flattened.getFirst();
            assertThat(f.actions()).extracting(Decision.ActionRecord::type).containsExactly("cancel_all", "flatten", "pause", "alert");
            assertThat(f.actions().get(2).until()).isEqualTo(Instant.parse(f.ts()).plusSeconds(3_600).toString());
            assertThat(f.actions().get(3).alertType()).isEqualTo("TEST");

            List<TradeRecord> trades = run.trades();
            assertThat(trades).anyMatch(t -> t.exitReason().equals("emergency"));
            // the pause holds: no entry for the next hour, and the pause is the veto's reason
            long pausedFrom = Instant.parse(f.ts()).toEpochMilli();
            List<Decision> during = decisions.stream().filter(d -> {
                long t = Instant.parse(d.ts()).toEpochMilli();
                return t > pausedFrom && t < pausedFrom + 3_600_000;
            }).toList();
            assertThat(during).isNotEmpty().allSatisfy(d -> {
                assertThat(d.verdict().status()).isNotEqualTo("accepted");
                assertThat(d.vetoes()).anyMatch(v -> v.rule().equals("Trading paused") && v.reason().contains("test pause"));
            });
            double net = trades.stream().mapToDouble(TradeRecord::netPnl).sum();
            assertThat(run.portfolio().equity() - 10_000).isCloseTo(net, within(1e-6));
        }
    }
}
