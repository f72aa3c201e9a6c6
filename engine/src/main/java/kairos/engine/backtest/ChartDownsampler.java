package kairos.engine.backtest;

/**
 * Thins a long series for a chart while keeping its shape: the series is cut into equal buckets and
 * each bucket keeps its lowest and highest point (in time order), so spikes and drawdown troughs stay
 * visible; the first and last points are always kept. Deterministic: the same input keeps the same
 * indices.
 */
final class ChartDownsampler {

    private ChartDownsampler() {
    }

    /**
     * Indices of {@code values} to draw, ascending, at most {@code maxPoints} of them (all of them when
     * the series is not longer than that).
     */
    static int[] minMaxIndices(double[] values, int maxPoints) {
        if (maxPoints < 4) {
            throw new IllegalArgumentException("maxPoints must be >= 4, got " + maxPoints);
        }
        int n = values.length;
        if (n <= maxPoints) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        int buckets = (maxPoints - 2) / 2;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int min = from;
            int max = from;
            for (int i = from + 1; i < to; i++) {
                if (values[i] < values[min]) {
                    min = i;
                }
                if (values[i] > values[max]) {
                    max = i;
                }
            }
            keep[min] = true;
            keep[max] = true;
        }
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        int[] indices = new int[count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                indices[j++] = i;
            }
        }
        return indices;
    }
}
