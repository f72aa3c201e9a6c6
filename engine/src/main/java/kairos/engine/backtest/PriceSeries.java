package kairos.engine.backtest;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * Close prices of one traded symbol over the replay, for the report's price chart. Kept as two
 * parallel primitive arrays because a year of 1-minute bars is half a million points.
 *
 * @param times  epoch ms UTC, in time order
 * @param closes finite prices, same length as {@code times}
 */
public record PriceSeries(String symbol, long[] times, double[] closes) {

    public PriceSeries {
        Objects.requireNonNull(symbol, "symbol");
        if (times.length != closes.length) {
            throw new IllegalArgumentException(symbol + ": " + times.length + " times but "
                    + closes.length + " closes");
        }
        times = times.clone();
        closes = closes.clone();
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && times[i] < times[i - 1]) {
                throw new IllegalArgumentException(symbol + ": times must be in order, index " + i);
            }
            if (!Double.isFinite(closes[i])) {
                throw new IllegalArgumentException(symbol + ": close at index " + i + " is " + closes[i]);
            }
        }
    }

    /** Closes of {@code bars}, each stamped at its close time ({@code openTime + timeframe}). */
    public static PriceSeries ofBars(String symbol, Timeframe timeframe, List<Bar> bars) {
        long[] times = new long[bars.size()];
        double[] closes = new double[bars.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = bars.get(i).openTime() + timeframe.millis();
            closes[i] = bars.get(i).close();
        }
        return new PriceSeries(symbol, times, closes);
    }

    @Override
    public long[] times() {
        return times.clone();
    }

    @Override
    public double[] closes() {
        return closes.clone();
    }

    public int size() {
        return times.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PriceSeries p && symbol.equals(p.symbol)
                && Arrays.equals(times, p.times) && Arrays.equals(closes, p.closes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, Arrays.hashCode(times), Arrays.hashCode(closes));
    }

    @Override
    public String toString() {
        return "PriceSeries[" + symbol + ", " + times.length + " points]";
    }
}
