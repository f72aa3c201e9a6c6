package kairos.engine.ml;

import kairos.engine.data.CandleSeries;

/**
 * Multi-task labels (R4.13-R4.16) for every bar of a series, each drawn only from the bars after the decision
 * point, so nothing at row t uses data beyond {@link #labelEnd(int)}:
 * <ul>
 *   <li>direction: UP when the high reaches close + barrier before the low reaches close - barrier, DOWN the
 *       mirror, FLAT when neither happens within the horizon or both happen inside the same bar (the order within
 *       a bar is unknowable from candles, so it is not guessed);</li>
 *   <li>size class: the larger excursion (max high - close or close - min low) within the horizon, in barrier
 *       widths, cut by the spec's edges into S/M/L/XL;</li>
 *   <li>time to target: bars until the barrier was touched (UP/DOWN rows only, else NaN);</li>
 *   <li>optimal stop: the adverse excursion before the target was touched, in barrier widths: the tightest stop
 *       that would have survived (UP/DOWN rows only, else NaN);</li>
 *   <li>horizon return: close at the end of the horizon minus the decision close (for signal PnL).</li>
 * </ul>
 * Rows whose horizon runs past the end of the series, or whose barrier is unknown (ATR warming up), are
 * unlabelled ({@link #known(int)} false).
 */
public final class Labels {
    public static final int UNKNOWN = -1;

    private final long[] decisionTime;
    private final long[] labelEnd;
    private final int[] direction;
    private final int[] sizeClass;
    private final double[] timeToTarget;
    private final double[] optimalStop;
    private final double[] barrier;
    private final double[] horizonReturn;
    private final double[] entry;

    private Labels(int n) {
        decisionTime = new long[n];
        labelEnd = new long[n];
        direction = new int[n];
        sizeClass = new int[n];
        timeToTarget = new double[n];
        optimalStop = new double[n];
        barrier = new double[n];
        horizonReturn = new double[n];
        entry = new double[n];
    }

    /**
     * Labels every bar of {@code bars}; {@code atr[i]} is the ATR known at bar i's close (ignored for fixed price
     * barriers; may be null then).
     */
    public static Labels compute(CandleSeries bars, double[] atr, LabelSpec spec) {
        int n = bars.size();
        long tf = bars.timeframe().millis();
        double[] edges = spec.sizeEdges();
        Labels l = new Labels(n);
        for (int t = 0; t < n; t++) {
            l.decisionTime[t] = bars.openTime(t) + tf;
            l.entry[t] = bars.close(t);
            l.direction[t] = UNKNOWN;
            l.sizeClass[t] = UNKNOWN;
            l.timeToTarget[t] = Double.NaN;
            l.optimalStop[t] = Double.NaN;
            l.horizonReturn[t] = Double.NaN;
            int last = t + spec.horizonBars();
            double width = spec.barrier(atr == null ? Double.NaN : atr[t]);
            l.barrier[t] = width;
            l.labelEnd[t] = last < n ? bars.openTime(last) + tf : Long.MAX_VALUE;
            if (last >= n || !(width > 0)) {
                continue;
            }
            // A gap inside the horizon makes "within H bars" mean more wall time than promised: leave unlabelled.
            if (bars.openTime(last) - bars.openTime(t) != (long) spec.horizonBars() * tf) {
                l.labelEnd[t] = bars.openTime(last) + tf;
                continue;
            }
            double entry = bars.close(t);
            double up = entry + width;
            double down = entry - width;
            double maxHigh = Double.NEGATIVE_INFINITY;
            double minLow = Double.POSITIVE_INFINITY;
            int dir = Direction.FLAT.ordinal();
            int hitBar = -1;
            double adverse = 0;
            for (int k = t + 1; k <= last; k++) {
                boolean hitUp = bars.high(k) >= up;
                boolean hitDown = bars.low(k) <= down;
                if (hitBar < 0 && (hitUp || hitDown)) {
                    hitBar = k;
                    if (hitUp && hitDown) {
                        dir = Direction.FLAT.ordinal();
                    } else if (hitUp) {
                        dir = Direction.UP.ordinal();
                        adverse = Math.max(0, entry - Math.min(minLow, bars.low(k)));
                    } else {
                        dir = Direction.DOWN.ordinal();
                        adverse = Math.max(0, Math.max(maxHigh, bars.high(k)) - entry);
                    }
                }
                maxHigh = Math.max(maxHigh, bars.high(k));
                minLow = Math.min(minLow, bars.low(k));
            }
            l.direction[t] = dir;
            double excursion = Math.max(maxHigh - entry, entry - minLow) / width;
            int size = 0;
            while (size < edges.length && excursion >= edges[size]) {
                size++;
            }
            l.sizeClass[t] = size;
            if (dir != Direction.FLAT.ordinal()) {
                l.timeToTarget[t] = hitBar - t;
                l.optimalStop[t] = adverse / width;
            }
            l.horizonReturn[t] = bars.close(last) - entry;
        }
        return l;
    }

    public int size() {
        return direction.length;
    }

    public boolean known(int row) {
        return direction[row] != UNKNOWN;
    }

    /** Direction class (ordinal of {@link Direction}) or {@link #UNKNOWN}. */
    public int direction(int row) {
        return direction[row];
    }

    /** Size class index into {@link LabelSpec#SIZE_CLASSES} or {@link #UNKNOWN}. */
    public int sizeClass(int row) {
        return sizeClass[row];
    }

    /** Bars from the decision point until the barrier was touched; NaN for FLAT or unknown rows. */
    public double timeToTarget(int row) {
        return timeToTarget[row];
    }

    /** Adverse excursion before the target, in barrier widths; NaN for FLAT or unknown rows. */
    public double optimalStop(int row) {
        return optimalStop[row];
    }

    /** Barrier half-width at the decision point, in quote currency (NaN when ATR was unknown). */
    public double barrier(int row) {
        return barrier[row];
    }

    /** Close at the end of the horizon minus the decision close; NaN when unknown. */
    public double horizonReturn(int row) {
        return horizonReturn[row];
    }

    /** The close of the decision bar: the price a signal at this row would enter at. */
    public double entry(int row) {
        return entry[row];
    }

    /** The decision time of the row: its bar's close (epoch ms). */
    public long decisionTime(int row) {
        return decisionTime[row];
    }

    /**
     * The close time of the last bar the label reads (epoch ms, exclusive end of the information it uses); for
     * rows whose horizon runs past the data, {@link Long#MAX_VALUE}. Used to purge training rows.
     */
    public long labelEnd(int row) {
        return labelEnd[row];
    }
}
