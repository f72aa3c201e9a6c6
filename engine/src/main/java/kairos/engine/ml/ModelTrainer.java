package kairos.engine.ml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link MlModel} from the fitting and validation rows of a {@link PurgedSplit} (test rows are never
 * read): early stopping and probability calibration use the validation window, which lies after every fitting
 * row in time. Writes the model card as it goes.
 */
public final class ModelTrainer {
    private ModelTrainer() {
    }

    public static MlModel train(TrainingSet data, PurgedSplit split, Fold window, TrainerConfig cfg) {
        int[] fit = split.fit();
        int[] val = split.validation();
        if (fit.length < 50 || val.length < 20) {
            throw new IllegalArgumentException("too few labelled rows to train on in " + window + ": " + fit.length
                    + " fitting and " + val.length + " validation rows (need 50 and 20); widen the training window");
        }
        Labels labels = data.labels();
        String[] names = data.schema().specs().stream().map(s -> s.name()).toArray(String[]::new);
        int cols = names.length;
        float[] xFit = data.floats(fit);
        float[] xVal = data.floats(val);
        long t0 = System.nanoTime();

        TreeModel direction;
        TreeModel size;
        try (TreeModel.Data fitData = new TreeModel.Data(xFit, fit.length, names);
             TreeModel.Data valData = new TreeModel.Data(xVal, val.length, names)) {
            direction = TreeModel.train(fitData, target(fit, labels::direction), valData, target(val, labels::direction),
                    Direction.COUNT, cfg.booster());
            size = TreeModel.train(fitData, target(fit, labels::sizeClass), valData, target(val, labels::sizeClass),
                    LabelSpec.SIZE_CLASSES.length, cfg.booster());
        }
        int[] fitDir = directional(fit, labels);
        int[] valDir = directional(val, labels);
        if (fitDir.length < 20 || valDir.length < 5) {
            throw new IllegalArgumentException("too few rows that reached a barrier in " + window + " ("
                    + fitDir.length + " fitting, " + valDir.length + " validation); widen the window or the horizon");
        }
        TreeModel ttt;
        TreeModel stop;
        try (TreeModel.Data fitData = new TreeModel.Data(data.floats(fitDir), fitDir.length, names);
             TreeModel.Data valData = new TreeModel.Data(data.floats(valDir), valDir.length, names)) {
            ttt = TreeModel.train(fitData, regression(fitDir, labels::timeToTarget), valData,
                    regression(valDir, labels::timeToTarget), 1, cfg.booster());
            stop = TreeModel.train(fitData, regression(fitDir, labels::optimalStop), valData,
                    regression(valDir, labels::optimalStop), 1, cfg.booster());
        }

        int[] yFit = classes(fit, labels);
        int[] yVal = classes(val, labels);
        LogisticModel second = LogisticModel.fit(data.doubles(fit), yFit, Direction.COUNT, cfg.logisticL2(),
                cfg.logisticEpochs(), cfg.logisticLearningRate());

        double[][] rawVal = toDouble(direction.predict(xVal, val.length));
        ClassCalibration calibration = ClassCalibration.fit(rawVal, yVal, Direction.COUNT);
        double[][] calVal = new double[val.length][Direction.COUNT];
        for (int r = 0; r < val.length; r++) {
            calibration.apply(rawVal[r], calVal[r]);
        }
        long trainNanos = System.nanoTime() - t0;

        Map<String, Double> gain = direction.gain();
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(gain.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<DriftReference> drift = new ArrayList<>();
        Map<String, Object> importance = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : ranked) {
            if (importance.size() < 20) {
                importance.put(e.getKey(), e.getValue());
            }
            if (drift.size() < cfg.driftFeatures()) {
                int c = data.schema().require(e.getKey());
                double[] v = new double[fit.length];
                for (int k = 0; k < fit.length; k++) {
                    v[k] = data.features().get(fit[k], c);
                }
                DriftReference ref = DriftReference.of(e.getKey(), c, v);
                if (ref != null) {
                    drift.add(ref);
                }
            }
        }
        double[] pUpVal = new double[val.length];
        for (int r = 0; r < val.length; r++) {
            pUpVal[r] = calVal[r][Direction.UP.ordinal()];
        }
        DriftReference driftPrediction = DriftReference.of("p_up", -1, pUpVal);
        if (driftPrediction == null) {
            driftPrediction = new DriftReference("p_up", -1, new double[]{0.5}, new double[]{0.5, 0.5});
        }

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", cfg.name());
        card.put("version", cfg.version());
        card.put("feature_schema_hash", data.schema().hash());
        card.put("feature_columns", cols);
        card.put("feature_config", Map.of("base", data.schema().config().base().label(),
                "higher", data.schema().config().higher().stream().map(t -> t.label()).toList(),
                "context_symbols_fed", List.of()));
        card.put("training_window", Map.of("from", iso(window.trainFrom()), "to", iso(window.trainTo()),
                "fit_rows", fit.length, "validation_rows", val.length,
                "validation_from", iso(data.openTime(val[0])),
                "embargo_ms", cfg.embargoMillis(), "validation_fraction", cfg.validationFraction()));
        card.put("labels", Map.of("horizon_bars", cfg.labels().horizonBars(), "barrier_price", cfg.labels().barrierPrice(),
                "barrier_atr", cfg.labels().barrierAtr(), "size_edges_in_barriers", cfg.labels().sizeEdges(),
                "size_classes", List.of(LabelSpec.SIZE_CLASSES), "direction_classes", List.of("UP", "DOWN", "FLAT")));
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("booster", cfg.booster().describe());
        hp.put("logistic", Map.of("l2", cfg.logisticL2(), "epochs", cfg.logisticEpochs(),
                "learning_rate", cfg.logisticLearningRate()));
        card.put("hyper_parameters", hp);
        card.put("best_iterations", Map.of("direction", direction.bestIteration(), "size", size.bestIteration(),
                "time_to_target", ttt.bestIteration(), "optimal_stop", stop.bestIteration()));
        double[] prior = ScoreMetrics.classPrior(yFit, Direction.COUNT);
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("direction_log_loss_raw", ScoreMetrics.logLoss(rawVal, yVal));
        vm.put("direction_log_loss_prior", ScoreMetrics.logLossOfPrior(prior, yVal));
        vm.put("direction_auc_raw", aucs(rawVal, yVal));
        vm.put("note", "validation rows also fit the calibration, so only the raw (uncalibrated) figures are "
                + "out of sample; see walkforward.json for test-window metrics");
        card.put("validation_metrics", vm);
        Map<String, Object> cal = new LinkedHashMap<>();
        cal.put("method", "isotonic (pool-adjacent-violators) per class, one-vs-rest, renormalised");
        cal.put("fitted_on", "validation window");
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int c = 0; c < Direction.COUNT; c++) {
            maps.add(Map.of("class", Direction.values()[c].name(), "knots", calibration.map(c).knots(),
                    "values", calibration.map(c).values()));
        }
        cal.put("maps", maps);
        card.put("calibration", cal);
        card.put("feature_importance_gain_top20", importance);
        card.put("second_family", "multinomial logistic regression (standardised, L2, Adam)");
        card.put("training_seconds", trainNanos / 1e9);
        return new MlModel(cfg.name(), cfg.version(), data.schema().hash(), List.of(names), direction, size, ttt, stop,
                second, calibration, drift, driftPrediction, card);
    }

    static Map<String, Double> aucs(double[][] probs, int[] y) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            m.put(d.name(), ScoreMetrics.auc(probs, y, d.ordinal()));
        }
        return m;
    }

    static String iso(long t) {
        return Instant.ofEpochMilli(t).toString();
    }

    static double[][] toDouble(float[][] p) {
        double[][] d = new double[p.length][];
        for (int r = 0; r < p.length; r++) {
            d[r] = new double[p[r].length];
            for (int c = 0; c < p[r].length; c++) {
                d[r][c] = p[r][c];
            }
        }
        return d;
    }

    private static int[] directional(int[] rows, Labels labels) {
        return java.util.Arrays.stream(rows).filter(r -> labels.direction(r) != Direction.FLAT.ordinal()).toArray();
    }

    private static int[] classes(int[] rows, Labels labels) {
        int[] y = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = labels.direction(rows[k]);
        }
        return y;
    }

    private static float[] target(int[] rows, java.util.function.IntUnaryOperator f) {
        float[] y = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = f.applyAsInt(rows[k]);
        }
        return y;
    }

    private static float[] regression(int[] rows, java.util.function.IntToDoubleFunction f) {
        float[] y = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = (float) f.applyAsDouble(rows[k]);
        }
        return y;
    }
}
