package kairos.engine.ml;

/**
 * Per-class isotonic calibration of a multi-class probability vector (one-vs-rest), renormalised to sum to one.
 */
public final class ClassCalibration {
    private final IsotonicCalibrator[] perClass;

    /**
     * Calibrated probabilities are kept in [FLOOR, 1 - FLOOR] before renormalising: an isotonic map fitted on a
     * finite window can say 0 for scores it never saw succeed, and a certain "never" costs an unbounded log loss.
     */
    public static final double FLOOR = 0.01;

    public ClassCalibration(IsotonicCalibrator[] perClass) {
        this.perClass = perClass.clone();
    }

    /** Fits one map per class on validation probabilities {@code probs[row][class]} and true classes. */
    public static ClassCalibration fit(double[][] probs, int[] classes, int classCount) {
        IsotonicCalibrator[] maps = new IsotonicCalibrator[classCount];
        for (int c = 0; c < classCount; c++) {
            double[] s = new double[probs.length];
            double[] o = new double[probs.length];
            for (int r = 0; r < probs.length; r++) {
                s[r] = probs[r][c];
                o[r] = classes[r] == c ? 1 : 0;
            }
            maps[c] = IsotonicCalibrator.fit(s, o);
        }
        return new ClassCalibration(maps);
    }

    public int classes() {
        return perClass.length;
    }

    public IsotonicCalibrator map(int c) {
        return perClass[c];
    }

    /** Calibrates {@code raw} in place into {@code out} (which may be {@code raw}). */
    public void apply(double[] raw, double[] out) {
        double sum = 0;
        for (int c = 0; c < perClass.length; c++) {
            out[c] = Math.max(FLOOR, Math.min(1 - FLOOR, perClass[c].apply(raw[c])));
            sum += out[c];
        }
        if (sum > 0) {
            for (int c = 0; c < perClass.length; c++) {
                out[c] /= sum;
            }
        } else {
            for (int c = 0; c < perClass.length; c++) {
                out[c] = 1.0 / perClass.length;
            }
        }
    }
}
