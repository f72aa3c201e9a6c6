package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.validation.ReportSections;
import kairos.engine.backtest.validation.StressSuite;
import kairos.engine.backtest.validation.ValidationJson;
import kairos.engine.backtest.validation.ValidationReport;
import kairos.engine.data.MarketStore;
import kairos.engine.ml.DecisionScorer;
import kairos.engine.ml.MlModel;
import kairos.engine.ml.ModelScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code kairos stress}: the strategy on real data with each stress scenario injected; stress.json and stress.html. */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Backtests the strategy with each stress scenario injected into its inputs (R18.5-R18.9).",
                "Runs the data once as it is and once per stress scenario, each made by",
                "changing the backtest's inputs, never the kernel (R18.5-R18.9 and more): atr_x3 (bars 3x as wide around",
                "their closes), slippage_x5, correlation_reversal (the context symbol's returns mirrored), drop_20pct",
                "(a gap 20% down while the largest long is open), losing_streak (consecutive trades stopped out by wicks),",
                "fees_x2, latency_x10, flash_crash, data_gap. Writes <out>/stress.json ({\"scenarios\": [...]}, each with",
                "the KPIs of summary.json, emergency_rules_fired, worst_trade, max_drawdown) and stress.html.",
                "Default: the bundled data, the project's rules/ and cep-statements/, the config's context symbols."},
        footer = {"", "Examples:", "  ./kairos stress",
                "  ./kairos stress --from 2025-06-01 --to 2025-07-01 --rules my-rules --out /tmp/stress"})
public final class StressCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;
    @Mixin
    EngineOptions engine;

    @Option(names = "--context", paramLabel = "SYM[,SYM...]", split = ",",
            description = "Context symbols fed to indicators and CEP but not traded (default: from the config, BTCUSDT).")
    List<String> context;

    @Option(names = "--loss-run", paramLabel = "N", defaultValue = "5",
            description = "Consecutive losing trades the losing_streak scenario forces (default: ${DEFAULT-VALUE}).")
    int lossRun;

    @Option(names = "--gap-hours", paramLabel = "H", defaultValue = "6", description = "Length of the data gap (default: ${DEFAULT-VALUE}).")
    int gapHours;

    @Option(names = "--threads", paramLabel = "N", description = "Scenarios run at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write stress.json and stress.html (default: out/stress).")
    Path out;

    @Override
    public Integer call() throws IOException {
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        MlModel model = engine.loadModel(kairos.engine.domain.Timeframe.parse(
                series.timeframe != null ? series.timeframe : config.backtest().timeframe()));
        ValidationInputs.Inputs in = ValidationInputs.load(config, store, series, engine.rulesDir(), engine.cepDir(), context,
                EngineOptions.versionOf(model), System.err);
        StressSuite.Settings settings;
        try {
            settings = new StressSuite.Settings(lossRun, gapHours,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Supplier<DecisionScorer> scorer = model == null ? null : () -> new ModelScorer(model, in.strategyTimeframe(),
                Set.copyOf(in.spec().symbols()), EngineOptions.DRIFT_WINDOW_DECISIONS);
        long t0 = System.nanoTime();
        Interruption.exitOnStop("stress", List.of());
        System.err.printf(Locale.ROOT, "kairos: stress %s %s, %d scenarios%n", String.join(",", in.spec().symbols()),
                in.strategyTimeframe(), StressSuite.NAMES.size());
        Map<String, Object> stress = StressSuite.run(in.spec(), settings, scorer, line -> System.err.println("kairos: " + line));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ValidationReport page = new ValidationReport("Kairos stress test " + String.join(",", in.spec().symbols()) + " "
                + in.strategyTimeframe() + " " + stress.get("start") + " .. " + stress.get("end"));
        page.paragraph("Each scenario is a whole backtest on stressed inputs (bars or venue); the kernel, rules and risk "
                + "guard are the same as in ./kairos backtest. Ruleset " + stress.get("ruleset_hash") + ", model "
                + stress.get("model_version") + ".");
        ReportSections.stress(page, stress);
        ValidationOutput folder = new ValidationOutput(out != null ? out : KairosHome.resolve("out/stress"));
        folder.put("stress.json", ValidationJson.write(stress)).put("stress.html", page.render()).commit();
        print(stress);
        System.out.printf(Locale.ROOT, "results in %s (stress.json, stress.html); %.1f s%n", folder.dir(), seconds);
        return 0;
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> stress) {
        for (Map<String, Object> s : (List<Map<String, Object>>) stress.get("scenarios")) {
            if (s.containsKey("skipped")) {
                System.out.printf(Locale.ROOT, "%-21s skipped: %s%n", s.get("name"), s.get("skipped"));
                continue;
            }
            System.out.printf(Locale.ROOT, "%-21s trades %4s, net pnl %10.2f, max drawdown %6.2f%%, emergency rules %s%n",
                    s.get("name"), s.get("trades"), num(s.get("net_pnl")), 100 * num(s.get("max_drawdown")),
                    ((Map<String, Object>) s.get("emergency_rules_fired")).isEmpty() ? "none"
                            : ((Map<String, Object>) s.get("emergency_rules_fired")).toString());
        }
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
