package kairos.engine.features.context;

import kairos.engine.features.Columns;

/**
 * Counts the day's moves of a target size (the strategy's "$2 moves", R17.13): from 00:00 UTC the anchor is the
 * day's first open; each base-bar close at least {@code target} away from the anchor counts one move and becomes
 * the new anchor.
 */
public final class TargetMoves {
    private static final long DAY = 86_400_000L;
    private final double target;
    private long day = Long.MIN_VALUE;
    private double anchor;
    private int count;

    public TargetMoves(double target) {
        this.target = target;
    }

    /** The target as it appears in the column name: {@code 2}, {@code 2.5}. */
    static String label(double target) {
        return target == Math.rint(target) ? Long.toString((long) target) : Double.toString(target);
    }

    public void declare(Columns c) {
        String t = label(target);
        c.add("moves_" + t + "_today", "number of closes since 00:00 UTC at least " + t + " (price) away from the anchor; the "
                + "anchor starts at the day's first open and moves to each counted close", "target=" + t, 1);
    }

    public void update(long openTime, double open, double close, double[] out, int o) {
        long d = Math.floorDiv(openTime, DAY);
        if (d != day) {
            day = d;
            anchor = open;
            count = 0;
        }
        if (Math.abs(close - anchor) >= target) {
            count++;
            anchor = close;
        }
        out[o] = count;
    }
}
