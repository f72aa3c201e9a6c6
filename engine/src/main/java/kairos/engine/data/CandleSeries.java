package kairos.engine.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * An immutable run of candles of one timeframe, held column by column in primitive arrays so that a backtest
 * can scan hundreds of thousands of bars per second without boxing. Open times are strictly ascending and
 * aligned to the timeframe; a missing bar is simply absent (see {@link #gaps()}), never filled.
 */
public final class CandleSeries {

    private final Timeframe timeframe;
    private final long[] openTime;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;
    private final double[] volume;

    /** Takes ownership of the arrays (callers in this package never touch them again). */
    CandleSeries(Timeframe timeframe, long[] openTime, double[] open, double[] high, double[] low, double[] close,
            double[] volume) {
        this.timeframe = Objects.requireNonNull(timeframe, "timeframe");
        this.openTime = openTime;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    /**
     * Builds a series from bars in ascending open-time order.
     *
     * @throws IllegalArgumentException when open times are not strictly ascending or not aligned to the timeframe
     */
    public static CandleSeries of(Timeframe timeframe, List<Bar> bars) {
        int n = bars.size();
        long[] t = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            if (timeframe.floor(b.openTime()) != b.openTime()) {
                throw new IllegalArgumentException("bar " + i + " opens at " + TextValues.iso(b.openTime())
                        + ", not on a " + timeframe + " boundary");
            }
            if (i > 0 && b.openTime() <= t[i - 1]) {
                throw new IllegalArgumentException("bar " + i + " opens at " + TextValues.iso(b.openTime())
                        + ", not after the previous bar " + TextValues.iso(t[i - 1]));
            }
            t[i] = b.openTime();
            o[i] = b.open();
            h[i] = b.high();
            l[i] = b.low();
            c[i] = b.close();
            v[i] = b.volume();
        }
        return new CandleSeries(timeframe, t, o, h, l, c, v);
    }

    public static CandleSeries empty(Timeframe timeframe) {
        return of(timeframe, List.of());
    }

    public Timeframe timeframe() {
        return timeframe;
    }

    public int size() {
        return openTime.length;
    }

    public boolean isEmpty() {
        return openTime.length == 0;
    }

    /** Open time of bar {@code i} in epoch milliseconds UTC; the bar is known at {@code openTime(i) + timeframe}. */
    public long openTime(int i) {
        return openTime[i];
    }

    public double open(int i) {
        return open[i];
    }

    public double high(int i) {
        return high[i];
    }

    public double low(int i) {
        return low[i];
    }

    public double close(int i) {
        return close[i];
    }

    public double volume(int i) {
        return volume[i];
    }

    public Bar bar(int i) {
        return new Bar(openTime[i], open[i], high[i], low[i], close[i], volume[i]);
    }

    /** All bars as records; convenient for tests and small series, not for scanning. */
    public List<Bar> bars() {
        Bar[] out = new Bar[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bar(i);
        }
        return List.of(out);
    }

    /** Index of the first bar whose open time is at or after {@code time} ({@link #size()} if none). */
    public int indexAtOrAfter(long time) {
        int i = Arrays.binarySearch(openTime, time);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * The bars whose open time lies in {@code [fromInclusive, toExclusive)}, found by binary search. Use
     * {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} for an open end.
     */
    public CandleSeries slice(long fromInclusive, long toExclusive) {
        int from = indexAtOrAfter(fromInclusive);
        int to = Math.max(from, indexAtOrAfter(toExclusive));
        if (from == 0 && to == size()) {
            return this;
        }
        return new CandleSeries(timeframe, Arrays.copyOfRange(openTime, from, to), Arrays.copyOfRange(open, from, to),
                Arrays.copyOfRange(high, from, to), Arrays.copyOfRange(low, from, to),
                Arrays.copyOfRange(close, from, to), Arrays.copyOfRange(volume, from, to));
    }

    /** Missing bars between the first and the last bar, in time order. */
    public List<Gap> gaps() {
        return Gap.find(openTime, timeframe);
    }

    /** A copy of the open-time column (for the store writer). */
    long[] openTimes() {
        return openTime.clone();
    }

    double[][] priceColumns() {
        return new double[][] {open.clone(), high.clone(), low.clone(), close.clone(), volume.clone()};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandleSeries s && timeframe == s.timeframe && Arrays.equals(openTime, s.openTime)
                && Arrays.equals(open, s.open) && Arrays.equals(high, s.high) && Arrays.equals(low, s.low)
                && Arrays.equals(close, s.close) && Arrays.equals(volume, s.volume);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeframe, Arrays.hashCode(openTime), Arrays.hashCode(close));
    }

    @Override
    public String toString() {
        return isEmpty() ? "CandleSeries[" + timeframe + ", empty]"
                : "CandleSeries[" + timeframe + ", " + size() + " bars, " + TextValues.iso(openTime[0]) + " .. "
                        + TextValues.iso(openTime[size() - 1]) + "]";
    }
}
