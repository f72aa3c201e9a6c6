package kairos.engine.cep;

import kairos.engine.testing.ProjectDirs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The whole shipped statement set ({@code cep-statements/}) per trade event: seeded synthetic SOLUSDT trades, 100 per
 * second of event time (a busy SOL tape, a 400-800 SOL print one trade in a thousand), through {@link CepFeed#onTrade}
 * — the path of live and replay: Esper's clock advanced, the event object, every statement. Throughput (events/s)
 * and the sampled time per event (p50/p99 in JMH's percentiles); {@link #tradeMakingAFact} the same for trades that
 * each make a pattern fact. The statements are read from
 * {@code kairos.project.dir} (the launcher sets it). See docs/performance.md, "CEP".
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class CepBench {
    static final long T0 = 1_746_316_800_000L;   // 2025-05-04T00:00Z

    private final SplittableRandom random = new SplittableRandom(42);
    private long ts = T0;
    private double price = 150;
    private long facts;
    private CepEngine cep;
    private CepFeed feed;

    @Setup(Level.Trial)
    public void load() {
        cep = CepEngine.load(ProjectDirs.cep(), ts, p -> facts++);
        feed = new CepFeed(cep);
    }

    @TearDown(Level.Trial)
    public void close() {
        cep.close();
    }

    @Benchmark
    public void trade(Blackhole bh) {
        send(random.nextDouble() < 0.001, bh);
    }

    /** Every trade a 400-800 SOL print: each makes a {@code LargeOrder} fact, so this times event -> pattern fact. */
    @Benchmark
    public void tradeMakingAFact(Blackhole bh) {
        send(true, bh);
    }

    private void send(boolean large, Blackhole bh) {
        ts += 10;
        price = Math.max(1, price + (random.nextDouble() - 0.5) * 0.02);
        double qty = large ? 400 + random.nextDouble() * 400 : 0.1 + random.nextDouble() * 20;
        feed.onTrade("SOLUSDT", ts, ts + 5 + random.nextInt(20), Math.round(price * 100) / 100.0, qty,
                random.nextBoolean() ? "Buy" : "Sell");
        bh.consume(facts);
    }
}
