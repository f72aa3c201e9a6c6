package kairos.engine.features;

import kairos.engine.domain.Timeframe;

/** The most recent closed bars of one timeframe, newest at {@code ago = 0}. Fixed capacity ring buffer. */
public final class BarHistory {
    /** Longest look-back any group may use. */
    public static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    private final Timeframe timeframe;
    private final long[] time = new long[CAPACITY];
    private final double[] open = new double[CAPACITY];
    private final double[] high = new double[CAPACITY];
    private final double[] low = new double[CAPACITY];
    private final double[] close = new double[CAPACITY];
    private final double[] volume = new double[CAPACITY];
    private long count;

    public BarHistory(Timeframe timeframe) {
        this.timeframe = timeframe;
    }

    public void push(long openTime, double o, double h, double l, double c, double v) {
        int i = (int) (count & MASK);
        time[i] = openTime;
        open[i] = o;
        high[i] = h;
        low[i] = l;
        close[i] = c;
        volume[i] = v;
        count++;
    }

    private int at(int ago) {
        return (int) ((count - 1 - ago) & MASK);
    }

    public Timeframe timeframe() {
        return timeframe;
    }

    /** Number of bars pushed so far. */
    public long count() {
        return count;
    }

    public long time(int ago) {
        return time[at(ago)];
    }

    public double open(int ago) {
        return open[at(ago)];
    }

    public double high(int ago) {
        return high[at(ago)];
    }

    public double low(int ago) {
        return low[at(ago)];
    }

    public double close(int ago) {
        return close[at(ago)];
    }

    public double volume(int ago) {
        return volume[at(ago)];
    }

    /** (high + low + close) / 3 of the bar {@code ago} bars back. */
    public double typical(int ago) {
        int i = at(ago);
        return (high[i] + low[i] + close[i]) / 3.0;
    }

    /** True range of the bar {@code ago} back; high - low for the first bar. */
    public double trueRange(int ago) {
        int i = at(ago);
        if (count - ago < 2) {
            return high[i] - low[i];
        }
        double pc = close[at(ago + 1)];
        return Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - pc), Math.abs(low[i] - pc)));
    }

    /** Highest high over the last {@code n} bars (including the newest). */
    public double highest(int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, high[at(k)]);
        }
        return m;
    }

    /** Lowest low over the last {@code n} bars (including the newest). */
    public double lowest(int n) {
        double m = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.min(m, low[at(k)]);
        }
        return m;
    }

    /** True when the bar {@code k} back is a strict fractal high: higher than the k bars on each side. */
    public boolean isSwingHigh(int k) {
        if (count < 2L * k + 1) {
            return false;
        }
        double h = high[at(k)];
        for (int j = 0; j <= 2 * k; j++) {
            if (j != k && high[at(j)] >= h) {
                return false;
            }
        }
        return true;
    }

    /** True when the bar {@code k} back is a strict fractal low: lower than the k bars on each side. */
    public boolean isSwingLow(int k) {
        if (count < 2L * k + 1) {
            return false;
        }
        double l = low[at(k)];
        for (int j = 0; j <= 2 * k; j++) {
            if (j != k && low[at(j)] <= l) {
                return false;
            }
        }
        return true;
    }
}
