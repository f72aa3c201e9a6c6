package kairos.engine.features.context;

import kairos.engine.features.Columns;

/**
 * Daily pivot points (classic, Fibonacci, Camarilla) from the previous complete UTC day's high, low and close,
 * aggregated from base bars. NaN until a whole day (its first bar opening at 00:00 UTC) has been seen.
 */
public final class PivotFeatures {
    private static final long DAY = 86_400_000L;
    private static final int COLUMNS = 21;
    private long day = Long.MIN_VALUE;
    private boolean dayComplete;
    private double dh;
    private double dl;
    private double dc;
    private final double[] pivots = new double[COLUMNS];

    public PivotFeatures() {
        java.util.Arrays.fill(pivots, Double.NaN);
    }

    public void declare(Columns c, long baseMillis) {
        String p = "period=1d_utc";
        int w = (int) Math.max(1, DAY / baseMillis);
        c.add("pivot_p", "classic pivot P = (H + L + C) / 3 of the previous UTC day", p, w);
        c.add("pivot_r1", "classic R1 = 2P - L", p, w);
        c.add("pivot_r2", "classic R2 = P + (H - L)", p, w);
        c.add("pivot_r3", "classic R3 = H + 2 (P - L)", p, w);
        c.add("pivot_s1", "classic S1 = 2P - H", p, w);
        c.add("pivot_s2", "classic S2 = P - (H - L)", p, w);
        c.add("pivot_s3", "classic S3 = L - 2 (H - P)", p, w);
        c.add("pivot_fib_r1", "Fibonacci R1 = P + 0.382 (H - L)", p, w);
        c.add("pivot_fib_r2", "Fibonacci R2 = P + 0.618 (H - L)", p, w);
        c.add("pivot_fib_r3", "Fibonacci R3 = P + (H - L)", p, w);
        c.add("pivot_fib_s1", "Fibonacci S1 = P - 0.382 (H - L)", p, w);
        c.add("pivot_fib_s2", "Fibonacci S2 = P - 0.618 (H - L)", p, w);
        c.add("pivot_fib_s3", "Fibonacci S3 = P - (H - L)", p, w);
        for (int i = 1; i <= 4; i++) {
            c.add("pivot_cam_r" + i, "Camarilla R" + i + " = C + (H - L) x 1.1 / " + new int[] {12, 6, 4, 2}[i - 1], p, w);
        }
        for (int i = 1; i <= 4; i++) {
            c.add("pivot_cam_s" + i, "Camarilla S" + i + " = C - (H - L) x 1.1 / " + new int[] {12, 6, 4, 2}[i - 1], p, w);
        }
    }

    public void update(long openTime, double h, double l, double c, double[] out, int o) {
        long d = Math.floorDiv(openTime, DAY);
        if (d != day) {
            if (dayComplete && d == day + 1) {
                compute(dh, dl, dc);
            } else {
                java.util.Arrays.fill(pivots, Double.NaN);
            }
            day = d;
            dayComplete = Math.floorMod(openTime, DAY) == 0;
            dh = h;
            dl = l;
        } else {
            dh = Math.max(dh, h);
            dl = Math.min(dl, l);
        }
        dc = c;
        System.arraycopy(pivots, 0, out, o, COLUMNS);
    }

    private void compute(double h, double l, double c) {
        double p = (h + l + c) / 3;
        double r = h - l;
        double[] v = pivots;
        v[0] = p;
        v[1] = 2 * p - l;
        v[2] = p + r;
        v[3] = h + 2 * (p - l);
        v[4] = 2 * p - h;
        v[5] = p - r;
        v[6] = l - 2 * (h - p);
        v[7] = p + 0.382 * r;
        v[8] = p + 0.618 * r;
        v[9] = p + r;
        v[10] = p - 0.382 * r;
        v[11] = p - 0.618 * r;
        v[12] = p - r;
        double[] div = {12, 6, 4, 2};
        for (int i = 0; i < 4; i++) {
            v[13 + i] = c + r * 1.1 / div[i];
            v[17 + i] = c - r * 1.1 / div[i];
        }
    }
}
