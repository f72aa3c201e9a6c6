package kairos.engine.backtest.validation;

import kairos.engine.ml.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRecipeTest {
    static Map<String, Object> card() {
        Map<String, Object> booster = new LinkedHashMap<>();
        booster.put("max_depth", 4);
        booster.put("eta", 0.1);
        booster.put("max_rounds", 90);
        booster.put("early_stopping_rounds", 9);
        booster.put("subsample", 0.7);
        booster.put("colsample_bytree", 0.6);
        booster.put("min_child_weight", 10.0);
        booster.put("lambda", 2.0);
        booster.put("seed", 7);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("labels", Map.of("horizon_bars", 24, "barrier_price", 1.5, "barrier_atr", 0.0));
        card.put("hyper_parameters", Map.of("booster", booster, "logistic", Map.of("l2", 0.1, "epochs", 12, "learning_rate", 0.02)));
        card.put("training_window", Map.of("validation_fraction", 0.25, "embargo_ms", 300_000));
        return card;
    }

    @Test
    void aCardsRecipeIsReadBack() {
        TrainerConfig c = ModelRecipe.of(card(), "sol", "wf", 1);
        assertThat(c.labels().horizonBars()).isEqualTo(24);
        assertThat(c.labels().barrierPrice()).isEqualTo(1.5);
        assertThat(c.booster().maxDepth()).isEqualTo(4);
        assertThat(c.booster().seed()).isEqualTo(7);
        assertThat(c.booster().threads()).isEqualTo(1);
        assertThat(c.logisticEpochs()).isEqualTo(12);
        assertThat(c.validationFraction()).isEqualTo(0.25);
        assertThat(c.embargoMillis()).isEqualTo(300_000);
        Map<String, Object> atr = card();
        atr.put("labels", Map.of("horizon_bars", 12, "barrier_price", 0.0, "barrier_atr", 1.5));
        atr.remove("training_window");
        Map<String, Object> hp = new LinkedHashMap<>((Map<String, Object>) atr.get("hyper_parameters"));
        hp.remove("logistic");
        atr.put("hyper_parameters", hp);
        TrainerConfig a = ModelRecipe.of(atr, "sol", "wf", 2);
        assertThat(a.labels().barrierAtr()).isEqualTo(1.5);
        assertThat(a.logisticEpochs()).isEqualTo(TrainerConfig.defaults("x", "y", a.labels()).logisticEpochs());
    }

    @Test
    void aCardWithoutTheRecipeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ModelRecipe.of(Map.of(), "n", "v", 1)).hasMessageContaining("'labels' is missing");
        Map<String, Object> c = card();
        c.put("labels", Map.of("horizon_bars", 24, "barrier_price", "x", "barrier_atr", 0.0));
        assertThatThrownBy(() -> ModelRecipe.of(c, "n", "v", 1)).hasMessageContaining("labels.barrier_price");
        Map<String, Object> d = card();
        d.put("hyper_parameters", Map.of());
        assertThatThrownBy(() -> ModelRecipe.of(d, "n", "v", 1)).hasMessageContaining("hyper_parameters.booster");
    }
}
