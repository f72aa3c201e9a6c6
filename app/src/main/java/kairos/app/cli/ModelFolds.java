package kairos.app.cli;

import kairos.engine.backtest.validation.Promotion;
import kairos.engine.backtest.validation.ScheduledScorer;
import kairos.engine.backtest.validation.SystemWalkForward;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.ml.Fold;
import kairos.engine.ml.MlFeatures;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelFiles;
import kairos.engine.ml.ModelScorer;
import kairos.engine.ml.TrainerConfig;
import kairos.engine.ml.TrainingSet;
import kairos.engine.ml.WalkForward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The system walk-forward's folds with a model: each fold's model is trained on its train window only (the ML
 * walk-forward, {@link WalkForward}, which also scores its test rows against the class prior) and scores every
 * backtest of the fold, its feature engine primed with the ten days of strategy bars before the run. Each fold's
 * model is saved under the work folder, so that the continuous out-of-sample run can score every fold's test window
 * with that fold's model ({@link ScheduledScorer}).
 */
final class ModelFolds implements Promotion.FoldRunner, AutoCloseable {
    private final String symbol;
    private final CandleSeries bars;
    private final TrainerConfig cfg;
    private final double takerFee;
    private final Timeframe timeframe;
    private final int threads;
    private final Consumer<String> progress;
    private final Path workDir;
    private final Map<Integer, Path> saved = new ConcurrentHashMap<>();
    private final List<MlModel> loaded = new ArrayList<>();
    private List<Fold> folds;
    private List<Map<String, Object>> reports;
    private Map<String, Object> summary;

    ModelFolds(String symbol, CandleSeries strategyBars, TrainerConfig cfg, double takerFee, Timeframe timeframe,
               int threads, Path workDir, Consumer<String> progress) {
        this.workDir = workDir;
        this.symbol = symbol;
        this.bars = strategyBars;
        this.cfg = cfg;
        this.takerFee = takerFee;
        this.timeframe = timeframe;
        this.threads = threads;
        this.progress = progress;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<SystemWalkForward.FoldRun> run(SystemWalkForward swf, List<Fold> folds) {
        long[] ends = SystemWalkForward.segmentEnds(folds);
        TrainingSet set = TrainingSet.of(bars, cfg.labels());
        Map<Integer, SystemWalkForward.FoldRun> byFold = new ConcurrentHashMap<>();
        this.folds = folds;
        Map<String, Object> result = WalkForward.run(set, folds, cfg, takerFee, (fold, model) -> {
            saved.put(fold.index(), ModelFiles.save(model, workDir.resolve("models-" + System.identityHashCode(this))
                    .resolve("fold-" + fold.index())));
            SystemWalkForward.FoldRun r = swf.evaluate(fold, ends[fold.index()], replayStart -> {
                ModelScorer scorer = new ModelScorer(model, timeframe, Set.of(symbol), EngineOptions.DRIFT_WINDOW_DECISIONS);
                scorer.prime(symbol, bars.slice(replayStart - 10 * 86_400_000L, replayStart).bars());
                return scorer;
            });
            byFold.put(fold.index(), r);
            return swf.foldReport(r);
        }, progress::accept, threads);
        reports = (List<Map<String, Object>>) result.get("folds");
        summary = (Map<String, Object>) result.get("summary");
        List<SystemWalkForward.FoldRun> runs = new ArrayList<>();
        for (Fold f : folds) {
            runs.add(byFold.get(f.index()));
        }
        return runs;
    }

    @Override
    public SystemWalkForward.Scorers continuousScorers() {
        if (folds == null) {
            throw new IllegalStateException("run the folds first");
        }
        synchronized (loaded) {
            if (loaded.isEmpty()) {
                for (Fold f : folds) {
                    loaded.add(ModelFiles.load(saved.get(f.index()), MlFeatures.schema(timeframe)));
                }
            }
        }
        List<Long> starts = new ArrayList<>();
        for (Fold f : folds) {
            starts.add(f.testFrom());
        }
        return replayStart -> {
            List<ModelScorer> scorers = new ArrayList<>();
            for (MlModel m : loaded) {
                ModelScorer s = new ModelScorer(m, timeframe, Set.of(symbol), EngineOptions.DRIFT_WINDOW_DECISIONS);
                s.prime(symbol, bars.slice(replayStart - 10 * 86_400_000L, replayStart).bars());
                scorers.add(s);
            }
            return new ScheduledScorer(starts, scorers);
        };
    }

    @Override
    public void close() {
        synchronized (loaded) {
            loaded.forEach(MlModel::close);
            loaded.clear();
        }
    }

    /** The ML walk-forward's fold reports (with the system fold reports merged in), after {@link #run}. */
    List<Map<String, Object>> reports() {
        return reports;
    }

    /** The ML walk-forward's summary, after {@link #run}. */
    Map<String, Object> summary() {
        return summary;
    }
}
