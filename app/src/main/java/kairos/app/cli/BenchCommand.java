package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.ml.MlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kairos bench}: end-to-end backtest throughput (bars/s) of the whole kernel — features, CEP, rules, risk,
 * venue — measured over repeated replays in one JVM after warm-up runs. A benchmark, never a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Rules.class,
        description = {"Measures end-to-end backtest throughput (1m bars/s through the whole kernel) over repeated",
                "replays after warm-up; prints each run and the median. Default: bundled Binance USD-M SOLUSDT 1m",
                "(51 days), BTCUSDT as context, decisions on 5m closes."})
public final class BenchCommand implements Callable<Integer> {

    /** {@code kairos bench rules}: decisions/s and latency of the rule set, KieBase rebuild and hot-reload times. */
    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = {"Measures the rule engine with the full rule set: KieBase build (cold and warm), hot reload",
                    "with the scenario gate, decisions/s and p50/p99 latency per decision point over the fact sets",
                    "of the scenarios in rules/tests/."})
    public static final class Rules implements Callable<Integer> {
        @Mixin
        EngineOptions engine;
        @Option(names = "--decisions", defaultValue = "200000", description = "Measured decisions (default: ${DEFAULT-VALUE}).")
        int decisions;

        @Override
        public Integer call() {
            if (decisions < 100) {
                throw new UserError("--decisions must be >= 100");
            }
            kairos.app.bench.RuleEngineBenchmark.main(new String[] {engine.rulesDir().toString(), Integer.toString(decisions)});
            return 0;
        }
    }

    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;

    @Option(names = "--exchange", defaultValue = "binance", description = "Exchange of the 1m series (default: ${DEFAULT-VALUE}).")
    String exchange;
    @Option(names = "--symbol", defaultValue = "SOLUSDT", description = "Traded symbol (default: ${DEFAULT-VALUE}).")
    String symbol;
    @Option(names = "--timeframe", defaultValue = "5m", description = "Strategy timeframe (default: ${DEFAULT-VALUE}).")
    String timeframe;
    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up replays, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--runs", defaultValue = "5", description = "Measured replays (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (runs < 1 || warmup < 0) {
            throw new UserError("--runs must be >= 1 and --warmup >= 0");
        }
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        Market market = Market.PERP;
        Timeframe feed = store.finestTimeframe(exchange, market, symbol)
                .orElseThrow(() -> new UserError("no " + exchange + "/perp/" + symbol + " data in the store"));
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        Map<String, List<FundingRate>> funding = new LinkedHashMap<>();
        bars.put(symbol, store.candles(SeriesId.candles(exchange, market, symbol, feed), Long.MIN_VALUE, Long.MAX_VALUE));
        funding.put(symbol, store.funding(exchange, market, symbol, Long.MIN_VALUE, Long.MAX_VALUE));
        List<String> context = List.of();
        if (!symbol.equals("BTCUSDT") && store.finestTimeframe(exchange, market, "BTCUSDT").isPresent()) {
            bars.put("BTCUSDT", store.candles(SeriesId.candles(exchange, market, "BTCUSDT", feed), Long.MIN_VALUE, Long.MAX_VALUE));
            context = List.of("BTCUSDT");
        }
        MlModel model = engine.loadModel(Timeframe.parse(timeframe));
        BacktestSpec spec = new BacktestSpec(exchange, List.of(symbol), context, feed, Timeframe.parse(timeframe), bars,
                funding, engine.rulesDir(), engine.cepDir(), config.backtest().initialEquity(), config.venueModel(),
                config.executionPolicy(), config.riskLimits(), config.instrumentMap(), EngineOptions.versionOf(model));
        System.out.printf(Locale.ROOT, "bench: %s %s %d %s bars (+%s context), decisions on %s closes, %d warm-up + %d runs%n",
                exchange, symbol, bars.get(symbol).size(), feed, context.isEmpty() ? "no" : String.join(",", context),
                timeframe, warmup, runs);
        double[] rates = new double[runs];
        double[] cpuRates = new double[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup + runs; i++) {
            try (BacktestRun run = new BacktestRun(spec)) {
                EngineOptions.attach(run, model, Timeframe.parse(timeframe), List.of(symbol));
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                run.replay(n -> { }, Long.MAX_VALUE);
                long nanos = System.nanoTime() - t0;
                long cpuNanos = Math.max(1, threads.getCurrentThreadCpuTime() - cpu0);
                double rate = run.barsProcessed() / (nanos / 1e9);
                double cpuRate = run.barsProcessed() / (cpuNanos / 1e9);
                boolean measured = i >= warmup;
                if (measured) {
                    rates[i - warmup] = rate;
                    cpuRates[i - warmup] = cpuRate;
                }
                System.out.printf(Locale.ROOT, "  %s %d: %d bars in %.1f ms = %,.0f bars/s wall, %,.0f bars per CPU-second (%d trades)%n",
                        measured ? "run" : "warm-up", measured ? i - warmup + 1 : i + 1, run.barsProcessed(), nanos / 1e6,
                        rate, cpuRate, run.trades().size());
            }
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        System.out.printf(Locale.ROOT, "median %,.0f bars/s wall (min %,.0f, max %,.0f); median %,.0f bars per CPU-second "
                        + "(the kernel thread's CPU time: robust when other processes share the cores)%n",
                rates[runs / 2], rates[0], rates[runs - 1], cpuRates[runs / 2]);
        return 0;
    }
}
