package kairos.engine.ml;

import java.util.Arrays;

/**
 * Isotonic regression of outcomes on scores (pool-adjacent-violators), so that a calibrated probability of 0.7
 * means the event happened in 70% of comparable cases. Between block centres the map interpolates linearly; outside
 * them it is flat. Fitted on the validation window, never on the rows it is judged on.
 */
public final class IsotonicCalibrator {
    private final double[] x;
    private final double[] y;

    IsotonicCalibrator(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** The identity map (used when a class has no validation rows to learn from). */
    public static IsotonicCalibrator identity() {
        return new IsotonicCalibrator(new double[]{0, 1}, new double[]{0, 1});
    }

    /**
     * @param scores   the model's uncalibrated probabilities
     * @param outcomes 1 when the event happened, else 0
     */
    public static IsotonicCalibrator fit(double[] scores, double[] outcomes) {
        int n = scores.length;
        if (n != outcomes.length) {
            throw new IllegalArgumentException("scores and outcomes differ in length");
        }
        if (n == 0) {
            return identity();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] sumY = new double[n];
        double[] sumX = new double[n];
        double[] weight = new double[n];
        int blocks = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            sumY[blocks] = outcomes[i];
            sumX[blocks] = scores[i];
            weight[blocks] = 1;
            blocks++;
            while (blocks > 1 && sumY[blocks - 2] / weight[blocks - 2] >= sumY[blocks - 1] / weight[blocks - 1]) {
                sumY[blocks - 2] += sumY[blocks - 1];
                sumX[blocks - 2] += sumX[blocks - 1];
                weight[blocks - 2] += weight[blocks - 1];
                blocks--;
            }
        }
        double[] bx = new double[blocks];
        double[] by = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            bx[b] = sumX[b] / weight[b];
            by[b] = sumY[b] / weight[b];
        }
        return new IsotonicCalibrator(bx, by);
    }

    /** The calibrated probability of {@code score}. */
    public double apply(double score) {
        if (score <= x[0]) {
            return y[0];
        }
        int last = x.length - 1;
        if (score >= x[last]) {
            return y[last];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double w = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + w * (y[hi] - y[lo]);
    }

    /** Block centres (ascending scores). */
    public double[] knots() {
        return x.clone();
    }

    /** Calibrated value at each knot (non-decreasing). */
    public double[] values() {
        return y.clone();
    }

    /** Rebuilds a fitted map from its knots and values (as saved in a model card). */
    public static IsotonicCalibrator of(double[] knots, double[] values) {
        if (knots.length == 0 || knots.length != values.length) {
            throw new IllegalArgumentException("isotonic map needs as many values as knots, at least one");
        }
        for (int i = 1; i < knots.length; i++) {
            if (knots[i] < knots[i - 1] || values[i] < values[i - 1]) {
                throw new IllegalArgumentException("isotonic knots and values must not decrease");
            }
        }
        return new IsotonicCalibrator(knots.clone(), values.clone());
    }
}
