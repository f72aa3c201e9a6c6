package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.data.MarketStore;
import kairos.engine.ml.Fold;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelFiles;
import kairos.engine.ml.ModelTrainer;
import kairos.engine.ml.PurgedSplit;
import kairos.engine.ml.TrainerConfig;
import kairos.engine.ml.TrainingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kairos train}: trains the model set on a range and writes it to the model registry. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the ML models (XGBoost direction UP/DOWN/FLAT with isotonic calibration, move size S/M/L/XL,",
                "time-to-target and optimal-stop regressions, and a logistic second family) on one symbol's range.",
                "The last 20%% of the range (time-ordered, purged) is the validation window for early stopping and calibration.",
                "Writes <out>/<name>/<version>/: booster JSON files and card.json (with feature_schema_hash), whole or",
                "not at all (Ctrl-C or SIGTERM stops it, writes nothing and exits 0)."},
        footer = {"", "Examples:", "  ./kairos train --symbol SOLUSDT --timeframe 5m --from 2025-04-11 --to 2025-07-11",
                "  ./kairos train --barrier-atr 1.5 --horizon-bars 24 --name sol-atr --out /tmp/models"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    MlOptions ml;

    @Option(names = "--out", paramLabel = "DIR", description = "Model registry root (default: models/ in the project).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: <symbol lowercase>-<timeframe>).")
    String name;

    @Option(names = "--model-version", paramLabel = "VERSION",
            description = "Model version (default: the end of the training range, e.g. 20250810).")
    String version;

    @Override
    public Integer call() {
        GracefulStop stop = GracefulStop.install("train", System.err); // before any work: a signal never leaves half a run
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        MlData data = MlData.load(store, config, series);
        long tf = data.timeframe().millis();
        long from = data.bars().openTime(0);
        long to = data.bars().openTime(data.bars().size() - 1) + tf;
        String modelName = name != null ? name : data.symbol().toLowerCase(Locale.ROOT) + "-" + data.timeframe().label();
        String modelVersion = version != null ? version
                : DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(to));
        if (!modelName.matches("[A-Za-z0-9._-]+") || !modelVersion.matches("[A-Za-z0-9._-]+")) {
            throw new UserError("--name and --model-version may hold only letters, digits, '.', '_' and '-'");
        }
        TrainerConfig cfg = ml.trainer(modelName, modelVersion, tf);
        long t0 = System.nanoTime();
        TrainingSet set = TrainingSet.of(data.bars(), cfg.labels());
        long featuresMs = (System.nanoTime() - t0) / 1_000_000;
        // The whole range is the training window; the "test" window is an empty marker after its end.
        Fold window = new Fold(0, from, to, to, to + 1);
        PurgedSplit split = PurgedSplit.of(set.openTimes(), set.labels(), window, cfg.validationFraction(),
                cfg.embargoMillis());
        Path root = out != null ? out : KairosHome.resolve("models");
        try (OutputFolder output = OutputFolder.begin(root.resolve(modelName).resolve(modelVersion), ModelFiles.FILES)) {
            stop.onStopDiscard(output::discard);
            try (MlModel model = ModelTrainer.train(set, split, window, cfg)) {
                ModelFiles.saveInto(model, output.staging());
                stop.commit(output::commit);
                @SuppressWarnings("unchecked")
                Map<String, Object> vm = (Map<String, Object>) model.card().get("validation_metrics");
                System.out.printf(Locale.ROOT, "trained %s/%s on %s %s %d bars %s .. %s (features %d ms, training %.1f s): "
                                + "validation log loss %.4f vs class prior %.4f, best iteration %d%n",
                        modelName, modelVersion, data.symbol(), data.timeframe(), data.bars().size(), Instant.ofEpochMilli(from),
                        Instant.ofEpochMilli(to), featuresMs, (double) model.card().get("training_seconds"),
                        (double) vm.get("direction_log_loss_raw"), (double) vm.get("direction_log_loss_prior"),
                        model.direction().bestIteration());
                System.out.println("model in " + output.target() + " (feature schema " + model.schemaHash() + ")");
            }
        }
        return 0;
    }
}
