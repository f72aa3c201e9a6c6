package kairos.engine.features;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * Throughput of the full 1m schema (1m plus 3m/5m/15m/1h/4h aggregated, context, funding, micro columns). Not a
 * unit test: run with the test classpath,
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp <test cp> kairos.engine.features.FeatureBenchmark}.
 * Reads the shared SOL/BTC/ETH 1m feather files when present, else a seeded random walk (and says so).
 * Time is measured with {@link System#nanoTime()} here only, never inside the engine.
 */
public final class FeatureBenchmark {
    private FeatureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path sol = FeatherBars.dataFile("SOL_USDT_USDT-1m-futures.feather");
        List<Bar> bars;
        Map<String, List<Bar>> ctx;
        String source;
        if (sol != null) {
            bars = FeatherBars.read(sol);
            ctx = Map.of("BTCUSDT", FeatherBars.read(FeatherBars.dataFile("BTC_USDT_USDT-1m-futures.feather")),
                    "ETHUSDT", FeatherBars.read(FeatherBars.dataFile("ETH_USDT_USDT-1m-futures.feather")));
            source = "real Binance USDT-M SOLUSDT 1m (" + sol.getFileName() + ") with BTC/ETH 1m context";
        } else {
            bars = Synthetic.bars(1, 43_200, Timeframe.M1, Synthetic.T0, 150, 0.01);
            ctx = Map.of("BTCUSDT", Synthetic.bars(2, 43_200, Timeframe.M1, Synthetic.T0, 100_000, 0.1),
                    "ETHUSDT", Synthetic.bars(3, 43_200, Timeframe.M1, Synthetic.T0, 2500, 0.01));
            source = "SEEDED RANDOM WALK (shared data absent), 43,200 1m bars with BTC/ETH context";
        }
        FeatureConfig cfg = FeatureConfig.standard(Timeframe.M1);
        FeatureInputs in = new FeatureInputs(bars, ctx, List.of(), List.of());
        int cols = FeatureSchema.of(cfg).size();
        System.out.printf(Locale.ROOT, "data: %s%nbars: %,d  columns: %d  rounds: %d (first is warm-up)%n", source, bars.size(),
                cols, rounds);
        double best = 0;
        double checksum = 0;
        double[] rates = new double[Math.max(0, rounds - 1)];
        for (int r = 0; r < rounds; r++) {
            FeatureEngine e = new FeatureEngine(cfg);
            double[] sum = {0};
            long t0 = System.nanoTime();
            in.replay(e, (i, t, eng) -> {
                double v = eng.value(i % cols);
                if (!Double.isNaN(v)) {
                    sum[0] += v;
                }
            });
            long ns = System.nanoTime() - t0;
            double barsPerSec = bars.size() / (ns / 1e9);
            checksum = sum[0];
            System.out.printf(Locale.ROOT, "round %d: %.1f ms, %,.0f bars/s, %,.0f features/s%n", r, ns / 1e6, barsPerSec,
                    barsPerSec * cols);
            if (r > 0) {
                best = Math.max(best, barsPerSec);
                rates[r - 1] = barsPerSec;
            }
        }
        java.util.Arrays.sort(rates);
        double median = rates.length == 0 ? 0 : rates[rates.length / 2];
        System.out.printf(Locale.ROOT, "median after warm-up: %,.0f bars/s = %,.0f features/s%n", median, median * cols);
        System.out.printf(Locale.ROOT, "best: %,.0f bars/s = %,.0f features/s (checksum %.6g)%n", best, best * cols, checksum);
        if (rounds > 1 && median < 100_000) {
            System.out.println("BELOW TARGET of 100,000 bars/s");
        }
    }
}
