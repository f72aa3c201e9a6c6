package kairos.app.cli;

import kairos.app.bench.Ta4jBaseline;
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
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Rules.class, BenchCommand.Compare.class, BenchMontecarloCommand.class, StartupBench.class,
                BenchLiveCommand.class, ApiBench.class, BenchJmhCommand.class},
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

    /**
     * {@code kairos bench compare}: the same replay against ta4j's {@code BarSeriesManager} running a plain EMA
     * strategy on the same feed bars, rounds interleaved in one JVM, and the ratio of the two.
     */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compares the kernel's backtest throughput with ta4j 0.22's own backtester (BarSeriesManager)",
                    "on the same feed bars, in one JVM, rounds interleaved, against two baselines: 'ema' (EMA(8) above",
                    "EMA(21) long, out below it or at a 1.5%% stop) and 'trend' (EMA(8) crossing over EMA(21) and",
                    "RSI(14) > 50 and (close > Supertrend(10, 3) or ADX(14) > 20), out on the cross under, a 1.5%% stop",
                    "or a 3%% target). Prints bars/s (wall and per CPU-second) of each, cold (round 1, the first run in",
                    "this JVM) and warm (median after --warmup), and the ratios Kairos/ta4j. The kernel runs",
                    "--rules/--cep (default: the shipped rule set and patterns); bench/plain/ holds the ema strategy",
                    "as a rule file, bench/bare/ a rule that never fires (the kernel without rules or patterns).",
                    "5m and 1m feeds:",
                    "  kairos bench compare --exchange bybit                 # Bybit SOLUSDT 5m, decisions on 5m",
                    "  kairos bench compare --exchange binance --timeframe 1m",
                    "  kairos bench compare --rules bench/plain/rules --cep bench/plain/cep --timeframe 1m",
                    "  kairos bench compare --exchange bybit --rules bench/bare/rules --cep bench/plain/cep"})
    public static final class Compare implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        EngineOptions engine;
        @Mixin
        Replay replay;

        @Override
        public Integer call() {
            Setup setup = replay.prepare(common, engine);
            List<kairos.engine.domain.Bar> bars = setup.spec().bars().get(replay.symbol).bars();
            long barMillis = setup.spec().feedTimeframe().millis();
            Ta4jBaseline.Kind[] kinds = Ta4jBaseline.Kind.values();
            int rounds = replay.warmup + replay.runs;
            double[][] kairos = new double[2][rounds];           // wall, CPU bars/s per round
            double[][][] ta4j = new double[kinds.length][3][rounds]; // run wall, run CPU, series+run wall
            for (int i = 0; i < rounds; i++) {
                // the first round of each is cold: its first run in this JVM (the JIT still compiling its code)
                Timed k = replay.timeKernel(setup);
                kairos[0][i] = k.wall();
                kairos[1][i] = k.cpu();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "  %s %d: kairos %,.0f bars/s wall, %,.0f per CPU-second (%d trades)",
                        i == 0 ? "cold" : i < replay.warmup ? "warm-up" : "run", i + 1, k.wall(), k.cpu(), k.trades()));
                for (int b = 0; b < kinds.length; b++) {
                    Ta4jBaseline.Result t = Ta4jBaseline.run(bars, barMillis, kinds[b]);
                    ta4j[b][0][i] = t.bars() / (t.runNanos() / 1e9);
                    ta4j[b][1][i] = t.bars() / (t.runCpuNanos() / 1e9);
                    ta4j[b][2][i] = t.bars() / ((t.buildNanos() + t.runNanos()) / 1e9);
                    line.append(String.format(Locale.ROOT, " | ta4j %s run %,.0f bars/s wall, %,.0f per CPU-second, "
                                    + "series+run %,.0f bars/s (%d positions)", kinds[b].name().toLowerCase(Locale.ROOT),
                            ta4j[b][0][i], ta4j[b][1][i], ta4j[b][2][i], t.positions()));
                }
                System.out.println(line);
            }
            for (int b = 0; b < kinds.length; b++) {
                System.out.printf(Locale.ROOT, "baseline %s: %s%n", kinds[b].name().toLowerCase(Locale.ROOT), kinds[b].label());
            }
            System.out.printf(Locale.ROOT, "cold (round 1) kairos %,.0f bars/s wall", kairos[0][0]);
            for (int b = 0; b < kinds.length; b++) {
                System.out.printf(Locale.ROOT, "; ta4j %s run %,.0f bars/s wall", kinds[b].name().toLowerCase(Locale.ROOT),
                        ta4j[b][0][0]);
            }
            System.out.println();
            for (int b = 0; b < kinds.length; b++) {
                System.out.printf(Locale.ROOT, "ratio kairos/ta4j %s, cold: %.3f wall (target >= 0.5)%n",
                        kinds[b].name().toLowerCase(Locale.ROOT), kairos[0][0] / ta4j[b][0][0]);
            }
            double kw = median(measured(kairos[0]));
            double kc = median(measured(kairos[1]));
            System.out.printf(Locale.ROOT, "median of %d runs after %d warm-up: kairos %,.0f bars/s wall, %,.0f per CPU-second",
                    replay.runs, replay.warmup, kw, kc);
            for (int b = 0; b < kinds.length; b++) {
                System.out.printf(Locale.ROOT, "; ta4j %s run %,.0f bars/s wall, %,.0f per CPU-second (series+run %,.0f bars/s)",
                        kinds[b].name().toLowerCase(Locale.ROOT), median(measured(ta4j[b][0])),
                        median(measured(ta4j[b][1])), median(measured(ta4j[b][2])));
            }
            System.out.println();
            for (int b = 0; b < kinds.length; b++) {
                System.out.printf(Locale.ROOT, "ratio kairos/ta4j %s, warm: %.3f wall, %.3f per CPU-second%n",
                        kinds[b].name().toLowerCase(Locale.ROOT), kw / median(measured(ta4j[b][0])),
                        kc / median(measured(ta4j[b][1])));
            }
            return 0;
        }

        private double[] measured(double[] rounds) {
            return java.util.Arrays.copyOfRange(rounds, replay.warmup, rounds.length);
        }
    }

    /** The replay a benchmark runs: which series, which strategy timeframe, how many rounds. */
    static final class Replay {
        @Option(names = "--exchange", defaultValue = "binance", description = "Exchange of the 1m series (default: ${DEFAULT-VALUE}).")
        String exchange;
        @Option(names = "--symbol", defaultValue = "SOLUSDT", description = "Traded symbol (default: ${DEFAULT-VALUE}).")
        String symbol;
        @Option(names = "--timeframe", defaultValue = "5m", description = "Strategy timeframe (default: ${DEFAULT-VALUE}).")
        String timeframe;
        @Option(names = "--warmup", defaultValue = "3", description = "Warm-up rounds, not counted (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--runs", defaultValue = "5", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
        int runs;

        Setup prepare(CommonOptions common, EngineOptions engine) {
            if (runs < 1 || warmup < 0) {
                throw new UserError("--runs must be >= 1 and --warmup >= 0");
            }
            KairosConfig config = common.loadConfig();
            MarketStore store = StoreAccess.open(common, System.err);
            Market market = Market.PERP;
            Timeframe feed = store.finestTimeframe(exchange, market, symbol)
                    .orElseThrow(() -> new UserError("no " + exchange + "/perp/" + symbol + " data in the store"));
            Timeframe strategy = Timeframe.parse(timeframe);
            Map<String, CandleSeries> bars = new LinkedHashMap<>();
            Map<String, List<FundingRate>> funding = new LinkedHashMap<>();
            bars.put(symbol, store.candles(SeriesId.candles(exchange, market, symbol, feed), Long.MIN_VALUE, Long.MAX_VALUE));
            funding.put(symbol, store.funding(exchange, market, symbol, Long.MIN_VALUE, Long.MAX_VALUE));
            List<String> context = List.of();
            if (!symbol.equals("BTCUSDT") && store.finestTimeframe(exchange, market, "BTCUSDT").isPresent()) {
                bars.put("BTCUSDT", store.candles(SeriesId.candles(exchange, market, "BTCUSDT", feed), Long.MIN_VALUE, Long.MAX_VALUE));
                context = List.of("BTCUSDT");
            }
            MlModel model = engine.loadModel(strategy);
            BacktestSpec spec = new BacktestSpec(exchange, List.of(symbol), context, feed, strategy, bars,
                    funding, engine.rulesDir(), engine.cepDir(), config.backtest().initialEquity(), config.venueModel(),
                    config.executionPolicy(), config.riskLimits(), config.instrumentMap(), EngineOptions.versionOf(model));
            System.out.printf(Locale.ROOT, "bench: %s %s %d %s bars (+%s context), decisions on %s closes, %d warm-up + %d runs%n",
                    exchange, symbol, bars.get(symbol).size(), feed, context.isEmpty() ? "no" : String.join(",", context),
                    timeframe, warmup, runs);
            return new Setup(spec, model, strategy);
        }

        /** One replay of the kernel, timed around {@code replay} only (data loaded, rules and EPL compiled). */
        Timed timeKernel(Setup setup) {
            try (BacktestRun run = new BacktestRun(setup.spec())) {
                EngineOptions.attach(run, setup.model(), setup.strategy(), List.of(symbol));
                long cpu0 = Threads.MX.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                run.replay(n -> { }, Long.MAX_VALUE);
                long nanos = System.nanoTime() - t0;
                long cpuNanos = Math.max(1, Threads.MX.getCurrentThreadCpuTime() - cpu0);
                return new Timed(run.barsProcessed(), nanos, run.barsProcessed() / (nanos / 1e9),
                        run.barsProcessed() / (cpuNanos / 1e9), run.trades().size());
            }
        }
    }

    record Setup(BacktestSpec spec, MlModel model, Timeframe strategy) {
    }

    record Timed(long bars, long nanos, double wall, double cpu, int trades) {
    }

    /** Loaded when a benchmark runs, not when the command line is built (java.management costs start-up time). */
    private static final class Threads {
        static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    }

    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;
    @Mixin
    Replay replay;

    @Override
    public Integer call() {
        Setup setup = replay.prepare(common, engine);
        double[] rates = new double[replay.runs];
        double[] cpuRates = new double[replay.runs];
        for (int i = 0; i < replay.warmup + replay.runs; i++) {
            Timed t = replay.timeKernel(setup);
            boolean measured = i >= replay.warmup;
            if (measured) {
                rates[i - replay.warmup] = t.wall();
                cpuRates[i - replay.warmup] = t.cpu();
            }
            System.out.printf(Locale.ROOT, "  %s %d: %d bars in %.1f ms = %,.0f bars/s wall, %,.0f bars per CPU-second (%d trades)%n",
                    measured ? "run" : "warm-up", measured ? i - replay.warmup + 1 : i + 1, t.bars(), t.nanos() / 1e6,
                    t.wall(), t.cpu(), t.trades());
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        int runs = replay.runs;
        System.out.printf(Locale.ROOT, "median %,.0f bars/s wall (min %,.0f, max %,.0f); median %,.0f bars per CPU-second "
                        + "(the kernel thread's CPU time: robust when other processes share the cores)%n",
                rates[runs / 2], rates[0], rates[runs - 1], cpuRates[runs / 2]);
        return 0;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
