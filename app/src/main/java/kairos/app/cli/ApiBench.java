package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.app.session.SessionOps;
import kairos.app.session.TradingSession;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.MarketBatch;
import kairos.ops.api.ControlApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code kairos bench api}: the control API under load on loopback while a paper kernel with the real rules takes a
 * synthetic market stream. Two phases of {@code --seconds} each: idle (market only), then {@code GET /status} at
 * {@code --rate} requests/s, open loop (each request's latency counts from when it was due, so a stall is not
 * hidden), from {@link LoopbackLoad} (32 keep-alive sockets), so the generator's own cost stays small. Reports the
 * requests' p50/p99/max and the kernel's arrival-to-decision latency in both phases. The answers share one kernel
 * status command per 100 ms (the control API's coalescing), so the load reaches the kernel as it would from real
 * clients. A benchmark, never a test.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Loads GET /status on loopback at --rate requests/s (open loop) while a paper kernel with the",
                "rules takes a synthetic market stream; prints request p50/p99 and the kernel's decision latency idle",
                "vs under load."})
public final class ApiBench implements Callable<Integer> {
    /** Keep-alive connections of the load generator: enough that a due request rarely waits for one. */
    static final int CONNECTIONS = 32;
    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;
    @Option(names = "--rate", defaultValue = "1000", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--seconds", defaultValue = "20", description = "Length of each phase, s (default: ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--market-rate", defaultValue = "200",
            description = "Market events per second into the kernel (default: ${DEFAULT-VALUE}); each moves market time 5 s.")
    int marketRate;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || seconds < 2 || marketRate < 1) {
            throw new UserError("--rate and --market-rate must be >= 1, --seconds >= 2");
        }
        KairosConfig config = common.loadConfig();
        String symbol = config.backtest().symbols().getFirst();
        Path store = Files.createTempDirectory("kairos-bench-api");
        TradingSession.Spec spec = new TradingSession.Spec("bench-api", "paper", List.of(symbol), Timeframe.M5,
                engine.rulesDir(), engine.cepDir(), store, 10_000, config.venueModel(), config.executionPolicy(),
                config.riskLimits(), config.haltLimits(), config.instrumentMap(), "none", 60_000);
        long start = 1_735_689_600_000L;   // 2025-01-01T00:00:00Z, market time
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String token = UUID.randomUUID().toString();
        ConcurrentLinkedQueue<Long> decisionNanos = new ConcurrentLinkedQueue<>();
        try (SessionOps ops = new SessionOps(10_000, System::currentTimeMillis);
             TradingSession session = TradingSession.live(spec, null, System::currentTimeMillis, start,
                     ops.notifier(a -> { }), ops.decisions(d -> { }), ops.interposers())) {
            ops.metrics().tapDecisionLatency(decisionNanos::add);
            ops.start(new ControlApi.Settings("127.0.0.1", port, token), session.kernel());
            Thread kernel = Thread.ofPlatform().name("kernel").start(() -> {
                try {
                    session.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ScheduledExecutorService market = Executors.newSingleThreadScheduledExecutor();
            SplittableRandom random = new SplittableRandom(7);
            double[] price = {150};
            long[] t = {start};
            double[] bar = {150, 150, 150, 0};   // open, high, low, volume
            market.scheduleAtFixedRate(() -> {
                t[0] += 5_000;
                price[0] = Math.max(1, price[0] * (1 + random.nextGaussian() * 0.0008));
                double qty = 1 + random.nextDouble() * 20;
                bar[1] = Math.max(bar[1], price[0]);
                bar[2] = Math.min(bar[2], price[0]);
                bar[3] += qty;
                long now = System.currentTimeMillis();
                List<MarketEvent> events = new java.util.ArrayList<>(2);
                events.add(new MarketEvent.Trade(symbol, t[0], now, price[0], qty,
                        random.nextBoolean() ? Side.Buy : Side.Sell));
                if (t[0] % 60_000 == 0) {
                    events.add(new MarketEvent.BarClose(symbol, Timeframe.M1, new Bar(t[0] - 60_000, bar[0], bar[1],
                            bar[2], price[0], bar[3]), now));
                    bar[0] = bar[1] = bar[2] = price[0];
                    bar[3] = 0;
                }
                MarketBatch b = MarketBatch.of(events, now);
                ops.onBatch(b, false);
                session.post(b);
            }, 0, 1_000_000 / marketRate, TimeUnit.MICROSECONDS);
            try {
                LoopbackLoad status = new LoopbackLoad("127.0.0.1", port, "/status", token, CONNECTIONS, 10_000);
                System.out.printf(Locale.ROOT, "kairos bench api: %s, market %d events/s, %d s per phase, /status at %d req/s%n",
                        symbol, marketRate, seconds, rate);
                status.run(Math.min(rate, 200), 3);   // warm-up: JIT, connections
                Thread.sleep(3_000);
                decisionNanos.clear();
                Thread.sleep(seconds * 1_000L);
                long[] idle = drain(decisionNanos);
                LoopbackLoad.Result r = status.run(rate, seconds);
                long[] busy = drain(decisionNanos);
                System.out.printf(Locale.ROOT, "  /status     %d requests, %d errors, achieved %.0f req/s: p50 %.2f ms, p99 %.2f ms, "
                                + "max %.2f ms%n", r.latencies().length, r.errors(), r.latencies().length / (double) seconds,
                        pct(r.latencies(), 0.50) / 1e6, pct(r.latencies(), 0.99) / 1e6, pct(r.latencies(), 1.0) / 1e6);
                System.out.printf(Locale.ROOT, "  decisions   idle: %d, p50 %.2f ms, p99 %.2f ms | under load: %d, p50 %.2f ms, "
                                + "p99 %.2f ms (arrival to journal, ms resolution)%n", idle.length, pct(idle, 0.5) / 1e6,
                        pct(idle, 0.99) / 1e6, busy.length, pct(busy, 0.5) / 1e6, pct(busy, 0.99) / 1e6);
                if (r.errors() > 0) {
                    System.out.println("  first error: " + r.firstError());
                }
                return r.errors() == 0 ? 0 : 1;
            } finally {
                market.shutdownNow();
                session.stop();
                session.post(new MarketBatch(List.of(), false, 0));
                kernel.join(10_000);
            }
        }
    }

    private static long[] drain(ConcurrentLinkedQueue<Long> q) {
        long[] a = q.stream().mapToLong(Long::longValue).toArray();
        q.clear();
        return a;
    }

    static double pct(long[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1 < 0 ? 0 : (int) Math.ceil(p * s.length) - 1)];
    }
}
