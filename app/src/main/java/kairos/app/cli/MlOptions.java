package kairos.app.cli;

import kairos.engine.ml.BoosterParams;
import kairos.engine.ml.LabelSpec;
import kairos.engine.ml.TrainerConfig;
import picocli.CommandLine.Option;

/** Label and model options shared by {@code train} and {@code walkforward}. */
public final class MlOptions {
    @Option(names = "--horizon-bars", paramLabel = "N", defaultValue = "48",
            description = "Bars after a decision in which a barrier may be touched (default: 48, 4 h of 5m bars).")
    int horizonBars;

    @Option(names = "--barrier-usd", paramLabel = "PRICE", defaultValue = "2.0",
            description = "Barrier distance in quote currency, the \"$2 move\" (default: 2.0; ignored with --barrier-atr).")
    double barrierUsd;

    @Option(names = "--barrier-atr", paramLabel = "K", defaultValue = "0",
            description = "Barrier distance in ATR(14) multiples instead of --barrier-usd (default: 0 = off).")
    double barrierAtr;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "XGBoost threads (default: 1; OpenMP spin-waits badly on a shared machine).")
    int threads;

    @Option(names = "--embargo-bars", paramLabel = "N", defaultValue = "1",
            description = "Bars between the end of a label and the next window, on top of purging (default: 1).")
    int embargoBars;

    LabelSpec labels() {
        if (horizonBars < 1) {
            throw new UserError("--horizon-bars must be at least 1");
        }
        if (barrierAtr > 0) {
            return LabelSpec.atr(barrierAtr, horizonBars);
        }
        if (!(barrierUsd > 0)) {
            throw new UserError("--barrier-usd must be > 0 (or give --barrier-atr)");
        }
        return LabelSpec.dollars(barrierUsd, horizonBars);
    }

    TrainerConfig trainer(String name, String version, long barMillis) {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1");
        }
        BoosterParams d = BoosterParams.defaults();
        BoosterParams b = new BoosterParams(d.maxDepth(), d.eta(), d.maxRounds(), d.earlyStoppingRounds(), d.subsample(),
                d.colsampleByTree(), d.minChildWeight(), d.lambda(), threads, d.seed());
        TrainerConfig t = TrainerConfig.defaults(name, version, labels());
        return new TrainerConfig(t.name(), t.version(), t.labels(), b, t.logisticL2(), t.logisticEpochs(),
                t.logisticLearningRate(), t.validationFraction(), embargoBars * barMillis, t.driftFeatures());
    }
}
