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
        microBenchmark(bars, rounds);
        ta4jComparison(bars, rounds);
    }

    /** The same 1m schema with a synthetic trade stream (20 trades and one book snapshot per bar). */
    static void microBenchmark(List<Bar> bars, int rounds) {
        List<kairos.engine.cep.events.FeedEvent> events = Synthetic.micro(9, bars, 60_000L);
        List<kairos.engine.cep.events.FeedEvent> many = new java.util.ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(10);
        for (Bar b : bars) {
            for (int k = 0; k < 20; k++) {
                many.add(new kairos.engine.cep.events.TradeTick("SOLUSDT", b.openTime() + r.nextLong(60_000L), 0,
                        b.low() + r.nextDouble() * (b.high() - b.low()), 1 + r.nextInt(50), r.nextBoolean() ? "Buy" : "Sell"));
            }
        }
        many.addAll(events);
        FeatureInputs in = new FeatureInputs(bars, Map.of(), List.of(), many);
        FeatureConfig cfg = FeatureConfig.standard(Timeframe.M1);
        double best = 0;
        for (int round = 0; round < Math.max(2, rounds / 2); round++) {
            FeatureEngine e = new FeatureEngine(cfg);
            long t0 = System.nanoTime();
            in.replay(e, (i, t, eng) -> { });
            long ns = System.nanoTime() - t0;
            if (round > 0) {
                best = Math.max(best, bars.size() / (ns / 1e9));
            }
        }
        System.out.printf(Locale.ROOT, "with micro streams (%,d events, %.1f per bar): best %,.0f bars/s = %,.0f events/s%n",
                many.size(), many.size() / (double) bars.size(), best, best * many.size() / bars.size());
    }

    /**
     * For scale: 20 of the base-timeframe indicators through ta4j 0.22 with DoubleNum, incrementally (a moving
     * series of 400 bars, each indicator read at the end index after each new bar).
     */
    static void ta4jComparison(List<Bar> bars, int rounds) {
        int n = Math.min(bars.size(), 20_000);
        double best = 0;
        for (int round = 0; round < Math.max(2, rounds / 3); round++) {
            org.ta4j.core.BarSeries s = new org.ta4j.core.BaseBarSeriesBuilder()
                    .withNumFactory(org.ta4j.core.num.DoubleNumFactory.getInstance()).withMaxBarCount(400).build();
            var close = new org.ta4j.core.indicators.helpers.ClosePriceIndicator(s);
            java.util.List<org.ta4j.core.Indicator<org.ta4j.core.num.Num>> inds = new java.util.ArrayList<>();
            for (int p : new int[] {8, 13, 21, 34, 55}) {
                inds.add(new org.ta4j.core.indicators.averages.EMAIndicator(close, p));
            }
            inds.add(new org.ta4j.core.indicators.averages.SMAIndicator(close, 20));
            inds.add(new org.ta4j.core.indicators.averages.SMAIndicator(close, 50));
            inds.add(new org.ta4j.core.indicators.averages.HMAIndicator(close, 21));
            inds.add(new org.ta4j.core.indicators.RSIIndicator(close, 14));
            inds.add(new org.ta4j.core.indicators.ATRIndicator(s, 14));
            inds.add(new org.ta4j.core.indicators.adx.ADXIndicator(s, 14));
            inds.add(new org.ta4j.core.indicators.MACDIndicator(close, 12, 26));
            inds.add(new org.ta4j.core.indicators.CCIIndicator(s, 20));
            inds.add(new org.ta4j.core.indicators.WilliamsRIndicator(s, 14));
            inds.add(new org.ta4j.core.indicators.StochasticOscillatorKIndicator(s, 14));
            inds.add(new org.ta4j.core.indicators.ROCIndicator(close, 10));
            inds.add(new org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator(s, 14));
            inds.add(new org.ta4j.core.indicators.volume.ChaikinMoneyFlowIndicator(s, 20));
            inds.add(new org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator(s));
            inds.add(new org.ta4j.core.indicators.supertrend.SuperTrendIndicator(s, 10, 3.0));
            double sum = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Bar b = bars.get(i);
                s.barBuilder().timePeriod(java.time.Duration.ofMinutes(1))
                        .endTime(java.time.Instant.ofEpochMilli(b.openTime() + 60_000)).openPrice(b.open()).highPrice(b.high())
                        .lowPrice(b.low()).closePrice(b.close()).volume(b.volume()).add();
                int end = s.getEndIndex();
                for (var ind : inds) {
                    double v = ind.getValue(end).doubleValue();
                    if (!Double.isNaN(v)) {
                        sum += v;
                    }
                }
            }
            long ns = System.nanoTime() - t0;
            if (round > 0) {
                best = Math.max(best, n / (ns / 1e9));
            }
            if (sum == 42) {
                System.out.println();
            }
        }
        System.out.printf(Locale.ROOT, "ta4j 0.22 DoubleNum, 20 base indicators only, incremental: best %,.0f bars/s%n", best);
    }
}
