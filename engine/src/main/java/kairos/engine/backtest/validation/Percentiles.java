package kairos.engine.backtest.validation;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman and Fan's type 7, the default of R and
 * NumPy): the p-quantile of sorted x[0..n-1] is x[h] interpolated at h = (n - 1) p.
 */
final class Percentiles {
    private Percentiles() {
    }

    /** The p-quantile of ascending {@code sorted} (NaN when empty); infinite ends give infinite quantiles. */
    static double sorted(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        double a = sorted[lo];
        double b = sorted[hi];
        if (a == b || h == lo) {
            return a;
        }
        return a + (h - lo) * (b - a);
    }

    /** The values that are not NaN, sorted ascending. */
    static double[] sortedDefined(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }
}
