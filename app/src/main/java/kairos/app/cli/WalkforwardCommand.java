package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.EquityCsv;
import kairos.engine.backtest.TradesCsv;
import kairos.engine.backtest.validation.BacktestOutcome;
import kairos.engine.backtest.validation.ModelRecipe;
import kairos.engine.backtest.validation.MonteCarlo;
import kairos.engine.backtest.validation.MonteCarloResult;
import kairos.engine.backtest.validation.MonteCarloSettings;
import kairos.engine.backtest.validation.ParameterGrid;
import kairos.engine.backtest.validation.RuleNames;
import kairos.engine.backtest.validation.RuleParameters;
import kairos.engine.backtest.validation.RuleVariant;
import kairos.engine.backtest.validation.SystemWalkForward;
import kairos.engine.backtest.validation.ValidationJson;
import kairos.engine.backtest.validation.ValidationPages;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.ml.Fold;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelScorer;
import kairos.engine.ml.TrainerConfig;
import kairos.engine.ml.TrainingSet;
import kairos.engine.ml.WalkForward;
import kairos.engine.ml.WalkForwardPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code kairos walkforward}: rolling train/test evaluation of the models, or of the whole system with --system. */
@Command(name = "walkforward", mixinStandardHelpOptions = true,
        description = {"Rolls train/test windows over the data: the models alone, or the whole system with --system.",
                "Without --system (R18.1): trains the models of one symbol",
                "on each training window only (purged, embargoed, the last 20%% as validation), scores the following test",
                "window out of sample and backtests the rules over it with that fold's model attached.",
                "With --system (the validation walk-forward of the whole system, docs/validation.md): per fold the model",
                "is retrained on the train window only (--no-model: the rules alone; --model DIR: retrained with that",
                "model's recipe from its card), rule parameters are optionally chosen on the train window from --grid,",
                "the choice is backtested over the test window, and the out-of-sample segments are stitched into one",
                "equity and trade list; the configurations tried are counted, and the deflated Sharpe ratio, the minimum",
                "track-record length and the probability of backtest overfitting (CSCV over the grid) computed.",
                "Windows: --train-days 90 --test-days 30 --step-days 7 by default; when the data holds fewer than 3 such",
                "folds and no window option is given, 30 / 7 / 7 (said in the output and the JSON).",
                "Writes <out>/walkforward.json ({\"folds\": [...], \"summary\": {...}}; each fold says why it made no trade);",
                "--system also oos-trades.csv and oos-equity.csv (one continuous out-of-sample run, each fold's choice from its",
                "test start on), montecarlo.json (those trades resampled, when there are any) and validation.html (fold",
                "table, stitched equity, Monte Carlo fan chart)."},
        footer = {"", "Examples:", "  ./kairos walkforward --out /tmp/wf",
                "  ./kairos walkforward --symbol SOLUSDT --timeframe 5m --train-days 30 --test-days 7 --step-days 7 --out /tmp/wf",
                "  ./kairos walkforward --system --no-model --grid grid.yaml --out /tmp/wf-system"})
public final class WalkforwardCommand implements Callable<Integer> {
    static final int DEFAULT_TRAIN = 90;
    static final int DEFAULT_TEST = 30;
    static final int DEFAULT_STEP = 7;

    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    MlOptions ml;
    @Mixin
    EngineOptions engine;

    @Option(names = "--train-days", paramLabel = "N", description = "Training window in days (default: 90; 30 on short data).")
    Integer trainDays;

    @Option(names = "--test-days", paramLabel = "N", description = "Test window in days (default: 30; 7 on short data).")
    Integer testDays;

    @Option(names = "--step-days", paramLabel = "N", description = "Step between folds in days (default: 7).")
    Integer stepDays;

    @Option(names = "--system", description = "Walk-forward of the whole system (rules + model), see above.")
    boolean system;

    @Option(names = "--no-model", description = "With --system: the rules alone, no model.")
    boolean noModel;

    @Option(names = "--grid", paramLabel = "FILE",
            description = "With --system: YAML of rule parameters and the values to choose from per fold, e.g. 'parameters: {stopAtr: [1.5, 2.0]}'.")
    Path grid;

    @Option(names = "--select-by", paramLabel = "METRIC", defaultValue = "sharpe",
            description = "With --grid: the train-window metric that chooses: sharpe, net_pnl or profit_factor (default: ${DEFAULT-VALUE}).")
    String selectBy;

    @Option(names = "--prior-trials", paramLabel = "N", defaultValue = "0",
            description = "With --system: configurations already tried on this data before this run, added to the grid's for the deflated Sharpe ratio (default: 0).")
    long priorTrials;

    @Option(names = "--warmup-days", paramLabel = "N", defaultValue = "2",
            description = "With --system: days replayed before each window with entries vetoed, so indicators are warm (default: ${DEFAULT-VALUE}).")
    int warmupDays;

    @Option(names = "--context", paramLabel = "SYM[,SYM...]", split = ",",
            description = "Context symbols fed to indicators and CEP in the backtests (default: from the config, BTCUSDT).")
    List<String> context;

    @Option(names = "--parallel", paramLabel = "N", description = "Folds run at once (default: the number of cores).")
    Integer parallel;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10000",
            description = "With --system: Monte Carlo runs over the out-of-sample trades (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "With --system: Monte Carlo seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: out/walkforward).")
    Path out;

    /** The windows to use and why. */
    record Windows(WalkForwardPlan plan, String note) {
    }

    @Override
    public Integer call() throws IOException {
        if (!system && (noModel || grid != null || priorTrials != 0)) {
            throw new UserError("--no-model, --grid and --prior-trials need --system");
        }
        threads(); // refuse a bad --parallel before any work
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        return system ? systemWalkForward(config, store) : modelWalkForward(config, store);
    }

    private int threads() {
        int n = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new UserError("--parallel must be at least 1");
        }
        return n;
    }

    Windows windows(long from, long to) {
        return windows(trainDays, testDays, stepDays, from, to);
    }

    /** The explicit windows, or the default 90/30/7, or 30/7/7 when the default leaves fewer than 3 folds. */
    static Windows windows(Integer trainDays, Integer testDays, Integer stepDays, long from, long to) {
        try {
            if (trainDays != null || testDays != null || stepDays != null) {
                WalkForwardPlan plan = new WalkForwardPlan(trainDays != null ? trainDays : DEFAULT_TRAIN,
                        testDays != null ? testDays : DEFAULT_TEST, stepDays != null ? stepDays : DEFAULT_STEP);
                return new Windows(plan, "as given");
            }
            WalkForwardPlan plan = new WalkForwardPlan(DEFAULT_TRAIN, DEFAULT_TEST, DEFAULT_STEP);
            if (plan.folds(from, to).size() >= 3) {
                return new Windows(plan, "the default 90/30/7 (R18.1)");
            }
            return new Windows(new WalkForwardPlan(30, 7, 7), "30/7/7: the data holds fewer than 3 folds of the default "
                    + "90/30/7 (ARCHITECTURE.md, walk-forward on short data sets)");
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static List<Fold> folds(Windows w, long from, long to) {
        List<Fold> folds = w.plan().folds(from, to);
        if (folds.isEmpty()) {
            throw new UserError("the data (" + Instant.ofEpochMilli(from) + " .. " + Instant.ofEpochMilli(to)
                    + ") is shorter than one fold of " + w.plan().trainDays() + " + " + w.plan().testDays()
                    + " days; use shorter --train-days/--test-days (e.g. --train-days 30 --test-days 7 --step-days 7)");
        }
        return folds;
    }

    private int modelWalkForward(KairosConfig config, MarketStore store) throws IOException {
        Interruption.exitOnStop("walkforward", List.of());
        MlData data = MlData.load(store, config, series);
        CandleSeries bars = data.bars();
        long tf = data.timeframe().millis();
        long from = bars.openTime(0);
        long to = bars.openTime(bars.size() - 1) + tf;
        Windows w = windows(from, to);
        List<Fold> folds = folds(w, from, to);
        TrainerConfig cfg = ml.trainer(data.symbol().toLowerCase(Locale.ROOT) + "-" + data.timeframe().label(), "wf", tf);
        long t0 = System.nanoTime();
        TrainingSet set = TrainingSet.of(bars, cfg.labels());
        System.err.printf(Locale.ROOT, "kairos: walkforward %s %s, %d bars, %d folds (train %d / test %d / step %d days: %s), "
                        + "features %d ms%n", data.symbol(), data.timeframe(), bars.size(), folds.size(), w.plan().trainDays(),
                w.plan().testDays(), w.plan().stepDays(), w.note(), (System.nanoTime() - t0) / 1_000_000);
        double taker = config.feeSchedule().takerFee();
        ValidationInputs.Inputs in = ValidationInputs.load(config, store, series, engine.rulesDir(), engine.cepDir(), context,
                "wf-per-fold", System.err);
        Set<String> watched = RuleNames.emergency(engine.rulesDir());
        Map<String, Object> result = WalkForward.run(set, folds, cfg, taker,
                (fold, model) -> backtest(in.spec(), data, fold, model, watched), line -> System.err.println("kairos: " + line),
                threads());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("folds", result.get("folds"));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new LinkedHashMap<>((Map<String, Object>) result.get("summary"));
        summary.put("symbol", data.symbol());
        summary.put("exchange", data.exchange());
        summary.put("timeframe", data.timeframe().label());
        summary.put("context_symbols", in.spec().contextSymbols());
        putWindows(summary, w);
        summary.put("labels", labels(cfg));
        summary.put("hyper_parameters", cfg.booster().describe());
        summary.put("configurations_tried", 2); // see docs/models.md: the first run had no probability floor and a weaker logistic penalty
        summary.put("feature_schema_hash", set.schema().hash());
        summary.put("folds_without_trades", noTradeFolds(result));
        summary.put("elapsed_seconds", (System.nanoTime() - t0) / 1e9);
        doc.put("summary", summary);
        ValidationOutput folder = new ValidationOutput(out != null ? out : KairosHome.resolve("out/walkforward"));
        folder.put("walkforward.json", ValidationJson.write(doc)).commit();
        System.out.printf(Locale.ROOT, "%d folds: log loss %.4f vs class prior %.4f, top-decile hit rate %.3f (baseline %.3f), "
                        + "rules pnl %.2f, %d folds without a trade%n", folds.size(), (double) summary.get("log_loss"),
                (double) summary.get("log_loss_prior"), (double) summary.get("top_decile_hit_rate_mean"),
                (double) summary.get("top_decile_hit_rate_baseline_mean"), (double) summary.get("pnl_total"),
                (int) summary.get("folds_without_trades"));
        System.out.println("results in " + folder.dir().resolve("walkforward.json"));
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static int noTradeFolds(Map<String, Object> result) {
        int n = 0;
        for (Map<String, Object> f : (List<Map<String, Object>>) result.get("folds")) {
            if (f.get("no_trade_reason") != null) {
                n++;
            }
        }
        return n;
    }

    private static void putWindows(Map<String, Object> summary, Windows w) {
        summary.put("train_days", w.plan().trainDays());
        summary.put("test_days", w.plan().testDays());
        summary.put("step_days", w.plan().stepDays());
        summary.put("windows", w.note());
    }

    private static Map<String, Object> labels(TrainerConfig cfg) {
        Map<String, Object> m = new LinkedHashMap<>(); // never Map.of: its order changes from one JVM to the next
        m.put("horizon_bars", cfg.labels().horizonBars());
        m.put("barrier_price", cfg.labels().barrierPrice());
        m.put("barrier_atr", cfg.labels().barrierAtr());
        return m;
    }

    /**
     * The kernel backtest of the rules over the fold's test window, with the fold's model as the scorer and the
     * context symbols of a backtest; says why no trade was made when none was.
     */
    private Map<String, Object> backtest(BacktestSpec full, MlData data, Fold fold, MlModel model, Set<String> watched) {
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        full.bars().forEach((s, c) -> bars.put(s, c.slice(fold.testFrom(), fold.testTo())));
        BacktestSpec spec = new BacktestSpec(full.exchange(), full.symbols(), full.contextSymbols(), full.feedTimeframe(),
                full.strategyTimeframe(), bars, full.funding(), full.rulesDir(), full.cepDir(), full.initialEquity(),
                full.venue(), full.execution(), full.riskLimits(), full.instruments(), model.name() + "/" + model.version());
        long t0 = System.nanoTime();
        BacktestOutcome o = BacktestOutcome.run(spec, () -> {
            ModelScorer scorer = new ModelScorer(model, data.timeframe(), Set.of(data.symbol()), EngineOptions.DRIFT_WINDOW_DECISIONS);
            scorer.prime(data.symbol(), data.bars().slice(fold.trainFrom(), fold.testFrom()).bars());
            return scorer;
        }, Long.MIN_VALUE, watched);
        double fees = o.trades().stream().mapToDouble(t -> t.fees()).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pnl", o.netPnl());
        m.put("pnl_trades", o.trades().size());
        m.put("pnl_fees", fees);
        m.put("pnl_return", o.netPnl() / full.initialEquity());
        m.put("decisions", o.decisions().toMap());
        m.put("no_trade_reason", o.decisions().noTradeReason(o.trades().size()));
        m.put("pnl_seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    private int systemWalkForward(KairosConfig config, MarketStore store) throws IOException {
        long t0 = System.nanoTime();
        PrintStream err = System.err;
        MlModel recipeModel = noModel ? null : engine.loadModel(Timeframe.parse(
                series.timeframe != null ? series.timeframe : config.backtest().timeframe()));
        ValidationInputs.Inputs in = ValidationInputs.load(config, store, series, engine.rulesDir(), engine.cepDir(), context,
                noModel ? "none" : "walkforward/per-fold", err);
        BacktestSpec spec = in.spec();
        ParameterGrid parameters = grid == null ? ParameterGrid.none() : ParameterGrid.read(grid, RuleParameters.of(spec.rulesDir()));
        SystemWalkForward.Selection selection = SystemWalkForward.Selection.parse(selectBy);
        CandleSeries traded = spec.bars().get(spec.symbols().getFirst());
        long from = traded.openTime(0);
        long to = traded.openTime(traded.size() - 1) + spec.feedTimeframe().millis();
        Windows w = windows(from, to);
        List<Fold> folds = folds(w, from, to);
        Path work = Files.createTempDirectory("kairos-walkforward-");
        Interruption.exitOnStop("walkforward", List.of(work));
        try {
            SystemWalkForward.Settings settings = new SystemWalkForward.Settings(warmupDays, selection, priorTrials, work);
            SystemWalkForward swf = new SystemWalkForward(spec, parameters, settings);
            err.printf(Locale.ROOT, "kairos: walkforward --system %s %s, %d folds (train %d / test %d / step %d days: %s), "
                            + "%d configuration%s, %s%n", String.join(",", spec.symbols()), in.strategyTimeframe(), folds.size(),
                    w.plan().trainDays(), w.plan().testDays(), w.plan().stepDays(), w.note(), parameters.size(),
                    parameters.size() == 1 ? "" : "s", noModel ? "rules only" : "model retrained per fold");
            SystemRun run = SystemRun.run(swf, spec, store, config, series, ml, recipeModel, noModel, folds, threads(),
                    in.strategyTimeframe(), line -> err.println("kairos: " + line));
            SystemWalkForward.Result result = run.result();
            Map<String, Object> summary = new LinkedHashMap<>(result.summary());
            summary.put("symbols", spec.symbols());
            summary.put("context_symbols", spec.contextSymbols());
            summary.put("exchange", spec.exchange());
            summary.put("timeframe", in.strategyTimeframe().label());
            summary.put("feed_timeframe", spec.feedTimeframe().label());
            putWindows(summary, w);
            summary.put("rules", spec.rulesDir().toString());
            summary.put("ruleset_hash", kairos.engine.rules.RulesetHash.of(spec.rulesDir(), spec.cepDir()));
            summary.put("grid_file", grid == null ? null : grid.toString());
            summary.put("model", run.modelNote());
            if (run.mlSummary() != null) {
                for (String k : List.of("log_loss", "log_loss_prior", "log_loss_skill", "folds_beating_prior", "auc_mean",
                        "top_decile_hit_rate_mean", "top_decile_hit_rate_baseline_mean")) {
                    summary.put(k, run.mlSummary().get(k));
                }
            }
            summary.put("elapsed_seconds", (System.nanoTime() - t0) / 1e9);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("folds", run.foldReports());
            doc.put("summary", summary);
            MonteCarloResult mc = result.trades().isEmpty() ? null : MonteCarlo.run(result.trades(),
                    new MonteCarloSettings(runs, seed, MonteCarloSettings.Method.BOOTSTRAP, 0, 0, 0, 0, 0.5,
                            MonteCarloSettings.DEFAULT_RUIN_THRESHOLD, spec.initialEquity(),
                            Runtime.getRuntime().availableProcessors()));
            ValidationOutput folder = new ValidationOutput(out != null ? out : KairosHome.resolve("out/walkforward"));
            folder.put("walkforward.json", ValidationJson.write(doc));
            Path tmp = Files.createTempFile(work, "oos", ".csv");
            TradesCsv.write(tmp, result.trades());
            folder.put("oos-trades.csv", Files.readString(tmp));
            EquityCsv.write(tmp, result.equity());
            folder.put("oos-equity.csv", Files.readString(tmp));
            if (mc != null) {
                folder.put("montecarlo.json", ValidationJson.write(mc.toMap()));
            }
            folder.put("validation.html", ValidationPages.walkForward("Kairos walk-forward " + String.join(",", spec.symbols())
                    + " " + in.strategyTimeframe(), doc, result, mc).render());
            folder.commit();
            print(summary, result);
            System.out.println("results in " + folder.dir() + " (walkforward.json, oos-trades.csv, oos-equity.csv"
                    + (mc != null ? ", montecarlo.json" : "") + ", validation.html)");
            return 0;
        } finally {
            RuleVariant.delete(work);
        }
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> summary, SystemWalkForward.Result result) {
        Map<String, Object> oos = (Map<String, Object>) summary.get("out_of_sample");
        Map<String, Object> dsr = (Map<String, Object>) summary.get("deflated_sharpe");
        Map<String, Object> pbo = (Map<String, Object>) summary.get("pbo");
        System.out.printf(Locale.ROOT, "%d folds out of sample %s .. %s: %d trades, net pnl %.2f, total return %.2f%%, "
                        + "max drawdown %.2f%%, Sharpe %s; %d configurations tried (+%d declared), deflated Sharpe %s, "
                        + "PBO %s; %d folds without a trade%n", (int) summary.get("folds"), summary.get("out_of_sample_from"),
                summary.get("out_of_sample_to"), (int) oos.get("trades"), num(oos.get("net_pnl")),
                100 * num(oos.get("total_return")), 100 * num(oos.get("max_drawdown")), fmt(oos.get("sharpe")),
                (int) summary.get("configurations_tried"), (long) summary.get("prior_trials"), fmt(dsr.get("deflated_sharpe")),
                pbo.get("pbo") == null ? "n/a (" + pbo.get("note") + ")" : fmt(pbo.get("pbo")),
                (int) summary.get("folds_without_trades"));
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String fmt(Object o) {
        return o instanceof Number n && Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
    }

    /** Runs the system folds, with a model per fold (through the ML walk-forward) or without. */
    record SystemRun(SystemWalkForward.Result result, List<Map<String, Object>> foldReports, Map<String, Object> mlSummary,
                     String modelNote) {

        static SystemRun run(SystemWalkForward swf, BacktestSpec spec, MarketStore store, KairosConfig config,
                             SeriesOptions series, MlOptions ml, MlModel recipeModel, boolean noModel, List<Fold> folds,
                             int threads, Timeframe strategyTf, java.util.function.Consumer<String> progress) {
            if (noModel) {
                List<SystemWalkForward.FoldRun> runs = swf.evaluateAll(folds, threads, progress);
                SystemWalkForward.Result r = swf.assemble(runs);
                List<Map<String, Object>> reports = new ArrayList<>();
                for (SystemWalkForward.FoldRun f : runs) {
                    Map<String, Object> m = swf.foldReport(f);
                    for (String k : List.of("log_loss", "log_loss_prior", "auc", "top_decile_hit_rate")) {
                        m.put(k, null); // the contract's model keys: no model in this walk-forward
                    }
                    reports.add(m);
                }
                return new SystemRun(r, reports, null, "none (--no-model): the rules alone");
            }
            if (spec.symbols().size() != 1) {
                throw new UserError("--system with a model: models are trained on one symbol at a time (got "
                        + spec.symbols() + "); give --no-model or one --symbol");
            }
            String symbol = spec.symbols().getFirst();
            CandleSeries bars = store.candles(SeriesId.candles(spec.exchange(),
                    kairos.engine.domain.Market.parse(series.market != null ? series.market : config.backtest().market()),
                    symbol, strategyTf), series.fromMillis(), series.toMillis());
            long tf = strategyTf.millis();
            TrainerConfig cfg = recipeModel != null
                    ? ModelRecipe.of(recipeModel.card(), recipeModel.name(), "wf", 1)
                    : ml.trainer(symbol.toLowerCase(Locale.ROOT) + "-" + strategyTf.label(), "wf", tf);
            String note = recipeModel != null
                    ? "retrained per fold on its train window with the recipe of " + recipeModel.name() + "/"
                    + recipeModel.version() + " (labels and hyper-parameters from its card; its own weights are not used)"
                    : "retrained per fold on its train window (labels and booster of the --horizon-bars/--barrier-* options)";
            try (ModelFolds runner = new ModelFolds(symbol, bars, cfg, config.feeSchedule().takerFee(), strategyTf, threads,
                    swf.settings().workDir(), progress)) {
                List<SystemWalkForward.FoldRun> runs = runner.run(swf, folds);
                return new SystemRun(swf.assemble(runs, runner.continuousScorers()), runner.reports(), runner.summary(), note);
            }
        }
    }
}
