package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.validation.ModelRecipe;
import kairos.engine.backtest.validation.ParameterGrid;
import kairos.engine.backtest.validation.Promotion;
import kairos.engine.backtest.validation.PromotionGate;
import kairos.engine.backtest.validation.RuleParameters;
import kairos.engine.backtest.validation.RuleVariant;
import kairos.engine.backtest.validation.StressSuite;
import kairos.engine.backtest.validation.SystemWalkForward;
import kairos.engine.backtest.validation.ValidationJson;
import kairos.engine.backtest.validation.ValidationPages;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.ml.DecisionScorer;
import kairos.engine.ml.Fold;
import kairos.engine.ml.MlFeatures;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelFiles;
import kairos.engine.ml.ModelScorer;
import kairos.engine.ml.TrainerConfig;
import kairos.engine.rules.RulesetHash;
import kairos.ops.journal.SqliteJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code kairos promote}: the promotion gate for a candidate rule set (and model) against the current one. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"The promotion gate: promotes a candidate only when it beats the current rules out of sample.",
                "It checks that the candidate's rules and EPL build and that its rule scenarios",
                "(tests/**/*.yaml) exist and pass, then runs the system walk-forward, a Monte Carlo bootstrap of the",
                "out-of-sample trades and the stress suite for the candidate and for the current set on the same data and",
                "folds (docs/validation.md). Promotes (exit 0, \"promoted\": true) only when, out of sample, the candidate",
                "beats the current set by --margin, makes at least --min-trades trades, its 95%% Monte Carlo drawdown",
                "interval stays inside --max-drawdown, its deflated Sharpe ratio over every configuration tried reaches",
                "--min-deflated-sharpe, its grid's PBO stays under --max-pbo and it is not worse under stress; otherwise",
                "exit 1, \"promoted\": false and the failed criteria. Every verdict writes <out>/promotion.json and",
                "promotion.html and is journaled; the candidates judged per series are counted in",
                "<store>/validation/trials.jsonl and deflate the next one. A candidate model (--candidate-model) is",
                "retrained per fold with the recipe of its card for the walk-forward; its own weights are stressed.",
                "Default: the bundled data, the project's rules/ as the current set, no model."},
        footer = {"", "Examples:", "  ./kairos promote --candidate-rules my-rules",
                "  ./kairos promote --candidate-rules my-rules --grid grid.yaml --from 2025-05-01 --out /tmp/promote"})
public final class PromoteCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    MlOptions ml;

    @Option(names = "--candidate-rules", required = true, paramLabel = "DIR", description = "The candidate's rule folder.")
    Path candidateRules;

    @Option(names = "--candidate-model", paramLabel = "DIR", description = "The candidate's model folder (./kairos train); default: none.")
    Path candidateModel;

    @Option(names = "--current-rules", paramLabel = "DIR", description = "The current rule folder (default: rules/).")
    Path currentRules;

    @Option(names = "--current-model", paramLabel = "DIR", description = "The current model folder (default: none).")
    Path currentModel;

    @Option(names = "--cep", paramLabel = "DIR", description = "EPL modules of both sets (default: cep-statements/).")
    Path cep;

    @Option(names = "--grid", paramLabel = "FILE", description = "The candidate's grid: rule parameters chosen per fold (as walkforward --system --grid).")
    Path grid;

    @Option(names = "--prior-trials", paramLabel = "N", defaultValue = "0",
            description = "Configurations tried for the candidate before, outside the gate (default: 0).")
    long priorTrials;

    @Option(names = "--context", paramLabel = "SYM[,SYM...]", split = ",",
            description = "Context symbols (default: from the config, BTCUSDT).")
    List<String> context;

    @Option(names = "--train-days", paramLabel = "N", description = "Walk-forward training window (default as walkforward: 90, 30 on short data).")
    Integer trainDays;

    @Option(names = "--test-days", paramLabel = "N", description = "Walk-forward test window (default: 30, 7 on short data).")
    Integer testDays;

    @Option(names = "--step-days", paramLabel = "N", description = "Walk-forward step (default: 7).")
    Integer stepDays;

    @Option(names = "--warmup-days", paramLabel = "N", defaultValue = "2", description = "Warm-up before each window (default: ${DEFAULT-VALUE}).")
    int warmupDays;

    @Option(names = "--select-by", paramLabel = "METRIC", defaultValue = "sharpe", description = "Grid selection metric (default: ${DEFAULT-VALUE}).")
    String selectBy;

    @Option(names = "--metric", paramLabel = "sharpe|net_pnl", defaultValue = "sharpe",
            description = "What the candidate must beat the current set on, out of sample (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--margin", paramLabel = "X", defaultValue = "0.25",
            description = "By how much: annualised Sharpe ratio, or quote currency with --metric net_pnl (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--max-drawdown", paramLabel = "F", defaultValue = "0.10",
            description = "Upper end of the 95%% Monte Carlo max-drawdown interval allowed (default: ${DEFAULT-VALUE}, R1.8).")
    double maxDrawdown;

    @Option(names = "--min-deflated-sharpe", paramLabel = "P", defaultValue = "0.95",
            description = "Deflated Sharpe ratio needed (default: ${DEFAULT-VALUE}).")
    double minDsr;

    @Option(names = "--min-trades", paramLabel = "N", defaultValue = "30", description = "Out-of-sample trades needed (default: ${DEFAULT-VALUE}).")
    int minTrades;

    @Option(names = "--max-pbo", paramLabel = "P", defaultValue = "0.5", description = "Highest PBO allowed with a grid (default: ${DEFAULT-VALUE}).")
    double maxPbo;

    @Option(names = "--stress-tolerance", paramLabel = "F", defaultValue = "0.02",
            description = "How much worse the candidate's worst stress drawdown may be than the current set's (default: ${DEFAULT-VALUE}).")
    double stressTolerance;

    @Option(names = "--max-stress-drawdown", paramLabel = "F",
            description = "An absolute limit on the worst stress drawdown (default: none).")
    Double maxStressDrawdown;

    @Option(names = "--no-stress", description = "Leave the stress suite out (its criterion is skipped).")
    boolean noStress;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10000", description = "Monte Carlo runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Monte Carlo seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallel", paramLabel = "N", description = "Backtests run at once (default: the number of cores).")
    Integer parallel;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write promotion.json and promotion.html (default: out/promote).")
    Path out;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        KairosConfig config = common.loadConfig();
        PromotionGate.Criteria criteria;
        SystemWalkForward.Selection selection;
        try {
            criteria = new PromotionGate.Criteria(metric, margin, maxDrawdown, minDsr, minTrades, maxPbo, stressTolerance,
                    maxStressDrawdown == null ? Double.NaN : maxStressDrawdown);
            selection = SystemWalkForward.Selection.parse(selectBy);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ValidationInputs.requireFolder("--candidate-rules", candidateRules);
        Path currentDir = currentRules != null ? currentRules : KairosHome.resolve("rules");
        Path cepDir = cep != null ? cep : KairosHome.resolve("cep-statements");
        int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new UserError("--parallel must be at least 1");
        }
        Timeframe tf = Timeframe.parse(series.timeframe != null ? series.timeframe : config.backtest().timeframe());
        MlModel candModel = candidateModel == null ? null : ModelFiles.load(candidateModel, MlFeatures.schema(tf));
        MlModel curModel = currentModel == null ? null : ModelFiles.load(currentModel, MlFeatures.schema(tf));
        MarketStore store = StoreAccess.open(common, System.err);
        ValidationInputs.Inputs cand = ValidationInputs.load(config, store, series, candidateRules, cepDir, context,
                EngineOptions.versionOf(candModel), System.err);
        ValidationInputs.Inputs cur = ValidationInputs.load(config, store, series, currentDir, cepDir, context,
                EngineOptions.versionOf(curModel), System.err);
        ParameterGrid candGrid = ParameterGrid.none();
        if (grid != null) {
            try {
                candGrid = ParameterGrid.read(grid, RuleParameters.of(candidateRules));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        BacktestSpec spec = cand.spec();
        CandleSeries traded = spec.bars().get(spec.symbols().getFirst());
        long from = traded.openTime(0);
        long to = traded.openTime(traded.size() - 1) + spec.feedTimeframe().millis();
        WalkforwardCommand.Windows w = WalkforwardCommand.windows(trainDays, testDays, stepDays, from, to);
        List<Fold> folds = w.plan().folds(from, to); // may be empty: a candidate failing its preconditions is still judged
        String seriesKey = spec.exchange() + "/" + cand.spec().symbols() + "/" + tf.label() + "/"
                + Instant.ofEpochMilli(from) + ".." + Instant.ofEpochMilli(to);
        String identity = identity(candidateRules, cepDir, grid, candidateModel);
        TrialLedger ledger = new TrialLedger(common.storeDir());
        long earlier = ledger.earlierTrials(seriesKey, identity);
        Path work = Files.createTempDirectory("kairos-promote-");
        Interruption.exitOnStop("promote", List.of(work));
        try {
            Promotion.Side candidate = new Promotion.Side("candidate " + candidateRules, spec, candGrid, priorTrials + earlier,
                    modelRunner(candModel, spec, store, config, tf, threads, work), scorers(candModel, tf, spec));
            Promotion.Side current = new Promotion.Side("current " + currentDir, cur.spec(), ParameterGrid.none(), 0,
                    modelRunner(curModel, cur.spec(), store, config, tf, threads, work), scorers(curModel, tf, cur.spec()));
            Promotion.Settings settings = new Promotion.Settings(warmupDays, selection, threads, runs, seed,
                    noStress ? null : new StressSuite.Settings(5, 6, threads), work);
            System.err.printf(Locale.ROOT, "kairos: promote %s against %s on %s %s, %d folds (%s), %d configuration%s + %d "
                            + "declared + %d earlier candidates' on this series%n", candidateRules, currentDir,
                    String.join(",", spec.symbols()), tf, folds.size(), w.note(), candGrid.size(), candGrid.size() == 1 ? "" : "s",
                    priorTrials, earlier);
            Promotion.Result r = Promotion.run(candidate, current, folds, settings, criteria,
                    line -> System.err.println("kairos: " + line));
            Map<String, Object> doc = new java.util.LinkedHashMap<>(r.document());
            doc.put("series", seriesKey);
            doc.put("windows", w.note());
            doc.put("trials_from_earlier_candidates", earlier);
            doc.put("trial_ledger", ledger.file().toString());
            doc.put("elapsed_seconds", (System.nanoTime() - t0) / 1e9);
            String json = ValidationJson.write(doc);
            ValidationOutput folder = new ValidationOutput(out != null ? out : KairosHome.resolve("out/promote"));
            folder.put("promotion.json", json).put("promotion.html", ValidationPages.promotion("Kairos promotion gate: "
                    + candidateRules.getFileName() + " against " + currentDir.getFileName(), r).render()).commit();
            Instant now = Instant.now();
            if (r.candidateWalkForward() != null) {
                // only a candidate whose statistics were computed was a trial of this data
                ledger.append(seriesKey, identity, candGrid.size(), r.verdict().promoted(), now.toString());
            }
            try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
                long id = journal.record(new SqliteJournal.Run("promote", spec.exchange(), spec.symbols(), tf.label(),
                        Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), RulesetHash.of(candidateRules, cepDir),
                        spec.modelVersion(), json), List.of(), List.of(), List.of(), now);
                System.err.println("kairos: journaled as run " + id + " in " + journal.file());
            }
            for (PromotionGate.Check c : r.verdict().checks()) {
                System.out.printf(Locale.ROOT, "%-16s %-7s %s%n", c.name(), c.status(), c.detail());
            }
            System.out.println((r.verdict().promoted() ? "PROMOTED" : "REFUSED") + "; results in " + folder.dir()
                    + " (promotion.json, promotion.html)");
            return r.verdict().promoted() ? 0 : 1;
        } finally {
            RuleVariant.delete(work);
        }
    }

    /** Trains a model per fold with the model's recipe; null without a model (the rules alone). */
    private Promotion.FoldRunner modelRunner(MlModel model, BacktestSpec spec, MarketStore store, KairosConfig config,
                                             Timeframe tf, int threads, Path work) {
        if (model == null) {
            return null;
        }
        if (spec.symbols().size() != 1) {
            throw new UserError("a model is trained on one symbol at a time (got " + spec.symbols() + ")");
        }
        String symbol = spec.symbols().getFirst();
        CandleSeries bars = store.candles(SeriesId.candles(spec.exchange(), kairos.engine.domain.Market.parse(
                series.market != null ? series.market : config.backtest().market()), symbol, tf), series.fromMillis(),
                series.toMillis());
        TrainerConfig cfg;
        try {
            cfg = ModelRecipe.of(model.card(), model.name(), "wf", 1);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return new ModelFolds(symbol, bars, cfg, config.feeSchedule().takerFee(), tf, threads, work,
                line -> System.err.println("kairos: " + line));
    }

    private static Supplier<DecisionScorer> scorers(MlModel model, Timeframe tf, BacktestSpec spec) {
        return model == null ? null : () -> new ModelScorer(model, tf, Set.copyOf(spec.symbols()),
                EngineOptions.DRIFT_WINDOW_DECISIONS);
    }

    /** What makes two candidates the same trial: their rules and EPL, their grid, their model's card. */
    static String identity(Path rules, Path cep, Path grid, Path model) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(RulesetHash.of(rules, cep).getBytes(StandardCharsets.UTF_8));
            if (grid != null) {
                d.update(Files.readAllBytes(grid));
            }
            if (model != null && Files.isRegularFile(model.resolve(ModelFiles.CARD))) {
                d.update(Files.readAllBytes(model.resolve(ModelFiles.CARD)));
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
