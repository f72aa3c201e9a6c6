package kairos.engine.backtest;

import kairos.engine.kernel.EquityCurve;

import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BacktestRunTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z

    /**
     * The random walk's volumes times 10,000, so that a 1%-risk entry is small against a bar's volume as on a real
     * perpetual (with the raw ~100 units a bar, the venue's impact model cancels market entries for slippage).
     */
    static List<kairos.engine.domain.Bar> liquid(List<kairos.engine.domain.Bar> bars) {
        return bars.stream().map(b -> new kairos.engine.domain.Bar(b.openTime(), b.open(), b.high(), b.low(), b.close(),
                b.volume() * 10_000)).toList();
    }

    static BacktestSpec spec(int bars) {
        CandleSeries sol = CandleSeries.of(Timeframe.M1, liquid(SyntheticBars.randomWalk(7, START, 60_000, bars, 150)));
        CandleSeries btc = CandleSeries.of(Timeframe.M1, SyntheticBars.randomWalk(8, START, 60_000, bars, 95_000));
        List<FundingRate> funding = new ArrayList<>();
        for (long t = START + 8 * 3_600_000L; t < START + bars * 60_000L; t += 8 * 3_600_000L) {
            funding.add(new FundingRate(t, 0.0001));
        }
        return new BacktestSpec("bybit", List.of("SOLUSDT"), List.of("BTCUSDT"), Timeframe.M1, Timeframe.M5,
                Map.of("SOLUSDT", sol, "BTCUSDT", btc), Map.of("SOLUSDT", funding), ProjectDirs.rules(),
                ProjectDirs.cep(), 10_000, VenueModel.DEFAULT, ExecutionPolicy.DEFAULT, new RiskLimits(0.01, 3),
                Map.of("SOLUSDT", new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
                        new BigDecimal("0.1"), new BigDecimal("5"))), "none");
    }

    @Test
    void replaysSyntheticBarsAndBalancesTheBooks() {
        try (BacktestRun run = new BacktestRun(spec(20_000))) {
            run.replay(n -> { }, 1_000_000);
            assertThat(run.barsProcessed()).isEqualTo(20_000);
            // one decision per strategy bar close, and one of its own for every fill that is not at a bar close
            assertThat(run.decisions()).filteredOn(d -> d.trigger().equals("bar_close")).hasSize(4_000);
            assertThat(run.decisions()).filteredOn(d -> d.trigger().equals("fill")).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.id()).endsWith("-f"));
            assertThat(run.decisions()).extracting(Decision::trigger)
                    .allMatch(t -> java.util.Set.of("bar_close", "fill", "risk_event", "pattern").contains(t));
            assertThat(run.trades()).isNotEmpty();
            double net = run.trades().stream().mapToDouble(TradeRecord::netPnl).sum();
            assertThat(run.portfolio().equity() - 10_000).isCloseTo(net, within(1e-6));
            assertThat(run.portfolio().openPositions()).isEmpty();
            for (TradeRecord t : run.trades()) {
                assertThat(t.fees()).isPositive();
                assertThat(t.netPnl()).isCloseTo(t.grossPnl() - t.fees() - t.funding(), within(1e-9));
                assertThat(t.exitTime()).isGreaterThanOrEqualTo(t.entryTime());
            }
        }
    }

    @Test
    void summaryAndAccountJournalOfARun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (BacktestRun run = new BacktestRun(spec(6_000))) {
            run.replay(n -> { }, 1_000_000);
            EquityCurve curve = run.equityCurve();
            assertThat(curve.size()).isGreaterThan(5_000);
            for (int i = 0; i < curve.size(); i += 97) {
                assertThat(curve.equity(i)).isCloseTo(curve.cash(i) + curve.unrealized(i), within(1e-6));
                assertThat(curve.margin(i)).isCloseTo(curve.exposure(i) / 3, within(1e-9));
                assertThat(curve.fees(i)).isGreaterThanOrEqualTo(0);
                assertThat(curve.get(i).inPosition()).isEqualTo(curve.exposure(i) > 0);
                assertThat(curve.funding(i)).isFinite();
            }
            assertThatThrownBy(() -> curve.get(curve.size())).isInstanceOf(IndexOutOfBoundsException.class);
            PerformanceMetrics metrics = PerformanceMetrics.compute(run.trades(), curve, 10_000, run.start(), run.end(),
                    150, 151);
            java.util.Map<String, Object> summary = SummaryJson.summary(metrics, run, "perp", "5m", 1);
            assertThat(summary).containsKeys("avg_r_multiple", "per_exit_reason", "buy_and_hold", "latency_ms",
                    "leverage", "fill_model", "bars_processed");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> bh = (java.util.Map<String, Object>) summary.get("buy_and_hold");
            assertThat(bh).containsKeys("total_return", "max_drawdown", "sharpe", "sortino", "calmar");
            SummaryJson.write(dir.resolve("summary.json"), summary);
            EquityCsv.write(dir.resolve("equity.csv"), curve, 10_000);
            DecisionsJsonl.write(dir.resolve("decisions.jsonl"), run.decisions());
            java.util.List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("equity.csv"));
            assertThat(lines.getFirst()).isEqualTo(EquityCsv.ACCOUNT_HEADER);
            assertThat(lines).hasSize(curve.size() + 1);
            assertThat(java.nio.file.Files.readString(dir.resolve("summary.json"))).contains("\"per_exit_reason\"");
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("decisions.jsonl"))).hasSize(run.decisions().size());
            assertThat(ReportTables.monthlyReturns(curve, 10_000)).isNotEmpty();
            assertThat(ReportTables.monthly(curve, 10_000)).contains("monthly-table");
        }
        EquityCurve c = new EquityCurve();
        for (int i = 0; i < 3000; i++) {
            c.record(i, 100 + i, 100, i, 0, 0, 0, 0);
        }
        c.record(2999, 1, 1, 0, 0, 0, 0, 0);   // same time: replaces
        c.record(5, 7, 7, 0, 0, 0, 0, 0);      // earlier: ignored
        c.replaceLast(2, 2, 0, 0, 0, 0, 0);
        assertThat(c.size()).isEqualTo(3000);
        assertThat(c.equity(2999)).isEqualTo(2);
        assertThat(c.time(5)).isEqualTo(5);
        assertThatThrownBy(() -> c.record(1, Double.NaN, 0, 0, 0, 0, 0, 0)).hasMessageContaining("finite");
    }
}
