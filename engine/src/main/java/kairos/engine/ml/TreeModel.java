package kairos.engine.ml;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One XGBoost4J booster with its best iteration: trained with early stopping on a time-ordered validation window,
 * predicting with the trees up to the best iteration only, one row at a time without building a DMatrix
 * ({@code inplace_predict}). Not thread-safe (one per kernel thread).
 */
public final class TreeModel implements AutoCloseable {
    private static final String BEST = "kairos_best_iteration";

    private final Booster booster;
    private final int bestIteration;
    private final int columns;
    private final int outputs;
    private final int[] range;

    private TreeModel(Booster booster, int bestIteration, int columns, int outputs) {
        this.booster = booster;
        this.bestIteration = bestIteration;
        this.columns = columns;
        this.outputs = outputs;
        this.range = new int[]{0, bestIteration + 1};
    }

    /**
     * Trains on row-major {@code x} ({@code names.length} columns, NaN = missing).
     *
     * @param classes number of classes for {@code multi:softprob}; 1 for regression ({@code reg:squarederror})
     */
    public static TreeModel train(String[] names, float[] xFit, float[] yFit, float[] xVal, float[] yVal, int classes,
                                  BoosterParams params) {
        try (Data fit = new Data(xFit, yFit.length, names); Data val = new Data(xVal, yVal.length, names)) {
            return train(fit, yFit, val, yVal, classes, params);
        }
    }

    /** Rows for training, kept so that several targets share one histogram index (XGBoost caches it per matrix). */
    public static final class Data implements AutoCloseable {
        final DMatrix matrix;
        final int rows;
        final int columns;

        public Data(float[] x, int rows, String[] names) {
            if (rows == 0) {
                throw new IllegalArgumentException("no rows to train on");
            }
            try {
                this.matrix = new DMatrix(x, rows, names.length, Float.NaN);
                matrix.setFeatureNames(names);
            } catch (XGBoostError e) {
                throw new IllegalStateException("cannot build the XGBoost matrix: " + e.getMessage(), e);
            }
            this.rows = rows;
            this.columns = names.length;
        }

        @Override
        public void close() {
            matrix.dispose();
        }
    }

    /** Trains on prepared matrices with the labels given (which replace any earlier labels of the matrices). */
    public static TreeModel train(Data fit, float[] yFit, Data val, float[] yVal, int classes, BoosterParams params) {
        if (yFit.length != fit.rows || yVal.length != val.rows) {
            throw new IllegalArgumentException("labels and rows differ in number");
        }
        try {
            fit.matrix.setLabel(yFit);
            val.matrix.setLabel(yVal);
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("validation", val.matrix);
            String objective = classes > 1 ? "multi:softprob" : "reg:squarederror";
            float[][] history = new float[watches.size()][params.maxRounds()];
            Booster b = XGBoost.train(fit.matrix, params.xgboost(objective, classes), params.maxRounds(), watches,
                    history, null, null, params.earlyStoppingRounds());
            int best = bestIteration(history[0]);
            b.setAttr(BEST, Integer.toString(best));
            return new TreeModel(b, best, fit.columns, Math.max(1, classes));
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    /** The round with the lowest validation loss (rounds after an early stop are left at 0 in the history). */
    private static int bestIteration(float[] validationLoss) {
        int best = 0;
        for (int i = 1; i < validationLoss.length; i++) {
            if (validationLoss[i] == 0 && i > best + 1) {
                break;
            }
            if (validationLoss[i] < validationLoss[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Loads a booster saved with {@link #toJson()}; {@code columns} is the feature count it must expect. */
    public static TreeModel fromJson(byte[] json, int columns) {
        try {
            Booster b = XGBoost.loadModel(json);
            // single-row inference on the kernel thread: one OpenMP thread (the default, all cores, spins and
            // contends with the kernel itself, costing milliseconds per call on a busy machine)
            b.setParam("nthread", 1);
            String best = b.getAttr(BEST);
            if (best == null) {
                throw new IllegalArgumentException("booster has no " + BEST + " attribute (not saved by Kairos)");
            }
            long n = b.getNumFeature();
            if (n != columns) {
                throw new IllegalArgumentException("booster expects " + n + " features, the schema has " + columns);
            }
            TreeModel probe = new TreeModel(b, Integer.parseInt(best), columns, 1);
            float[][] out = probe.booster.inplace_predict(new float[columns], 1, columns, Float.NaN, probe.range);
            return new TreeModel(b, probe.bestIteration, columns, out[0].length);
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the booster: " + e.getMessage(), e);
        }
    }

    /** The booster as XGBoost's JSON model format. */
    public byte[] toJson() {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster: " + e.getMessage(), e);
        }
    }

    /** Scores one row ({@code columns} values, NaN = missing); returns the class probabilities or the regression value. */
    public float[] predict(float[] row) {
        try {
            return booster.inplace_predict(row, 1, columns, Float.NaN, range)[0];
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    /** Scores {@code rows} rows of row-major {@code x} at once (metrics on a test window). */
    public float[][] predict(float[] x, int rows) {
        if (rows == 0) {
            return new float[0][];
        }
        try {
            return booster.inplace_predict(x, rows, columns, Float.NaN, range);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    /** Total gain per feature name (features never split on are absent). */
    public Map<String, Double> gain() {
        try {
            return booster.getScore((String) null, "total_gain");
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    public int bestIteration() {
        return bestIteration;
    }

    public int outputs() {
        return outputs;
    }

    public int columns() {
        return columns;
    }

    @Override
    public void close() {
        booster.dispose();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
