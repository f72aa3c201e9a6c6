package kairos.engine.features.calc;

/**
 * Percentile rank of the newest value among the {@code n} values before it: 100 x (count of earlier values strictly
 * below it) / n. NaN inputs are skipped; NaN until {@code n} earlier values exist. O(n).
 */
public final class PercentRank {
    private final Window w;
    private final int n;

    public PercentRank(int n) {
        this.n = n;
        this.w = new Window(n);
    }

    public double update(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double r = Double.NaN;
        if (w.full()) {
            int below = 0;
            for (int k = 0; k < n; k++) {
                if (w.get(k) < x) {
                    below++;
                }
            }
            r = 100.0 * below / n;
        }
        w.push(x);
        return r;
    }
}
