package kairos.engine.ml;

import java.util.Arrays;

/**
 * The training-time distribution of one monitored quantity: decile edges and the share of reference values in each
 * of the bins they cut (ties can make bins uneven, so shares are stored, not assumed to be 10%).
 */
public record DriftReference(String name, int column, double[] edges, double[] shares) {
    private static final int BINS = 10;

    /** Reference of {@code values} (NaN ignored); null when fewer than 2 x 10 finite values exist. */
    public static DriftReference of(String name, int column, double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length < 2 * BINS) {
            return null;
        }
        double[] edges = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            edges[b - 1] = v[(int) ((long) b * v.length / BINS)];
        }
        double[] shares = new double[BINS];
        for (double x : v) {
            shares[bin(edges, x)]++;
        }
        for (int b = 0; b < BINS; b++) {
            shares[b] /= v.length;
        }
        return new DriftReference(name, column, edges, shares);
    }

    static int bin(double[] edges, double x) {
        int i = Arrays.binarySearch(edges, x);
        // values equal to an edge fall into the bin above it; binarySearch may land on any of equal edges
        if (i >= 0) {
            while (i + 1 < edges.length && edges[i + 1] == x) {
                i++;
            }
            return i + 1;
        }
        return -i - 1;
    }

    /**
     * Population stability index of {@code counts} (per bin, from {@link #bin}) against the reference shares:
     * sum over bins of (actual - expected) x ln(actual / expected), shares floored at 1e-4.
     */
    public double psi(int[] counts, int total) {
        if (total == 0) {
            return 0;
        }
        double s = 0;
        for (int b = 0; b < shares.length; b++) {
            double e = Math.max(1e-4, shares[b]);
            double a = Math.max(1e-4, counts[b] / (double) total);
            s += (a - e) * Math.log(a / e);
        }
        return s;
    }

    public int bins() {
        return shares.length;
    }

    public int binOf(double x) {
        return bin(edges, x);
    }
}
