package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.SyntheticBars;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The model set on a seeded random walk of {@code days} days of 5m bars (default 30, the walk-forward training
 * window), the default parameters: single-row inference — the direction probabilities (one booster
 * {@code inplace_predict} + calibration), the full {@link MlScore} (four boosters + logistic + calibration), and the
 * kernel's hook per decision (feature engine update + score + regime + drift, over {@value #KERNEL_BARS} bars after
 * 2,000 of priming) — as sampled times (p50/p99), and the training of one model set (single shot). See
 * docs/models.md, "Speed".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class MlBench {
    static final long START = 1_744_329_600_000L;
    static final long DAY = 86_400_000L;
    static final int KERNEL_BARS = 1_000;

    @Param("30")
    public int days;
    private CandleSeries bars;
    private TrainingSet data;
    private PurgedSplit split;
    private Fold window;
    private TrainerConfig config;
    private MlModel model;
    private double[][] sample;
    private final double[] out = new double[3];
    private int next;

    @Setup(Level.Trial)
    public void train() {
        bars = CandleSeries.of(Timeframe.M5, SyntheticBars.randomWalk(1, START, 300_000L, (days + 2) * 288, 150));
        data = TrainingSet.of(bars, LabelSpec.dollars(2, 48));
        window = new Fold(0, START, START + days * DAY, START + days * DAY, START + (days + 1) * DAY);
        config = TrainerConfig.defaults("bench", "v1", LabelSpec.dollars(2, 48));
        split = PurgedSplit.of(data.openTimes(), data.labels(), window, config.validationFraction(), 0);
        model = ModelTrainer.train(data, split, window, config);
        int rows = data.rows() - 500;
        sample = new double[1000][];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = data.features().row(500 + (int) ((long) i * rows / sample.length));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    @Benchmark
    public double direction() {
        model.directionProbabilities(sample[next++ % sample.length], out);
        return out[0];
    }

    @Benchmark
    public MlScore fullScore() {
        int i = next++;
        return model.score("SOLUSDT", i, sample[i % sample.length], 2.0);
    }

    /** A scorer primed on 2,000 bars, fresh for each invocation (outside its time). */
    @State(Scope.Thread)
    public static class Primed {
        ModelScorer scorer;

        @Setup(Level.Invocation)
        public void prime(MlBench b) {
            scorer = new ModelScorer(b.model, Timeframe.M5, Set.of("SOLUSDT"), 288);
            scorer.prime("SOLUSDT", b.bars.bars().subList(0, 2000));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(KERNEL_BARS)
    public void kernelHook(Primed p, Blackhole bh) {
        for (int i = 0; i < KERNEL_BARS; i++) {
            p.scorer.onStrategyBar("SOLUSDT", bars.bar(2000 + i));
            bh.consume(p.scorer.facts("SOLUSDT", i));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void trainOneModelSet(Blackhole bh) {
        try (MlModel m = ModelTrainer.train(data, split, window, config)) {
            bh.consume(m.card());
        }
    }
}
