package kairos.app.cli;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.kernel.Kernel;
import kairos.engine.domain.Timeframe;
import kairos.engine.ml.MlFeatures;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelFiles;
import kairos.engine.ml.ModelScorer;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Where the trading logic comes from: rule files, EPL modules, model. */
public final class EngineOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "Folder of *.drl rule files, read recursively (default: rules/).")
    Path rules;

    @Option(names = "--cep", paramLabel = "DIR", description = "Folder of *.epl modules, read recursively (default: cep-statements/).")
    Path cep;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder written by ./kairos train (models/<name>/<version>): its scores enter the rules as facts (default: none).")
    Path model;

    public Path rulesDir() {
        return rules != null ? rules : KairosHome.resolve("rules");
    }

    public Path cepDir() {
        return cep != null ? cep : KairosHome.resolve("cep-statements");
    }

    /**
     * The model scored at every decision point ({@code --model DIR}, a folder written by {@code kairos train}),
     * loaded once and refused when it was trained on another feature schema; null without {@code --model}.
     */
    public MlModel loadModel(Timeframe strategyTimeframe) {
        return model == null ? null : ModelFiles.load(model, MlFeatures.schema(strategyTimeframe));
    }

    /** The model version stamped on decisions: {@code name/version}, or "none" without a model. */
    public static String versionOf(MlModel model) {
        return model == null ? "none" : model.name() + "/" + model.version();
    }

    /** Attaches the model's scorer to a run (its feature engines warm up with the replay itself). */
    public static void attach(BacktestRun run, MlModel model, Timeframe strategyTimeframe, List<String> symbols) {
        attach(run.kernel(), model, strategyTimeframe, symbols);
    }

    /** Attaches the model's scorer to a session's kernel (its feature engines warm up with the back-fill). */
    public static void attach(Kernel kernel, MlModel model, Timeframe strategyTimeframe, List<String> symbols) {
        if (model != null) {
            kernel.attach(new ModelScorer(model, strategyTimeframe, Set.copyOf(symbols), DRIFT_WINDOW_DECISIONS));
        }
    }

    /** Decision points per drift-evaluation window: a day of 5m bars. */
    static final int DRIFT_WINDOW_DECISIONS = 288;
}
