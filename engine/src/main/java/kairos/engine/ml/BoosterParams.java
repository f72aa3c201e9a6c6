package kairos.engine.ml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of the gradient-boosted trees. Small on purpose: a few thousand rows per fold and a walk-forward
 * that must run in CI. Every configuration ever tried is listed in docs/models.md.
 */
public record BoosterParams(int maxDepth, double eta, int maxRounds, int earlyStoppingRounds, double subsample,
                            double colsampleByTree, double minChildWeight, double lambda, int threads, long seed) {

    public static BoosterParams defaults() {
        return new BoosterParams(3, 0.08, 150, 15, 0.8, 0.5, 20, 5.0, 1, 42);
    }

    public BoosterParams {
        if (maxDepth < 1 || maxRounds < 1 || earlyStoppingRounds < 1 || threads < 1) {
            throw new IllegalArgumentException("booster depth, rounds, early stopping and threads must be >= 1");
        }
        if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(colsampleByTree > 0 && colsampleByTree <= 1)) {
            throw new IllegalArgumentException("eta, subsample and colsample must be in (0, 1]");
        }
    }

    /** The XGBoost parameter map for {@code objective} (num_class added for multi-class objectives). */
    Map<String, Object> xgboost(String objective, int classes) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", objective);
        if (classes > 1) {
            p.put("num_class", classes);
            p.put("eval_metric", "mlogloss");
        } else {
            p.put("eval_metric", "rmse");
        }
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("subsample", subsample);
        p.put("colsample_bytree", colsampleByTree);
        p.put("min_child_weight", minChildWeight);
        p.put("lambda", lambda);
        p.put("tree_method", "hist");
        p.put("nthread", threads);
        p.put("seed", seed);
        p.put("verbosity", 0);
        p.put("verbose_eval", 0); // read by XGBoost4J's training loop: no per-round log lines on stdout
        return p;
    }

    /** As written to the model card. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_depth", maxDepth);
        m.put("eta", eta);
        m.put("max_rounds", maxRounds);
        m.put("early_stopping_rounds", earlyStoppingRounds);
        m.put("subsample", subsample);
        m.put("colsample_bytree", colsampleByTree);
        m.put("min_child_weight", minChildWeight);
        m.put("lambda", lambda);
        m.put("tree_method", "hist");
        m.put("nthread", threads);
        m.put("seed", seed);
        return m;
    }
}
