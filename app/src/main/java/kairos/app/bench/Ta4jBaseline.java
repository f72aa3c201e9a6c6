package kairos.app.bench;

import kairos.engine.domain.Bar;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.supertrend.SuperTrendIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;
import org.ta4j.core.rules.OverIndicatorRule;
import org.ta4j.core.rules.StopGainRule;
import org.ta4j.core.rules.StopLossRule;
import org.ta4j.core.rules.UnderIndicatorRule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The baselines of {@code kairos bench compare}: ta4j 0.22's own backtester ({@link BarSeriesManager}) on
 * {@code DoubleNum} prices, the fastest ta4j number type, running one of two long-only strategies:
 * <ul>
 * <li>{@link Kind#EMA}, the plain strategy of {@code bench/plain/rules/}: long while EMA(8) of closes is above
 * EMA(21) and no position is open, out when EMA(8) is below EMA(21) or the close is 1.5% below the entry;</li>
 * <li>{@link Kind#TREND} (issue 24's measure): enter when EMA(8) crosses over EMA(21) and RSI(14) &gt; 50 and (the
 * close is above Supertrend(ATR 10, x3) or ADX(14) &gt; 20); exit when EMA(8) crosses under EMA(21), or at a 1.5%
 * stop loss or a 3% take profit on the close; the indicators' unstable bars skipped.</li>
 * </ul>
 */
public final class Ta4jBaseline {
    /**
     * Bars read, positions closed, wall nanoseconds to build the series and of the run alone, and the thread's CPU
     * nanoseconds of the run alone.
     */
    public record Result(int bars, int positions, long buildNanos, long runNanos, long runCpuNanos) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Ta4jBaseline() {
    }

    /** Which strategy the baseline runs. */
    public enum Kind {
        EMA("EMA(8) above EMA(21), 1.5% stop"),
        TREND("EMA(8)xEMA(21) and RSI(14) > 50 and (close > Supertrend(10, 3) or ADX(14) > 20), 1.5% stop, 3% target");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Result run(List<Bar> bars, long barMillis) {
        return run(bars, barMillis, Kind.EMA);
    }

    public static Result run(List<Bar> bars, long barMillis, Kind kind) {
        long t0 = System.nanoTime();
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        Duration period = Duration.ofMillis(barMillis);
        for (Bar b : bars) {
            series.barBuilder().timePeriod(period).endTime(Instant.ofEpochMilli(b.openTime() + barMillis))
                    .openPrice(b.open()).highPrice(b.high()).lowPrice(b.low()).closePrice(b.close())
                    .volume(b.volume()).add();
        }
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        TradingRecord record = new BarSeriesManager(series).run(kind == Kind.EMA ? strategy(series) : trend(series));
        long t2 = System.nanoTime();
        long cpu2 = THREADS.getCurrentThreadCpuTime();
        return new Result(bars.size(), record.getPositionCount(), t1 - t0, t2 - t1, Math.max(1, cpu2 - cpu1));
    }

    static Strategy strategy(BarSeries series) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        EMAIndicator fast = new EMAIndicator(close, 8);
        EMAIndicator slow = new EMAIndicator(close, 21);
        return new BaseStrategy(new OverIndicatorRule(fast, slow),
                new UnderIndicatorRule(fast, slow).or(new StopLossRule(close, 1.5)));
    }

    static Strategy trend(BarSeries series) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        EMAIndicator fast = new EMAIndicator(close, 8);
        EMAIndicator slow = new EMAIndicator(close, 21);
        RSIIndicator rsi = new RSIIndicator(close, 14);
        SuperTrendIndicator superTrend = new SuperTrendIndicator(series, 10, 3.0);
        ADXIndicator adx = new ADXIndicator(series, 14);
        var entry = new CrossedUpIndicatorRule(fast, slow).and(new OverIndicatorRule(rsi, 50))
                .and(new OverIndicatorRule(close, superTrend).or(new OverIndicatorRule(adx, 20)));
        var exit = new CrossedDownIndicatorRule(fast, slow).or(new StopLossRule(close, 1.5)).or(new StopGainRule(close, 3.0));
        int unstable = Math.max(Math.max(slow.getCountOfUnstableBars(), rsi.getCountOfUnstableBars()),
                Math.max(superTrend.getCountOfUnstableBars(), adx.getCountOfUnstableBars()));
        return new BaseStrategy("trend", entry, exit, unstable);
    }
}
