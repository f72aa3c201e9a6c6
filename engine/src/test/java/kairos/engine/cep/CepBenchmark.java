package kairos.engine.cep;

import kairos.engine.testing.ProjectDirs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Throughput and latency of the full deployed statement set (not a test: run it by hand, see
 * {@code docs/performance.md}). Feeds seeded synthetic SOLUSDT trades, 100 per second of event time (a busy
 * SOL tape), through {@link CepFeed#onTrade} - the same path as live and replay: Esper clock advance, event
 * object, every statement. One warm-up pass, then a throughput pass, then a latency pass timing each event.
 *
 * <pre>java -cp ... kairos.engine.cep.CepBenchmark [events=2000000] [cep-dir]</pre>
 */
public final class CepBenchmark {
    private CepBenchmark() {
    }

    static final class Tape {
        final SplittableRandom random = new SplittableRandom(42);
        long ts = CepHarness.T0;
        double price = 150;

        void next(CepFeed feed) {
            ts += 10;
            price = Math.max(1, price + (random.nextDouble() - 0.5) * 0.02);
            double qty = random.nextDouble() < 0.001 ? 400 + random.nextDouble() * 400 : 0.1 + random.nextDouble() * 20;
            feed.onTrade("SOLUSDT", ts, ts + 5 + random.nextInt(20), Math.round(price * 100) / 100.0, qty,
                    random.nextBoolean() ? "Buy" : "Sell");
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : ProjectDirs.cep();
        long[] facts = new long[1];
        long[] factLatency = new long[n];
        long[] factCpu = new long[n];
        int[] factCount = new int[1];
        long[] eventStart = new long[2];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean[] timing = new boolean[1];
        Tape tape = new Tape();
        try (CepEngine cep = CepEngine.load(dir, tape.ts, p -> {
            facts[0]++;
            if (timing[0] && factCount[0] < factLatency.length) {
                factLatency[factCount[0]] = System.nanoTime() - eventStart[0];
                factCpu[factCount[0]++] = threads.getCurrentThreadCpuTime() - eventStart[1];
            }
        })) {
            CepFeed feed = new CepFeed(cep);
            System.out.printf("statements emitting patterns: %d %s%n", cep.statementNames().size(), cep.statementNames());
            for (int i = 0; i < n / 2; i++) {
                tape.next(feed);
            }
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                tape.next(feed);
            }
            long elapsed = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            System.out.printf("throughput: %,d trade events in %.1f ms wall = %,.0f events/s; %.1f ms CPU of the thread = %,.0f events per CPU-second (%,d pattern facts)%n",
                    n, elapsed / 1e6, n / (elapsed / 1e9), cpu / 1e6, n / (cpu / 1e9), facts[0]);

            long[] perEvent = new long[n];
            long[] perEventCpu = new long[n];
            timing[0] = true;
            for (int i = 0; i < n; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                eventStart[0] = s;
                eventStart[1] = c;
                tape.next(feed);
                perEvent[i] = System.nanoTime() - s;
                perEventCpu[i] = threads.getCurrentThreadCpuTime() - c;
            }
            Arrays.sort(perEvent);
            Arrays.sort(perEventCpu);
            long[] fl = Arrays.copyOf(factLatency, factCount[0]);
            Arrays.sort(fl);
            long[] fc = Arrays.copyOf(factCpu, factCount[0]);
            Arrays.sort(fc);
            System.out.printf("per event, thread CPU time (excludes preemption by other processes): p50 %.2f us, p99 %.2f us, p99.9 %.2f us%n",
                    pct(perEventCpu, 0.50), pct(perEventCpu, 0.99), pct(perEventCpu, 0.999));
            System.out.printf("event -> pattern fact, thread CPU time: p50 %.2f us, p99 %.2f us%n", pct(fc, 0.50), pct(fc, 0.99));
            System.out.printf("per event (send -> all statements done): p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.1f us%n",
                    pct(perEvent, 0.50), pct(perEvent, 0.99), pct(perEvent, 0.999), perEvent[n - 1] / 1e3);
            System.out.printf("event -> pattern fact (%,d facts): p50 %.2f us, p99 %.2f us, max %.1f us%n",
                    fl.length, pct(fl, 0.50), pct(fl, 0.99), fl.length == 0 ? 0 : fl[fl.length - 1] / 1e3);
        }
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e3;
    }
}
