package kairos.engine.backtest;

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
import static org.assertj.core.api.Assertions.within;

class BacktestRunTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z

    static BacktestSpec spec(int bars) {
        CandleSeries sol = CandleSeries.of(Timeframe.M1, SyntheticBars.randomWalk(7, START, 60_000, bars, 150));
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
            assertThat(run.decisions()).hasSize(4_000);
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
}
