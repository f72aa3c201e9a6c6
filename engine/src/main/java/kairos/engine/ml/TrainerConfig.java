package kairos.engine.ml;

/**
 * How {@link ModelTrainer} trains: names, labels, booster and logistic settings, the validation share of the
 * training window and the embargo (see {@link PurgedSplit}).
 */
public record TrainerConfig(String name, String version, LabelSpec labels, BoosterParams booster, double logisticL2,
                            int logisticEpochs, double logisticLearningRate, double validationFraction,
                            long embargoMillis, int driftFeatures) {

    public static TrainerConfig defaults(String name, String version, LabelSpec labels) {
        return new TrainerConfig(name, version, labels, BoosterParams.defaults(), 0.05, 30, 0.05, 0.2, 0, 20);
    }

    public TrainerConfig withVersion(String v) {
        return new TrainerConfig(name, v, labels, booster, logisticL2, logisticEpochs, logisticLearningRate,
                validationFraction, embargoMillis, driftFeatures);
    }
}
