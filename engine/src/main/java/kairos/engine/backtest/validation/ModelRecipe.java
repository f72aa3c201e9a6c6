package kairos.engine.backtest.validation;

import kairos.engine.ml.BoosterParams;
import kairos.engine.ml.LabelSpec;
import kairos.engine.ml.TrainerConfig;

import java.util.Map;

/**
 * How a model was trained, read back from its card ({@code card.json} of {@code kairos train}): labels, booster and
 * logistic settings, validation share and embargo. The walk-forward retrains a candidate model with its recipe on
 * every fold's train window instead of using its weights, which were fitted on a window that may overlap the test
 * windows.
 */
public final class ModelRecipe {
    private ModelRecipe() {
    }

    /** @throws IllegalArgumentException naming the card field that is missing or not a number */
    @SuppressWarnings("unchecked")
    public static TrainerConfig of(Map<String, Object> card, String name, String version, int threads) {
        Map<String, Object> labels = map(card, "labels");
        int horizon = (int) number(labels, "horizon_bars", "labels");
        double price = number(labels, "barrier_price", "labels");
        double atr = number(labels, "barrier_atr", "labels");
        LabelSpec spec = atr > 0 ? LabelSpec.atr(atr, horizon) : LabelSpec.dollars(price, horizon);
        Map<String, Object> hp = map(card, "hyper_parameters");
        Map<String, Object> b = (Map<String, Object>) hp.get("booster");
        if (b == null) {
            throw new IllegalArgumentException("card.json: hyper_parameters.booster is missing");
        }
        BoosterParams d = BoosterParams.defaults();
        BoosterParams booster = new BoosterParams((int) number(b, "max_depth", "booster"), number(b, "eta", "booster"),
                (int) number(b, "max_rounds", "booster"), (int) number(b, "early_stopping_rounds", "booster"),
                number(b, "subsample", "booster"), number(b, "colsample_bytree", "booster"),
                number(b, "min_child_weight", "booster"), number(b, "lambda", "booster"), threads,
                b.get("seed") instanceof Number n ? n.longValue() : d.seed());
        Map<String, Object> logistic = (Map<String, Object>) hp.get("logistic");
        TrainerConfig base = TrainerConfig.defaults(name, version, spec);
        double l2 = logistic == null ? base.logisticL2() : number(logistic, "l2", "logistic");
        int epochs = logistic == null ? base.logisticEpochs() : (int) number(logistic, "epochs", "logistic");
        double lr = logistic == null ? base.logisticLearningRate() : number(logistic, "learning_rate", "logistic");
        Map<String, Object> window = (Map<String, Object>) card.get("training_window");
        double validation = window != null && window.get("validation_fraction") instanceof Number v ? v.doubleValue()
                : base.validationFraction();
        long embargo = window != null && window.get("embargo_ms") instanceof Number e ? e.longValue() : base.embargoMillis();
        return new TrainerConfig(name, version, spec, booster, l2, epochs, lr, validation, embargo, base.driftFeatures());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> card, String key) {
        if (!(card.get(key) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("card.json: '" + key + "' is missing; the card is not from ./kairos train");
        }
        return (Map<String, Object>) m;
    }

    private static double number(Map<String, Object> m, String key, String where) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("card.json: " + where + "." + key + " is missing or not a number");
        }
        return n.doubleValue();
    }
}
