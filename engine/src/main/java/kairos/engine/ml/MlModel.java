package kairos.engine.ml;

import java.util.List;
import java.util.Map;

/**
 * A trained model set, ready to score single rows: the XGBoost direction classifier (calibrated), the move-size
 * classifier, the time-to-target and optimal-stop regressions, the logistic second family and the drift
 * references. Built by {@link ModelTrainer} or read by {@link ModelFiles#load}. Scoring reuses its buffers: one
 * instance per kernel thread.
 */
public final class MlModel implements AutoCloseable {
    private final String name;
    private final String version;
    private final String schemaHash;
    private final List<String> columns;
    private final TreeModel direction;
    private final TreeModel size;
    private final TreeModel timeToTarget;
    private final TreeModel optimalStop;
    private final LogisticModel second;
    private final ClassCalibration calibration;
    private final List<DriftReference> driftFeatures;
    private final DriftReference driftPrediction;
    private final Map<String, Object> card;
    private final float[] scratch;
    private final double[] raw = new double[Direction.COUNT];
    private final double[] calibrated = new double[Direction.COUNT];
    private final double[] secondProbs = new double[Direction.COUNT];

    MlModel(String name, String version, String schemaHash, List<String> columns, TreeModel direction, TreeModel size,
            TreeModel timeToTarget, TreeModel optimalStop, LogisticModel second, ClassCalibration calibration,
            List<DriftReference> driftFeatures, DriftReference driftPrediction, Map<String, Object> card) {
        this.name = name;
        this.version = version;
        this.schemaHash = schemaHash;
        this.columns = List.copyOf(columns);
        this.direction = direction;
        this.size = size;
        this.timeToTarget = timeToTarget;
        this.optimalStop = optimalStop;
        this.second = second;
        this.calibration = calibration;
        this.driftFeatures = List.copyOf(driftFeatures);
        this.driftPrediction = driftPrediction;
        this.card = card;
        this.scratch = new float[columns.size()];
    }

    /** Calibrated P(UP), P(DOWN), P(FLAT) of one feature row, into {@code out}. */
    public void directionProbabilities(double[] row, double[] out) {
        toFloats(row);
        float[] p = direction.predict(scratch);
        for (int c = 0; c < Direction.COUNT; c++) {
            raw[c] = p[c];
        }
        calibration.apply(raw, out);
    }

    /** Second-family (logistic) probabilities of one row, into {@code out}. */
    public void secondFamilyProbabilities(double[] row, double[] out) {
        second.predict(row, out);
    }

    /**
     * Every score of one decision point. {@code barrier} is the barrier width there (quote currency), carried into
     * the fact so rules can turn the stop regression into a price distance.
     */
    public MlScore score(String symbol, long time, double[] row, double barrier) {
        directionProbabilities(row, calibrated);
        second.predict(row, secondProbs);
        int primary = ScoreMetrics.argmax(calibrated);
        double agreement = (1 + (ScoreMetrics.argmax(secondProbs) == primary ? 1 : 0)) / 2.0;
        float[] s = size.predict(scratch);
        int sizeClass = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c] > s[sizeClass]) {
                sizeClass = c;
            }
        }
        double large = s[2] + s[3];
        double ttt = Math.max(0, timeToTarget.predict(scratch)[0]);
        double stop = Math.max(0, optimalStop.predict(scratch)[0]);
        return new MlScore(symbol, time, name + "/" + version, calibrated[0], calibrated[1], calibrated[2], agreement,
                LabelSpec.SIZE_CLASSES[sizeClass], large, ttt, stop, barrier);
    }

    private void toFloats(double[] row) {
        if (row.length != scratch.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, the model expects " + scratch.length);
        }
        for (int i = 0; i < row.length; i++) {
            scratch[i] = (float) row[i];
        }
    }

    /** A drift monitor over this model's references (window and interval in decision points). */
    public DriftMonitor newDriftMonitor(int window, int every, double threshold) {
        return new DriftMonitor(driftFeatures, driftPrediction, window, every, threshold);
    }

    public String name() { return name; }
    public String version() { return version; }
    public String schemaHash() { return schemaHash; }
    public List<String> columns() { return columns; }
    public TreeModel direction() { return direction; }
    public TreeModel size() { return size; }
    public TreeModel timeToTarget() { return timeToTarget; }
    public TreeModel optimalStop() { return optimalStop; }
    public LogisticModel second() { return second; }
    public ClassCalibration calibration() { return calibration; }
    public List<DriftReference> driftFeatures() { return driftFeatures; }
    public DriftReference driftPrediction() { return driftPrediction; }
    /** The model card (what {@code card.json} holds). */
    public Map<String, Object> card() { return card; }

    @Override
    public void close() {
        direction.close();
        size.close();
        timeToTarget.close();
        optimalStop.close();
    }
}
