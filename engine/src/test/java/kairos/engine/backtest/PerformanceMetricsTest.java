package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import static kairos.engine.backtest.BacktestFixtures.END;
import static kairos.engine.backtest.BacktestFixtures.EQUITY;
import static kairos.engine.backtest.BacktestFixtures.INITIAL;
import static kairos.engine.backtest.BacktestFixtures.START;
import static kairos.engine.backtest.BacktestFixtures.TRADES;
import static kairos.engine.backtest.BacktestFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

class PerformanceMetricsTest {

    private static final double EPS = 1e-12;

    /** Daily returns of the fixture: 1010/1000-1, 990/1010-1, 0 (flat day), 1015/990-1. */
    private static final double[] DAILY = {0.01, 990.0 / 1010 - 1, 0, 1015.0 / 990 - 1};

    @Test
    void tradeKpisOfTheFixture() {
        PerformanceMetrics m = BacktestFixtures.metrics();
        assertThat(m.trades()).isEqualTo(3);
        assertThat(m.winRate()).isCloseTo(2.0 / 3, within(EPS));
        // gross profit 10 + 23 = 33, gross loss 18
        assertThat(m.profitFactor()).isCloseTo(33.0 / 18, within(EPS));
        // mean win 16.5, mean loss 18
        assertThat(m.avgWinLossRatio()).isCloseTo(16.5 / 18, within(EPS));
        assertThat(m.expectancy()).isCloseTo(5, within(EPS));
        assertThat(m.netPnl()).isCloseTo(15, within(EPS));
        assertThat(m.feesPaid()).isCloseTo(2.1, within(EPS));
        // 1 paid - 0.5 received + 0.4 paid
        assertThat(m.fundingPaid()).isCloseTo(0.9, within(EPS));
        // 2160 + 720 + 720 minutes
        assertThat(m.avgHoldingMinutes()).isCloseTo(1200, within(EPS));
        assertThat(m.tradesPerDay()).isCloseTo(0.75, within(EPS));
    }

    @Test
    void returnsAndRiskOfTheFixture() {
        PerformanceMetrics m = BacktestFixtures.metrics();
        assertThat(m.initialEquity()).isEqualTo(1000);
        assertThat(m.finalEquity()).isEqualTo(1015);
        assertThat(m.totalReturn()).isCloseTo(0.015, within(EPS));
        assertThat(m.buyAndHoldReturn()).isCloseTo(0.25, within(EPS));
        assertThat(m.exposureTime()).isCloseTo(3.0 / 8, within(EPS));
        assertThat(m.maxDrawdown()).isCloseTo(20.0 / 1010, within(EPS));
        // under water from 05-02 06:00 (last point at the 1010 peak) to 05-04 06:00 (1020): 2 days;
        // later 05-04 06:00 to the end 05-05 00:00: 0.75 days
        assertThat(m.maxDrawdownDays()).isCloseTo(2, within(EPS));
        // mean 0.0038626363..., sample stdev 0.0186664..., downside sqrt(0.0198..^2 / 4) = 0.00990099
        assertThat(m.sharpe()).isCloseTo(3.9072651548899153, within(1e-9));
        assertThat(m.sortino()).isCloseTo(7.453351782159401, within(1e-9));
        double annualised = Math.pow(1.015, 365.0 / 4) - 1; // 2.8906875498852416
        assertThat(m.calmar()).isCloseTo(annualised / (20.0 / 1010), within(1e-9));
        assertThat(m.calmar()).isCloseTo(145.9797212692047, within(1e-9));
    }

    @Test
    void dailyReturnsIncludeTheFlatDay() {
        double[] returns = DailyReturns.of(EQUITY, INITIAL, START, END);
        assertThat(returns).containsExactly(DAILY, within(EPS));
    }

    @Test
    void aDayWithoutPointsKeepsThePreviousClose() {
        List<EquityPoint> gap = List.of(
                new EquityPoint(at("2025-05-01T12:00:00Z"), 1100, false),
                new EquityPoint(at("2025-05-03T12:00:00Z"), 1210, false));
        double[] returns = DailyReturns.of(gap, 1000, START, at("2025-05-04T00:00:00Z"));
        assertThat(returns).containsExactly(new double[] {0.1, 0, 0.1}, within(EPS));
    }

    @Test
    void pointsOutsideTheWindowCountInTheFirstOrLastDay() {
        List<EquityPoint> points = List.of(
                new EquityPoint(START - 1, 990, false),
                new EquityPoint(END + 5, 1020, false));
        double[] returns = DailyReturns.of(points, 1000, START, at("2025-05-03T00:00:00Z"));
        assertThat(returns).containsExactly(new double[] {-0.01, 1020.0 / 990 - 1}, within(EPS));
    }

    @Test
    void perStrategyAndPerRuleAreGroupedAndSortedByName() {
        PerformanceMetrics m = BacktestFixtures.metrics();
        assertThat(m.perStrategy()).containsOnlyKeys("meanrev", "trend");
        assertThat(new ArrayList<>(m.perStrategy().keySet())).containsExactly("meanrev", "trend");
        TradeStats trend = m.perStrategy().get("trend");
        assertThat(trend.trades()).isEqualTo(2);
        assertThat(trend.winRate()).isCloseTo(0.5, within(EPS));
        assertThat(trend.profitFactor()).isCloseTo(10.0 / 18, within(EPS));
        assertThat(trend.avgWinLossRatio()).isCloseTo(10.0 / 18, within(EPS));
        assertThat(trend.expectancy()).isCloseTo(-4, within(EPS));
        assertThat(trend.netPnl()).isCloseTo(-8, within(EPS));
        assertThat(trend.feesPaid()).isCloseTo(1.5, within(EPS));
        assertThat(trend.fundingPaid()).isCloseTo(0.5, within(EPS));
        TradeStats meanrev = m.perStrategy().get("meanrev");
        assertThat(meanrev.trades()).isEqualTo(1);
        assertThat(meanrev.winRate()).isEqualTo(1.0);
        assertThat(meanrev.profitFactor()).isNaN();
        assertThat(meanrev.avgWinLossRatio()).isNaN();
        assertThat(meanrev.netPnl()).isCloseTo(23, within(EPS));

        assertThat(new ArrayList<>(m.perRule().keySet())).containsExactly("breakout", "pullback");
        TradeStats breakout = m.perRule().get("breakout");
        assertThat(breakout.trades()).isEqualTo(2);
        assertThat(breakout.netPnl()).isCloseTo(33, within(EPS));
        assertThat(breakout.feesPaid()).isCloseTo(1.6, within(EPS));
        assertThat(breakout.fundingPaid()).isCloseTo(1.4, within(EPS));
        TradeStats pullback = m.perRule().get("pullback");
        assertThat(pullback.winRate()).isEqualTo(0.0);
        assertThat(pullback.profitFactor()).isEqualTo(0.0);
        assertThat(pullback.avgWinLossRatio()).isNaN();
        assertThat(pullback.fundingPaid()).isCloseTo(-0.5, within(EPS));
    }

    @Test
    void noTradesAndNoEquityPoints() {
        PerformanceMetrics m = PerformanceMetrics.compute(List.of(), List.of(), 500, START, END, 10, 9);
        assertThat(m.trades()).isZero();
        assertThat(m.winRate()).isNaN();
        assertThat(m.profitFactor()).isNaN();
        assertThat(m.avgWinLossRatio()).isNaN();
        assertThat(m.expectancy()).isNaN();
        assertThat(m.avgHoldingMinutes()).isNaN();
        assertThat(m.netPnl()).isZero();
        assertThat(m.feesPaid()).isZero();
        assertThat(m.finalEquity()).isEqualTo(500);
        assertThat(m.totalReturn()).isZero();
        assertThat(m.tradesPerDay()).isZero();
        assertThat(m.exposureTime()).isZero();
        assertThat(m.maxDrawdown()).isZero();
        assertThat(m.maxDrawdownDays()).isZero();
        assertThat(m.sharpe()).as("flat curve has no variation").isNaN();
        assertThat(m.sortino()).isNaN();
        assertThat(m.calmar()).isNaN();
        assertThat(m.buyAndHoldReturn()).isCloseTo(-0.1, within(EPS));
        assertThat(m.perStrategy()).isEmpty();
        assertThat(m.perRule()).isEmpty();
    }

    @Test
    void allWinnersHaveNoProfitFactorAndNoSortino() {
        TradeRecord a = TradeRecord.of("A", "SOLUSDT", Side.Buy, "s", "r", START, 10, START + 60_000, 11, 1, 1, 0, 0, "tp1");
        TradeRecord b = TradeRecord.of("B", "SOLUSDT", Side.Sell, "s", "r", START, 10, START + 180_000, 8, 1, 2, 0, 0, "tp1");
        List<EquityPoint> rising = List.of(
                new EquityPoint(at("2025-05-01T12:00:00Z"), 1001, true),
                new EquityPoint(at("2025-05-02T12:00:00Z"), 1003, false));
        PerformanceMetrics m = PerformanceMetrics.compute(List.of(a, b), rising, 1000, START,
                at("2025-05-03T00:00:00Z"), 10, 10);
        assertThat(m.winRate()).isEqualTo(1.0);
        assertThat(m.profitFactor()).isNaN();
        assertThat(m.avgWinLossRatio()).isNaN();
        assertThat(m.expectancy()).isCloseTo(1.5, within(EPS));
        assertThat(m.avgHoldingMinutes()).isCloseTo(2, within(EPS));
        assertThat(m.maxDrawdown()).isZero();
        assertThat(m.calmar()).isNaN();
        assertThat(m.sortino()).isNaN();
        assertThat(m.sharpe()).isFinite().isPositive();
        assertThat(m.buyAndHoldReturn()).isZero();
    }

    @Test
    void aZeroPnlTradeIsNeitherWinNorLoss() {
        TradeRecord flat = TradeRecord.of("Z", "SOLUSDT", Side.Buy, "s", "r", START, 10, START, 10, 1, 0, 0, 0, "time_stop");
        TradeStats stats = TradeStats.of(List.of(flat, BacktestFixtures.LONG_WIN));
        assertThat(stats.trades()).isEqualTo(2);
        assertThat(stats.winRate()).isEqualTo(0.5);
        assertThat(stats.profitFactor()).isNaN();
        assertThat(stats.expectancy()).isCloseTo(5, within(EPS));
    }

    @Test
    void drawdownStillUnderWaterRunsToTheEnd() {
        List<EquityPoint> sinking = List.of(
                new EquityPoint(at("2025-05-01T12:00:00Z"), 1100, false),
                new EquityPoint(at("2025-05-02T00:00:00Z"), 880, false),
                new EquityPoint(at("2025-05-03T00:00:00Z"), 990, false));
        Drawdown dd = Drawdown.of(sinking, 1000, START, END);
        assertThat(dd.maxDrawdown()).isCloseTo(0.2, within(EPS));
        assertThat(dd.maxDrawdownDays()).isCloseTo(3.5, within(EPS));
        // below the initial equity from the first point: measured from start
        Drawdown fromStart = Drawdown.of(List.of(new EquityPoint(START + 43_200_000L, 900, false)),
                1000, START, at("2025-05-02T00:00:00Z"));
        assertThat(fromStart.maxDrawdown()).isCloseTo(0.1, within(EPS));
        assertThat(fromStart.maxDrawdownDays()).isCloseTo(1, within(EPS));
    }

    @Test
    void drawdownSeriesAgainstTheRunningPeak() {
        assertThat(Drawdown.series(EQUITY, Double.NaN))
                .containsExactly(new double[] {0, 0, 0, 20.0 / 1010, 20.0 / 1010, 20.0 / 1010, 0, 5.0 / 1020},
                        within(EPS));
        assertThat(Drawdown.series(List.of(new EquityPoint(START, 900, false)), 1000))
                .containsExactly(new double[] {0.1}, within(EPS));
    }

    @Test
    void singleDayHasNoSharpe() {
        PerformanceMetrics m = PerformanceMetrics.compute(List.of(),
                List.of(new EquityPoint(START + 1, 990, false)), 1000, START, START + 3_600_000L, 1, 1);
        assertThat(m.sharpe()).isNaN();
        assertThat(m.sortino()).isCloseTo(-Math.sqrt(365), within(1e-9));
        assertThat(m.maxDrawdownDays()).isCloseTo(1.0 / 24, within(EPS));
    }

    @Test
    void serialisesToSnakeCaseInContractOrderWithNullForUndefined() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(BacktestFixtures.metrics()));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).containsExactly("trades", "win_rate", "profit_factor", "avg_win_loss_ratio",
                "expectancy", "net_pnl", "sharpe", "sortino", "calmar", "max_drawdown", "max_drawdown_days",
                "total_return", "trades_per_day", "avg_holding_minutes", "fees_paid", "funding_paid",
                "exposure_time", "buy_and_hold_return", "initial_equity", "final_equity", "per_strategy",
                "per_rule");
        assertThat(json.get("trades").asInt()).isEqualTo(3);
        assertThat(json.get("max_drawdown_days").asDouble()).isEqualTo(2);
        assertThat(json.get("final_equity").asDouble()).isEqualTo(1015);
        JsonNode meanrev = json.get("per_strategy").get("meanrev");
        assertThat(meanrev.get("profit_factor").isNull()).isTrue();
        assertThat(meanrev.get("avg_win_loss_ratio").isNull()).isTrue();
        assertThat(meanrev.get("net_pnl").asDouble()).isEqualTo(23);
        List<String> groupKeys = new ArrayList<>();
        meanrev.fieldNames().forEachRemaining(groupKeys::add);
        assertThat(groupKeys).containsExactly("trades", "win_rate", "profit_factor", "avg_win_loss_ratio",
                "expectancy", "net_pnl", "fees_paid", "funding_paid");

        String empty = mapper.writeValueAsString(PerformanceMetrics.compute(List.of(), List.of(), 1, START, END, 1, 1));
        assertThat(empty).doesNotContain("NaN").doesNotContain("Infinity")
                .contains("\"win_rate\":null", "\"sharpe\":null", "\"per_strategy\":{}");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> PerformanceMetrics.compute(TRADES, EQUITY, 0, START, END, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialEquity");
        assertThatThrownBy(() -> PerformanceMetrics.compute(TRADES, EQUITY, Double.POSITIVE_INFINITY, START, END, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialEquity");
        assertThatThrownBy(() -> PerformanceMetrics.compute(TRADES, EQUITY, 1000, END, END, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endExclusive");
        List<EquityPoint> backwards = List.of(new EquityPoint(END, 1, false), new EquityPoint(START, 1, false));
        assertThatThrownBy(() -> PerformanceMetrics.compute(TRADES, backwards, 1000, START, END, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time order");
    }
}
