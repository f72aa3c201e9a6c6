package kairos.app.bench;

import kairos.engine.domain.Bar;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.rules.OverIndicatorRule;
import org.ta4j.core.rules.StopLossRule;
import org.ta4j.core.rules.UnderIndicatorRule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The baseline of {@code kairos bench compare}: ta4j 0.22's own backtester ({@link BarSeriesManager}) running the
 * plain strategy of {@code bench/plain/rules/}: long while EMA(8) of closes is above EMA(21) and no position is
 * open, out when EMA(8) is below EMA(21) or the close is 1.5% below the entry. Prices are {@code DoubleNum}, the
 * fastest ta4j number type.
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

    public static Result run(List<Bar> bars, long barMillis) {
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
        TradingRecord record = new BarSeriesManager(series).run(strategy(series));
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
}
