package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.backtest.EquityCsv;
import kairos.engine.backtest.HtmlReport;
import kairos.engine.backtest.PerformanceMetrics;
import kairos.engine.backtest.PriceSeries;
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

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: out/backtest in the project).")
    Path out;

    @Option(names = "--context", paramLabel = "SYM[,SYM...]", split = ",",
            description = "Context symbols fed to indicators and CEP but not traded (default: from the config, BTCUSDT).")
    List<String> context;

    @Override
    public Integer call() throws IOException {
        KairosConfig config = common.loadConfig();
        PrintStream err = System.err;
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
        Timeframe feedTf = feedTimeframe(store, exchange, market, symbols, strategyTf);
        long from = series.fromMillis();
        long to = series.toMillis();

        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        Map<String, List<FundingRate>> funding = new LinkedHashMap<>();
        for (String s : symbols) {
            bars.put(s, load(store, SeriesId.candles(exchange, market, s, feedTf), from, to));
            funding.put(s, store.funding(exchange, market, s, from, to));
        }
        List<String> contextSymbols = new ArrayList<>();
        for (String s : upper(context != null ? context : bt.contextSymbols() == null ? List.of() : bt.contextSymbols())) {
            if (symbols.contains(s)) {
                continue;
            }
            SeriesId id = SeriesId.candles(exchange, market, s, feedTf);
            if (store.finestTimeframe(exchange, market, s).isEmpty()) {
                err.println("kairos: context symbol " + s + " has no " + exchange + "/" + market + " data in the store; running without it");
                continue;
            }
            bars.put(s, load(store, id, from, to));
            contextSymbols.add(s);
        }

        MlModel model = engine.loadModel(strategyTf);
        BacktestSpec spec = new BacktestSpec(exchange, symbols, contextSymbols, feedTf, strategyTf, bars, funding,
                engine.rulesDir(), engine.cepDir(), bt.initialEquity(), config.venueModel(),
                config.executionPolicy(), config.riskLimits(), config.instrumentMap(), EngineOptions.versionOf(model),
                config.haltLimits());
        Path outDir = out != null ? out : KairosHome.resolve("out/backtest");
        try (BacktestRun run = new BacktestRun(spec)) {
            EngineOptions.attach(run, model, strategyTf, symbols);
            long total = run.totalBars();
            err.printf(Locale.ROOT, "kairos: backtest %s %s/%s %s, %d %s bars %s .. %s, decisions on %s closes%n",
                    String.join(",", symbols), exchange, market, strategyTf, total, feedTf,
                    Instant.ofEpochMilli(run.start()), Instant.ofEpochMilli(run.end()), strategyTf);
            long every = Math.max(50_000, total / 10);
            long t0 = System.nanoTime();
            run.replay(n -> err.printf(Locale.ROOT, "kairos: %d/%d bars (%d%%)%n", n, total, 100 * n / total), every);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            write(run, outDir, elapsedMs, market, strategyTf, "backtest", common);
            return 0;
        }
    }

    /** Writes a simulated run's files to {@code outDir} and journals it as a run of {@code kind} in the store. */
    static void write(BacktestRun run, Path outDir, long elapsedMs, Market market, Timeframe strategyTf, String kind,
                      CommonOptions common) throws IOException {
        BacktestSpec spec = run.spec();
        Files.createDirectories(outDir);
        CandleSeries first = spec.bars().get(spec.symbols().getFirst());
        PerformanceMetrics metrics = PerformanceMetrics.compute(run.trades(), run.equityCurve(), spec.initialEquity(),
                run.start(), run.end(), first.open(0), first.close(first.size() - 1));
        Map<String, Object> summary = SummaryJson.summary(metrics, run, market.label(), strategyTf.label(), elapsedMs);
        SummaryJson.write(outDir.resolve("summary.json"), summary);
        TradesCsv.write(outDir.resolve("trades.csv"), run.trades());
        EquityCsv.write(outDir.resolve("equity.csv"), run.equityCurve(), spec.initialEquity());
        DecisionsJsonl.write(outDir.resolve("decisions.jsonl"), run.decisions());
        List<PriceSeries> prices = new ArrayList<>();
        for (String s : spec.symbols()) {
            prices.add(PriceSeries.ofBars(s, spec.feedTimeframe(), spec.bars().get(s).bars()));
        }
        HtmlReport.write(outDir.resolve("report.html"), new ReportData("Kairos " + kind + " " + String.join(",", spec.symbols())
                + " " + strategyTf + " " + Instant.ofEpochMilli(run.start()) + " .. " + Instant.ofEpochMilli(run.end()),
                summary, run.trades(), run.equityCurve(), prices));
        try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
            long runId = journal.record(new SqliteJournal.Run(kind, spec.exchange(), spec.symbols(),
                    strategyTf.label(), Instant.ofEpochMilli(run.start()), Instant.ofEpochMilli(run.end()),
                    run.rulesetHash(), spec.modelVersion(), Files.readString(outDir.resolve("summary.json"))),
                    run.decisions(), run.trades(), run.equityCurve(), Instant.now());
            System.err.println("kairos: journaled as run " + runId + " in " + journal.file());
        }
        System.out.printf(Locale.ROOT, "trades %d, win rate %s, net pnl %.2f, total return %.2f%%, max drawdown %.2f%%, "
                        + "fees %.2f, funding %.2f, %d bars in %d ms%n",
                metrics.trades(), Double.isNaN(metrics.winRate()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * metrics.winRate()),
                metrics.finalEquity() - metrics.initialEquity(), 100 * metrics.totalReturn(), 100 * metrics.maxDrawdown(),
                metrics.feesPaid(), metrics.fundingPaid(), run.barsProcessed(), elapsedMs);
        System.out.println("results in " + outDir + " (summary.json, trades.csv, decisions.jsonl, equity.csv, report.html)");
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

    /** The finest stored timeframe that divides the strategy timeframe: bars are fed at that resolution. */
    private static Timeframe feedTimeframe(MarketStore store, String exchange, Market market, List<String> symbols,
                                           Timeframe strategyTf) {
        Timeframe feed = null;
        for (String s : symbols) {
            Timeframe finest = store.finestTimeframe(exchange, market, s).orElseThrow(() -> new UserError(
                    "no " + exchange + "/" + market + "/" + s + " candles in the store (see ./kairos data list; "
                            + "import with ./kairos data import)"));
            if (!strategyTf.isMultipleOf(finest)) {
                throw new UserError("--timeframe " + strategyTf + ": the finest stored " + s + " bars are " + finest
                        + ", which cannot build " + strategyTf + " bars");
            }
            feed = feed == null || finest.millis() > feed.millis() ? finest : feed;
        }
        return feed;
    }

    private static List<String> upper(List<String> in) {
        return in.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
