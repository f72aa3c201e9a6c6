package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.backtest.validation.MonteCarlo;
import kairos.engine.backtest.validation.MonteCarloResult;
import kairos.engine.backtest.validation.MonteCarloSettings;
import kairos.engine.backtest.validation.ReportSections;
import kairos.engine.backtest.validation.TradesCsvReader;
import kairos.engine.backtest.validation.ValidationJson;
import kairos.engine.backtest.validation.ValidationReport;
import kairos.engine.execution.TradeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code kairos montecarlo}: resamples a trade list, seeded and in parallel, and writes montecarlo.json. */
@Command(name = "montecarlo", mixinStandardHelpOptions = true,
        description = {"Resamples a trade list, seeded: percentiles, 95%% and 99%% intervals, risk of ruin (R18.3, R18.4).",
                "Bootstrap (with replacement, the default) or shuffle (the same",
                "trades in a random order), with optional random extra slippage, missed trades, execution delays and",
                "partial fills; seeded and parallel over the cores (same seed and trades: byte-identical output).",
                "Writes <out>/montecarlo.json (runs, trades, seed, method; mean, std, p1, p5, p50, p95, p99 of",
                "final_pnl, max_drawdown, sharpe, profit_factor, longest_losing_streak; ci95 and ci99 of max drawdown,",
                "Sharpe and profit factor; risk_of_ruin) and montecarlo.html (equity fan chart and tables)."},
        footer = {"", "Examples:", "  ./kairos montecarlo --trades out/backtest/trades.csv",
                "  ./kairos montecarlo --trades out/backtest/trades.csv --method shuffle --slippage-bps 2 --skip-rate 0.1 --out /tmp/mc"})
public final class MontecarloCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--trades", required = true, paramLabel = "FILE", description = "A trades.csv as ./kairos backtest writes it.")
    Path trades;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10000", description = "Resampled runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--method", paramLabel = "bootstrap|shuffle", defaultValue = "bootstrap",
            description = "bootstrap: as many trades as the list, drawn with replacement; shuffle: the list in a random order (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--slippage-bps", paramLabel = "X", defaultValue = "0",
            description = "Extra slippage: each entry and exit loses a random 0..X basis points of its notional (default: 0).")
    double slippageBps;

    @Option(names = "--skip-rate", paramLabel = "P", defaultValue = "0",
            description = "Each trade is missed with probability P, 0 <= P < 1 (default: 0).")
    double skipRate;

    @Option(names = "--delay-bps", paramLabel = "X", defaultValue = "0",
            description = "Execution delay: each entry and exit price moves by a normal N(0, X) basis points, either way (default: 0).")
    double delayBps;

    @Option(names = "--partial-rate", paramLabel = "P", defaultValue = "0",
            description = "Each trade fills only part of its quantity with probability P (default: 0) ...")
    double partialRate;

    @Option(names = "--partial-min", paramLabel = "F", defaultValue = "0.5",
            description = "... a random fraction F..1 of it, PnL scaled alike (default: ${DEFAULT-VALUE}).")
    double partialMin;

    @Option(names = "--ruin-threshold", paramLabel = "F", defaultValue = "0.15",
            description = "risk_of_ruin is the share of runs whose drawdown from the peak reaches F (default: ${DEFAULT-VALUE}, the R16.8 kill switch).")
    double ruinThreshold;

    @Option(names = "--initial-equity", paramLabel = "X",
            description = "Equity before the first trade (default: initial_equity of the summary.json beside the trades file, else the config's backtest.initial_equity).")
    Double initialEquity;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores; the result does not depend on it).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write montecarlo.json and montecarlo.html (default: out/montecarlo).")
    Path out;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        List<TradeRecord> list = TradesCsvReader.read(trades);
        if (list.isEmpty()) {
            throw new UserError(trades + ": no trades to resample");
        }
        double equity = initialEquity(trades);
        MonteCarloSettings s = new MonteCarloSettings(runs, seed, MonteCarloSettings.Method.parse(method), slippageBps,
                skipRate, delayBps, partialRate, partialMin, ruinThreshold, equity,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        MonteCarloResult r = MonteCarlo.run(list, s);
        ValidationOutput folder = new ValidationOutput(out != null ? out : KairosHome.resolve("out/montecarlo"));
        ValidationReport page = new ValidationReport("Kairos Monte Carlo: " + trades.getFileName());
        ReportSections.monteCarlo(page, r);
        folder.put("montecarlo.json", ValidationJson.write(r.toMap())).put("montecarlo.html", page.render()).commit();
        double[] dd = r.interval("max_drawdown", 0.95);
        double[] sharpe = r.interval("sharpe", 0.95);
        System.out.printf(Locale.ROOT, "%d %s runs of %d trades: final pnl median %.2f (p5 %.2f, p95 %.2f), "
                        + "max drawdown 95%% interval %.2f%% .. %.2f%%, Sharpe 95%% interval %.2f .. %.2f, risk of ruin "
                        + "(%.0f%% drawdown) %.2f%%%n", s.runs(), s.method().label(), r.trades(),
                r.quantile("final_pnl", 0.5), r.quantile("final_pnl", 0.05), r.quantile("final_pnl", 0.95),
                100 * dd[0], 100 * dd[1], sharpe[0], sharpe[1], 100 * s.ruinThreshold(), 100 * r.riskOfRuin());
        System.out.println("results in " + folder.dir() + " (montecarlo.json, montecarlo.html)");
        System.err.printf(Locale.ROOT, "kairos: montecarlo took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private double initialEquity(Path tradesFile) throws IOException {
        if (initialEquity != null) {
            return initialEquity;
        }
        Path summary = tradesFile.toAbsolutePath().getParent().resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            JsonNode node = new ObjectMapper().readTree(summary.toFile()).get("initial_equity");
            if (node != null && node.isNumber()) {
                System.err.println("kairos: initial equity " + node.asDouble() + " from " + summary);
                return node.asDouble();
            }
        }
        double e = common.loadConfig().backtest().initialEquity();
        System.err.println("kairos: initial equity " + e + " from the config's backtest.initial_equity");
        return e;
    }
}
