package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.backtest.EquityCsv;
import kairos.engine.backtest.HtmlReport;
import kairos.engine.backtest.NanBlockedFilters;
import kairos.engine.backtest.PerformanceMetrics;
import kairos.engine.backtest.PriceSeries;
import kairos.engine.backtest.ReportCandles;
import kairos.engine.backtest.ReportData;
import kairos.engine.backtest.SummaryJson;
import kairos.engine.backtest.TradesCsv;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.ops.journal.SqliteJournal;
import kairos.engine.ml.MlModel;
import kairos.engine.rules.RuleSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code kairos backtest}: replays stored bars through the kernel and writes the results. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Replays stored market data through the trading kernel (rules, CEP, risk guard, simulated venue)",
                "and writes summary.json, trades.csv, decisions.jsonl, equity.csv and report.html to --out.",
                "Default: the bundled Bybit SOLUSDT perpetual data, 5m decisions, the project's rules/ and cep-statements/."},
        footer = {"", "Examples:", "  ./kairos backtest",
                "  ./kairos backtest --exchange binance --timeframe 5m --from 2025-05-10 --to 2025-06-01 --out /tmp/bt"})
public final class BacktestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    EngineOptions engine;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: out/backtest in the project). "
            + "The folder is replaced whole at the end of the run; it may hold only a backtest's files.")
    Path out;

    @Option(names = "--context", paramLabel = "SYM[,SYM...]", split = ",",
            description = "Context symbols fed to indicators and CEP but not traded (default: from the config, BTCUSDT).")
    List<String> context;

    /** The files a backtest writes to --out (the folder holds these and nothing else). */
    static final Set<String> OUTPUTS = Set.of("summary.json", "trades.csv", "decisions.jsonl", "equity.csv", "report.html");

    @Override
    public Integer call() throws IOException {
        GracefulStop stop = GracefulStop.install("backtest", System.err); // before any work: a signal never leaves half a run
        KairosConfig config = common.loadConfig();
        RuleSession.setDefaultBudget(Duration.ofMillis(config.rulesOrDefault().decisionBudgetMsOrDefault()));
        Timings.mark("config");
        try (Prewarm prewarm = Prewarm.start(engine.rulesDir(), engine.cepDir())) {
            return run(config, prewarm, stop);
        }
    }

    private Integer run(KairosConfig config, Prewarm prewarm, GracefulStop stop) throws IOException {
        PrintStream err = System.err;
        Path outDir = out != null ? out : KairosHome.resolve("out/backtest");
        MarketStore store = StoreAccess.open(common, err);
        KairosConfig.Backtest bt = config.backtest();
        String exchange = series.exchange != null ? series.exchange : bt.exchange();
        Market market = Market.parse(series.market != null ? series.market : bt.market());
        List<String> symbols = upper(series.symbols != null ? series.symbols : bt.symbols());
        Timeframe strategyTf = Timeframe.parse(series.timeframe != null ? series.timeframe : bt.timeframe());
        for (String s : symbols) {
            if (!config.instrumentMap().containsKey(s)) {
                throw new UserError("--symbols: " + s + " has no entry under 'instruments' in the config");
            }
        }
        long from = series.fromMillis();
        long to = series.toMillis();
        List<String> wantedContext = new ArrayList<>();
        for (String s : upper(context != null ? context : bt.contextSymbols() == null ? List.of() : bt.contextSymbols())) {
            if (!symbols.contains(s)) {
                wantedContext.add(s);
            }
        }
        FeedChoice feed = FeedChoice.choose(store, exchange, market, symbols, wantedContext, strategyTf);
        feed.notes().forEach(n -> err.println("kairos: " + n));
        Timeframe feedTf = feed.timeframe();

        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        Map<String, List<FundingRate>> funding = new LinkedHashMap<>();
        for (String s : symbols) {
            bars.put(s, load(store, SeriesId.candles(exchange, market, s, feedTf), from, to));
            funding.put(s, store.funding(exchange, market, s, from, to));
        }
        for (String s : feed.context()) {
            bars.put(s, load(store, SeriesId.candles(exchange, market, s, feedTf), from, to));
        }
        Timings.mark("data");

        MlModel model = engine.loadModel(strategyTf);
        BacktestSpec spec = new BacktestSpec(exchange, symbols, feed.context(), feedTf, strategyTf, bars, funding,
                engine.rulesDir(), engine.cepDir(), bt.initialEquity(), config.venueModel(),
                config.executionPolicy(), config.riskLimits(), config.instrumentMap(), EngineOptions.versionOf(model),
                config.haltLimits());
        prewarm.await();
        try (OutputFolder output = OutputFolder.begin(outDir, OUTPUTS);
             BacktestRun run = new BacktestRun(spec)) {
            stop.onStopDiscard(output::discard);
            Timings.mark("rules and EPL");
            EngineOptions.attach(run, model, strategyTf, symbols);
            long total = run.totalBars();
            err.printf(Locale.ROOT, "kairos: backtest %s %s/%s %s, %d %s bars %s .. %s, decisions on %s closes%n",
                    String.join(",", symbols), exchange, market, strategyTf, total, feedTf,
                    Instant.ofEpochMilli(run.start()), Instant.ofEpochMilli(run.end()), strategyTf);
            long every = Math.max(50_000, total / 10);
            long t0 = System.nanoTime();
            run.replay(n -> err.printf(Locale.ROOT, "kairos: %d/%d bars (%d%%)%n", n, total, 100 * n / total), every);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            Timings.mark("replay");
            write(run, output, elapsedMs, market, strategyTf, "backtest", config, common, stop);
            return 0;
        }
    }

    /**
     * Writes a simulated run's files into {@code output} and journals it as a run of {@code kind} in the store; the
     * journal entry and the folder are committed together (a signal waits for both).
     */
    static void write(BacktestRun run, OutputFolder output, long elapsedMs, Market market, Timeframe strategyTf,
                      String kind, KairosConfig config, CommonOptions common, GracefulStop stop) throws IOException {
        BacktestSpec spec = run.spec();
        CandleSeries first = spec.bars().get(spec.symbols().getFirst());
        PerformanceMetrics metrics = PerformanceMetrics.compute(run.trades(), run.equityCurve(), spec.initialEquity(),
                run.start(), run.end(), first.open(0), first.close(first.size() - 1));
        Map<String, Object> summary = SummaryJson.summary(metrics, run, market.label(), strategyTf.label(), elapsedMs);
        List<NanBlockedFilters.Blocked> blocked = NanBlockedFilters.find(run.decisions());
        summary.put("warnings", blocked.stream().map(NanBlockedFilters.Blocked::message).toList());
        SummaryJson.write(output.file("summary.json"), summary);
        TradesCsv.write(output.file("trades.csv"), run.trades());
        EquityCsv.write(output.file("equity.csv"), run.equityCurve(), spec.initialEquity());
        DecisionsJsonl.write(output.file("decisions.jsonl"), run.decisions());
        List<PriceSeries> prices = new ArrayList<>();
        List<ReportCandles> candles = new ArrayList<>();
        for (String s : spec.symbols()) {
            List<kairos.engine.domain.Bar> replayed = spec.bars().get(s).slice(run.start(), run.end()).bars();
            prices.add(PriceSeries.ofBars(s, spec.feedTimeframe(), replayed));
            candles.add(ReportCandles.of(s, spec.feedTimeframe(), strategyTf, replayed, HtmlReport.MAX_CANDLES));
        }
        HtmlReport.write(output.file("report.html"), new ReportData("Kairos " + kind + " " + String.join(",", spec.symbols())
                + " " + strategyTf + " " + Instant.ofEpochMilli(run.start()) + " .. " + Instant.ofEpochMilli(run.end()),
                summary, run.trades(), run.equityCurve(), prices, candles, run.decisions()));
        Timings.mark("outputs");
        String summaryJson = Files.readString(output.file("summary.json"));
        int keep = config.journalOrDefault().keepRunsOrDefault();
        stop.commit(() -> {
            try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
                long runId = journal.record(new SqliteJournal.Run(kind, spec.exchange(), spec.symbols(),
                        strategyTf.label(), Instant.ofEpochMilli(run.start()), Instant.ofEpochMilli(run.end()),
                        run.rulesetHash(), spec.modelVersion(), summaryJson),
                        run.decisions(), run.trades(), run.equityCurve(), Instant.now());
                List<SqliteJournal.RunInfo> pruned = journal.prune(keep, true);
                if (!pruned.isEmpty() && journal.freeFraction() > 0.5) {
                    journal.vacuum(); // most of the file was older runs (a journal from before the compact form)
                }
                System.err.println("kairos: journaled as run " + runId + " in " + journal.file()
                        + (pruned.isEmpty() ? "" : " (pruned " + pruned.size() + " older run" + (pruned.size() == 1 ? "" : "s")
                        + ", keeping " + keep + ": journal.keep_runs)"));
            }
            output.commit();
        });
        Timings.mark("journal");
        for (NanBlockedFilters.Blocked b : blocked) {
            System.err.println("kairos: warning: " + b.message());
        }
        System.out.printf(Locale.ROOT, "trades %d, win rate %s, net pnl %.2f, total return %.2f%%, max drawdown %.2f%%, "
                        + "fees %.2f, funding %.2f, %d bars in %d ms%n",
                metrics.trades(), Double.isNaN(metrics.winRate()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * metrics.winRate()),
                metrics.finalEquity() - metrics.initialEquity(), 100 * metrics.totalReturn(), 100 * metrics.maxDrawdown(),
                metrics.feesPaid(), metrics.fundingPaid(), run.barsProcessed(), elapsedMs);
        System.out.println("results in " + output.target() + " (summary.json, trades.csv, decisions.jsonl, equity.csv, report.html)");
    }

    private static CandleSeries load(MarketStore store, SeriesId id, long from, long to) {
        CandleSeries s = store.candles(id, from, to);
        if (s.size() == 0) {
            throw new UserError("no " + id + " bars in the range " + range(from, to) + " (see ./kairos data list)");
        }
        return s;
    }

    private static String range(long from, long to) {
        return (from == Long.MIN_VALUE ? "start" : Instant.ofEpochMilli(from).toString()) + " .. "
                + (to == Long.MAX_VALUE ? "end" : Instant.ofEpochMilli(to).toString());
    }

    private static List<String> upper(List<String> in) {
        return in.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
