package kairos.engine.ml;

import java.util.Arrays;

/** Out-of-sample metrics of multi-class probability forecasts. */
public final class ScoreMetrics {
    private static final double EPS = 1e-15;

    private ScoreMetrics() {
    }

    /** Mean negative log-likelihood of the true classes (natural log), probabilities clipped to [1e-15, 1]. */
    public static double logLoss(double[][] probs, int[] classes) {
        if (probs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int r = 0; r < probs.length; r++) {
            s -= Math.log(Math.max(EPS, Math.min(1, probs[r][classes[r]])));
        }
        return s / probs.length;
    }

    /** Class frequencies of {@code classes}, with add-one smoothing so no class gets probability zero. */
    public static double[] classPrior(int[] classes, int classCount) {
        double[] p = new double[classCount];
        Arrays.fill(p, 1);
        for (int c : classes) {
            p[c]++;
        }
        double total = classes.length + classCount;
        for (int c = 0; c < classCount; c++) {
            p[c] /= total;
        }
        return p;
    }

    /** Log loss of always forecasting {@code prior}. */
    public static double logLossOfPrior(double[] prior, int[] classes) {
        double[][] p = new double[classes.length][];
        Arrays.fill(p, prior);
        return logLoss(p, classes);
    }

    /**
     * One-vs-rest ROC AUC of class {@code c} (Mann-Whitney, ties counted half); NaN when the rows hold only one
     * side.
     */
    public static double auc(double[][] probs, int[] classes, int c) {
        int n = probs.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probs[a][c], probs[b][c]));
        long pos = 0;
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probs[order[j + 1]][c] == probs[order[i]][c]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (classes[order[k]] == c) {
                    pos++;
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Hit rate of the most confident tenth of directional calls: rows ranked by max(P(UP), P(DOWN)); a hit is a
     * row whose label is the direction called. NaN without rows.
     */
    public static double topDecileHitRate(double[][] probs, int[] classes) {
        int[] top = topDecile(probs);
        if (top.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int r : top) {
            if (classes[r] == call(probs[r])) {
                hits++;
            }
        }
        return hits / (double) top.length;
    }

    /** Rows of the most confident tenth of directional calls (at least one row when there are rows). */
    public static int[] topDecile(double[][] probs) {
        int n = probs.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int up = Direction.UP.ordinal();
        int down = Direction.DOWN.ordinal();
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(Math.max(probs[b][up], probs[b][down]), Math.max(probs[a][up], probs[a][down]));
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        int k = n == 0 ? 0 : Math.max(1, n / 10);
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    /** The directional call of a row: UP or DOWN, whichever is more probable (UP on a tie). */
    public static int call(double[] p) {
        return p[Direction.UP.ordinal()] >= p[Direction.DOWN.ordinal()] ? Direction.UP.ordinal() : Direction.DOWN.ordinal();
    }

    /** Index of the largest entry (first on ties). */
    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
