package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;

import kairos.engine.data.CandleSeries;
import kairos.engine.data.ImportHints;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.execution.VenueModel;
import kairos.engine.kernel.Decision;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The kernel on a small real slice: three weeks of the bundled Bybit SOLUSDT 5m perpetual data with funding. */
class RealSliceBacktestTest {
    @TempDir
    static Path tmp;
    static BacktestSpec spec;

    @BeforeAll
    static void load() {
        MarketStore store = new MarketStore(tmp.resolve("store"));
        Path data = ProjectDirs.bundledData().resolve("bybit/perp");
        store.importFiles(List.of(data.resolve("SOLUSDT-5m.csv.gz"), data.resolve("SOLUSDT-funding.csv.gz"),
                        data.resolve("BTCUSDT-5m.csv.gz")),
                ImportHints.none().withExchange("bybit"));
        long from = Instant.parse("2025-05-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2025-05-22T00:00:00Z").toEpochMilli();
        CandleSeries sol = store.candles(SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M5), from, to);
        // BTC is context: the rules' BTC-correlation filter blocks (fails safe) without it
        CandleSeries btc = store.candles(SeriesId.candles("bybit", Market.PERP, "BTCUSDT", Timeframe.M5), from, to);
        List<FundingRate> funding = store.funding("bybit", Market.PERP, "SOLUSDT", from, to);
        spec = new BacktestSpec("bybit", List.of("SOLUSDT"), List.of("BTCUSDT"), Timeframe.M5, Timeframe.M5,
                Map.of("SOLUSDT", sol, "BTCUSDT", btc),
                Map.of("SOLUSDT", funding), ProjectDirs.rules(), ProjectDirs.cep(), 10_000, VenueModel.DEFAULT, ExecutionPolicy.DEFAULT,
                new RiskLimits(0.01, 3), Map.of("SOLUSDT", new Instrument("SOLUSDT", new BigDecimal("0.01"),
                        new BigDecimal("0.1"), new BigDecimal("0.1"), new BigDecimal("5"))), "none");
    }

    @Test
    void replaysRealBarsDeterministicallyAndBalancesTheBooks() {
        List<TradeRecord> first;
        List<Decision> firstDecisions;
        try (BacktestRun run = new BacktestRun(spec)) {
            run.replay(n -> { }, Long.MAX_VALUE);
            first = List.copyOf(run.trades());
            firstDecisions = List.copyOf(run.decisions());
            assertThat(run.barsProcessed()).isEqualTo(21 * 288);
            assertThat(run.decisions()).filteredOn(d -> d.trigger().equals("bar_close")).hasSize(21 * 288);
            assertThat(run.decisions()).allSatisfy(d -> assertThat(d.microstructure()).isEqualTo("bars"));
            assertThat(first).isNotEmpty();
            double net = first.stream().mapToDouble(TradeRecord::netPnl).sum();
            assertThat(run.portfolio().equity() - 10_000).isCloseTo(net, within(1e-6));
            assertThat(run.equityCurve()).hasSizeBetween(21 * 288, 21 * 288 + 1); // + a funding time before the first close
            assertThat(run.equityCurve().getLast().equity()).isCloseTo(run.portfolio().equity(), within(1e-9));
            assertThat(run.portfolio().fundingPaid()).isEqualTo(first.stream().mapToDouble(TradeRecord::funding).sum(),
                    within(1e-9));
            for (TradeRecord t : first) {
                assertThat(t.exitReason()).isIn("stop", "breakeven", "trailing", "tp1", "tp2", "tp3", "time_stop", "trend_exit",
                        "end_of_data");
                assertThat(t.entryTime()).isGreaterThanOrEqualTo(spec.bars().get("SOLUSDT").openTime(0));
            }
            assertThat(run.decisions()).anyMatch(d -> d.verdict().status().equals("accepted"));
            assertThat(run.decisions()).allMatch(d -> d.rulesetHash().equals(run.rulesetHash()));
        }
        try (BacktestRun again = new BacktestRun(spec)) {
            again.replay(n -> { }, Long.MAX_VALUE);
            assertThat(again.trades()).isEqualTo(first);
            assertThat(again.decisions()).isEqualTo(firstDecisions);
        }
    }

    @Test
    void ordersFillOnlyAfterTheDecisionBar() {
        try (BacktestRun run = new BacktestRun(spec)) {
            run.replay(n -> { }, Long.MAX_VALUE);
            for (Decision d : run.decisions()) {
                if (d.verdict().status().equals("accepted")) {
                    long decidedAt = Instant.parse(d.ts()).toEpochMilli();
                    assertThat(run.trades()).filteredOn(t -> t.entryTime() == decidedAt).hasSizeLessThanOrEqualTo(1);
                    assertThat(run.trades()).noneMatch(t -> t.entryTime() < decidedAt && t.exitTime() > decidedAt
                            && t.entryTime() > decidedAt - 300_000);
                }
            }
        }
    }
}
