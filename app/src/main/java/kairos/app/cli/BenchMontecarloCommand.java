package kairos.app.cli;

import kairos.engine.backtest.TradesCsv;
import kairos.engine.backtest.validation.MonteCarlo;
import kairos.engine.backtest.validation.MonteCarloResult;
import kairos.engine.backtest.validation.MonteCarloSettings;
import kairos.engine.backtest.validation.TradesCsvReader;
import kairos.engine.backtest.validation.ValidationJson;
import kairos.engine.domain.Side;
import kairos.engine.execution.TradeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code kairos bench montecarlo}: the Monte Carlo's own work (read the trade file, resample, write montecarlo.json)
 * timed over rounds in one JVM, on a trade list of a given length: drawn with replacement from a real trades.csv, or
 * seeded synthetic trades. Writes the list it used, so the whole command can be timed on it from the shell. A
 * benchmark, never a test.
 */
@Command(name = "montecarlo", mixinStandardHelpOptions = true,
        description = {"Times the Monte Carlo on a trade list of a given length (10,000 runs x 2,000 trades by default).",
                "Reads trades.csv, resamples and writes montecarlo.json over rounds after a",
                "warm-up, on --count trades drawn with replacement from --trades (default: seeded synthetic trades).",
                "Writes the trade list it used to <out>/trades-<count>.csv, so that './kairos montecarlo --trades' can be",
                "timed on it from the shell (docs/validation.md)."})
public final class BenchMontecarloCommand implements Callable<Integer> {
    @Option(names = "--trades", paramLabel = "FILE", description = "A real trades.csv to draw the list from (default: synthetic).")
    Path trades;

    @Option(names = "--count", paramLabel = "N", defaultValue = "2000", description = "Trades in the list (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10000", description = "Monte Carlo runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the trade list (default: out/bench).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (count < 2 || runs < 1 || rounds < 1) {
            throw new UserError("--count must be at least 2, --runs and --rounds at least 1");
        }
        List<TradeRecord> list = trades != null ? resample(TradesCsvReader.read(trades), count) : synthetic(count);
        Path dir = out != null ? out : KairosHome.resolve("out/bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("trades-" + count + ".csv");
        TradesCsv.write(file, list);
        Path json = Files.createTempFile(dir, "montecarlo", ".json");
        try {
            int threads = Runtime.getRuntime().availableProcessors();
            double[] ms = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                long t0 = System.nanoTime();
                List<TradeRecord> read = TradesCsvReader.read(file);
                MonteCarloResult mc = MonteCarlo.run(read, new MonteCarloSettings(runs, 42, MonteCarloSettings.Method.BOOTSTRAP,
                        2, 0.05, 2, 0.1, 0.5, 0.15, 10_000, threads));
                Files.writeString(json, ValidationJson.write(mc.toMap()));
                double t = (System.nanoTime() - t0) / 1e6;
                if (r >= 0) {
                    ms[r] = t;
                    System.out.printf(Locale.ROOT, "round %d: %d runs x %d trades in %.0f ms%n", r + 1, runs, count, t);
                } else {
                    System.out.printf(Locale.ROOT, "warm-up: %.0f ms%n", t);
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "median %.0f ms for %d runs x %d trades on %d threads (read, resample with slippage, "
                    + "skips, delays and partial fills, write); the list is %s%n", ms[ms.length / 2], runs, count, threads, file);
        } finally {
            Files.deleteIfExists(json);
        }
        return 0;
    }

    static List<TradeRecord> resample(List<TradeRecord> from, int n) {
        if (from.isEmpty()) {
            throw new UserError("--trades: the file has no trades to draw from");
        }
        SplittableRandom rnd = new SplittableRandom(7);
        List<TradeRecord> out = new ArrayList<>(n);
        long t = from.getFirst().entryTime();
        for (int i = 0; i < n; i++) {
            TradeRecord x = from.get(rnd.nextInt(from.size()));
            long held = x.exitTime() - x.entryTime();
            out.add(new TradeRecord("B" + i, x.symbol(), x.side(), x.strategy(), x.entryRule(), t, x.entryPrice(), t + held,
                    x.exitPrice(), x.qty(), x.grossPnl(), x.fees(), x.funding(), x.netPnl(), x.exitReason(), x.initialRisk()));
            t += held + 600_000;
        }
        return out;
    }

    static List<TradeRecord> synthetic(int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        List<TradeRecord> out = new ArrayList<>(n);
        long t = 1_746_316_800_000L;
        for (int i = 0; i < n; i++) {
            double price = 150 * Math.exp(rnd.nextGaussian() * 0.1);
            double gross = rnd.nextInt(5) < 2 ? 40 + 40 * rnd.nextDouble() : -25 - 10 * rnd.nextDouble();
            double fees = 0.0011 * price * 10;
            out.add(TradeRecord.of("S" + i, "SOLUSDT", rnd.nextBoolean() ? Side.Buy : Side.Sell, "synthetic", "synthetic", t,
                    price, t + 3_600_000L, price + gross / 10, 10, gross, fees, 0, "stop"));
            t += 4 * 3_600_000L;
        }
        return out;
    }
}
