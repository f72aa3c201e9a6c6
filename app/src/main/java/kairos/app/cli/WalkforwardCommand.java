package kairos.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.execution.TradeRecord;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code kairos walkforward}: rolling train/test evaluation of the models and of the rules using them. */
@Command(name = "walkforward", mixinStandardHelpOptions = true,
        description = {"Rolls train/test windows over one symbol's data: trains the models on each training window only",
                "(purged, embargoed, the last 20%% as validation), scores the following test window out of sample and",
                "backtests the rules over it with that fold's model attached. Writes <out>/walkforward.json:",
                "{\"folds\": [...], \"summary\": {...}} with log loss vs the class-prior baseline, AUC per class, top-decile",
                "hit rate and PnL per fold."},
        footer = {"", "Examples:", "  ./kairos walkforward --out /tmp/wf",
                "  ./kairos walkforward --symbol SOLUSDT --timeframe 5m --train-days 30 --test-days 7 --step-days 7 --out /tmp/wf"})
public final class WalkforwardCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    MlOptions ml;
    @Mixin
    EngineOptions engine;

    @Option(names = "--train-days", paramLabel = "N", defaultValue = "90", description = "Training window in days (default: 90).")
    int trainDays;

    @Option(names = "--test-days", paramLabel = "N", defaultValue = "30", description = "Test window in days (default: 30).")
    int testDays;

    @Option(names = "--step-days", paramLabel = "N", defaultValue = "7", description = "Step between folds in days (default: 7).")
    int stepDays;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write walkforward.json (default: out/walkforward).")
    Path out;

    @Override
    public Integer call() throws IOException {
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        MlData data = MlData.load(store, config, series);
        WalkForwardPlan plan;
        try {
            plan = new WalkForwardPlan(trainDays, testDays, stepDays);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        CandleSeries bars = data.bars();
        long tf = data.timeframe().millis();
        long from = bars.openTime(0);
        long to = bars.openTime(bars.size() - 1) + tf;
        List<Fold> folds = plan.folds(from, to);
        if (folds.isEmpty()) {
            throw new UserError("the data (" + java.time.Instant.ofEpochMilli(from) + " .. " + java.time.Instant.ofEpochMilli(to)
                    + ") is shorter than one fold of " + trainDays + " + " + testDays + " days; use shorter "
                    + "--train-days/--test-days (e.g. --train-days 30 --test-days 7 --step-days 7)");
        }
        TrainerConfig cfg = ml.trainer(data.symbol().toLowerCase(Locale.ROOT) + "-" + data.timeframe().label(), "wf", tf);
        long t0 = System.nanoTime();
        TrainingSet set = TrainingSet.of(bars, cfg.labels());
        System.err.printf(Locale.ROOT, "kairos: walkforward %s %s, %d bars, %d folds (train %d / test %d / step %d days), "
                        + "features %d ms%n", data.symbol(), data.timeframe(), bars.size(), folds.size(), trainDays,
                testDays, stepDays, (System.nanoTime() - t0) / 1_000_000);
        double taker = config.feeSchedule().takerFee();
        Map<String, Object> result = WalkForward.run(set, folds, cfg, taker,
                (fold, model) -> backtest(config, data, fold, model), line -> System.err.println("kairos: " + line));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("folds", result.get("folds"));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new LinkedHashMap<>((Map<String, Object>) result.get("summary"));
        summary.put("symbol", data.symbol());
        summary.put("exchange", data.exchange());
        summary.put("timeframe", data.timeframe().label());
        summary.put("train_days", trainDays);
        summary.put("test_days", testDays);
        summary.put("step_days", stepDays);
        summary.put("labels", Map.of("horizon_bars", cfg.labels().horizonBars(), "barrier_price", cfg.labels().barrierPrice(),
                "barrier_atr", cfg.labels().barrierAtr()));
        summary.put("hyper_parameters", cfg.booster().describe());
        summary.put("configurations_tried", 2); // see docs/models.md: the first run had no probability floor and a weaker logistic penalty
        summary.put("feature_schema_hash", set.schema().hash());
        summary.put("elapsed_seconds", (System.nanoTime() - t0) / 1e9);
        doc.put("summary", summary);
        Path dir = out != null ? out : KairosHome.resolve("out/walkforward");
        Files.createDirectories(dir);
        Path file = dir.resolve("walkforward.json");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.getFactory().disable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        json.writeValue(file.toFile(), NullNaN.clean(doc));
        System.out.printf(Locale.ROOT, "%d folds: log loss %.4f vs class prior %.4f, top-decile hit rate %.3f (baseline %.3f), "
                        + "rules pnl %.2f%n", folds.size(), (double) summary.get("log_loss"),
                (double) summary.get("log_loss_prior"), (double) summary.get("top_decile_hit_rate_mean"),
                (double) summary.get("top_decile_hit_rate_baseline_mean"), (double) summary.get("pnl_total"));
        System.out.println("results in " + file);
        return 0;
    }

    /** The kernel backtest of the rules over the fold's test window, with the fold's model as the scorer. */
    private Map<String, Object> backtest(KairosConfig config, MlData data, Fold fold, MlModel model) {
        CandleSeries test = data.bars().slice(fold.testFrom(), fold.testTo());
        KairosConfig.Backtest bt = config.backtest();
        BacktestSpec spec = new BacktestSpec(data.exchange(), List.of(data.symbol()), List.of(), data.timeframe(),
                data.timeframe(), Map.of(data.symbol(), test), Map.of(data.symbol(), List.of()), engine.rulesDir(),
                engine.cepDir(), bt.initialEquity(), config.venueModel(), config.executionPolicy(),
                config.riskLimits(), config.instrumentMap(), model.name() + "/" + model.version());
        long t0 = System.nanoTime();
        ModelScorer scorer = new ModelScorer(model, data.timeframe(), Set.of(data.symbol()), 288);
        scorer.prime(data.symbol(), data.bars().slice(fold.trainFrom(), fold.testFrom()).bars());
        try (BacktestRun run = new BacktestRun(spec)) {
            run.attach(scorer);
            run.replay(n -> { }, Long.MAX_VALUE);
            double net = 0;
            double fees = 0;
            for (TradeRecord t : run.trades()) {
                net += t.netPnl();
                fees += t.fees();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pnl", net);
            m.put("pnl_trades", run.trades().size());
            m.put("pnl_fees", fees);
            m.put("pnl_return", net / bt.initialEquity());
            m.put("pnl_seconds", (System.nanoTime() - t0) / 1e9);
            return m;
        }
    }
}
