package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.SyntheticBars;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Training time and single-row inference latency (not a test: run as a main, see docs/models.md). Seeded random
 * walk of {@code days} days of 5m bars (default 30, the walk-forward training window), the default parameters.
 */
public final class MlBenchmark {
    private MlBenchmark() {
    }

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long start = 1_744_329_600_000L;
        long day = 86_400_000L;
        CandleSeries bars = CandleSeries.of(Timeframe.M5, SyntheticBars.randomWalk(1, start, 300_000L, (days + 2) * 288, 150));
        long t0 = System.nanoTime();
        TrainingSet data = TrainingSet.of(bars, LabelSpec.dollars(2, 48));
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        Fold window = new Fold(0, start, start + days * day, start + days * day, start + (days + 1) * day);
        TrainerConfig cfg = TrainerConfig.defaults("bench", "v1", LabelSpec.dollars(2, 48));
        PurgedSplit split = PurgedSplit.of(data.openTimes(), data.labels(), window, cfg.validationFraction(), 0);
        t0 = System.nanoTime();
        try (MlModel model = ModelTrainer.train(data, split, window, cfg)) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "rows %d x %d features: feature matrix %.2f s, training (4 boosters + logistic "
                            + "+ calibration) %.2f s, best iterations %s%n", split.fit().length + split.validation().length,
                    data.schema().size(), featureSeconds, trainSeconds, model.card().get("best_iterations"));
            int rows = data.rows() - 500;
            double[][] sample = new double[1000][];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = data.features().row(500 + (int) ((long) i * rows / sample.length));
            }
            double[] out = new double[3];
            long[] direction = new long[iterations];
            long[] full = new long[iterations];
            for (int w = 0; w < 5000; w++) { // warm-up
                model.score("SOLUSDT", w, sample[w % sample.length], 2.0);
            }
            double sink = 0;
            for (int i = 0; i < iterations; i++) {
                double[] row = sample[i % sample.length];
                long a = System.nanoTime();
                model.directionProbabilities(row, out);
                long b = System.nanoTime();
                MlScore s = model.score("SOLUSDT", i, row, 2.0);
                long c = System.nanoTime();
                direction[i] = b - a;
                full[i] = c - b;
                sink += out[0] + s.getPUp();
            }
            ModelScorer scorer = new ModelScorer(model, Timeframe.M5, Set.of("SOLUSDT"), 288);
            scorer.prime("SOLUSDT", bars.bars().subList(0, 2000));
            long[] kernel = new long[Math.min(iterations, bars.size() - 2000)];
            for (int i = 0; i < kernel.length; i++) {
                long a = System.nanoTime();
                scorer.onStrategyBar("SOLUSDT", bars.bar(2000 + i));
                sink += scorer.facts("SOLUSDT", i).size();
                kernel[i] = System.nanoTime() - a;
            }
            report("direction only (1 booster + calibration)", direction);
            report("full MlScore (4 boosters + logistic + calibration)", full);
            report("kernel hook per decision (feature engine update + MlScore + regime + drift)", kernel);
            System.out.println("(checksum " + (sink > 0) + ")");
        }
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-80s n=%d p50 %6.1f us  p99 %6.1f us  max %7.1f us%n", what, s.length,
                s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }
}
