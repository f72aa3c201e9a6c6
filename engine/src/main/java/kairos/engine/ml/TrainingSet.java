package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.features.FeatureMatrix;
import kairos.engine.features.FeatureSchema;

/**
 * Feature rows and their labels, aligned row by row (row i is the bar opening at {@link #openTime(int)}; its
 * features are known at that bar's close, its labels read only later bars).
 */
public final class TrainingSet {
    private final FeatureMatrix features;
    private final Labels labels;
    private final long[] openTimes;

    public TrainingSet(FeatureMatrix features, Labels labels) {
        if (features.rows() != labels.size()) {
            throw new IllegalArgumentException("feature rows (" + features.rows() + ") and labels (" + labels.size()
                    + ") differ");
        }
        this.features = features;
        this.labels = labels;
        this.openTimes = new long[features.rows()];
        for (int i = 0; i < openTimes.length; i++) {
            openTimes[i] = features.timestamp(i);
        }
    }

    /**
     * Features of {@code bars} (computed as the live engine would, see {@link MlFeatures}) with labels by
     * {@code spec}; an ATR barrier reads the schema's {@code atr_14} at each decision point.
     */
    public static TrainingSet of(CandleSeries bars, LabelSpec spec) {
        FeatureMatrix m = MlFeatures.matrix(bars);
        double[] atr = m.column(m.schema().require(MlFeatures.ATR));
        return new TrainingSet(m, Labels.compute(bars, atr, spec));
    }

    public FeatureSchema schema() { return features.schema(); }
    public FeatureMatrix features() { return features; }
    public Labels labels() { return labels; }
    public int rows() { return openTimes.length; }
    public long openTime(int row) { return openTimes[row]; }
    public long[] openTimes() { return openTimes.clone(); }

    /** Row-major float copy of {@code rows} (NaN kept as missing). */
    float[] floats(int[] rows) {
        int cols = features.columns();
        float[] x = new float[rows.length * cols];
        for (int k = 0; k < rows.length; k++) {
            for (int j = 0; j < cols; j++) {
                x[k * cols + j] = (float) features.get(rows[k], j);
            }
        }
        return x;
    }

    double[][] doubles(int[] rows) {
        double[][] x = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            x[k] = features.row(rows[k]);
        }
        return x;
    }
}
