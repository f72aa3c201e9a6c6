package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.app.bench.LivePathProbe;
import kairos.app.config.KairosConfig;
import kairos.app.session.SessionWarmup;
import kairos.app.session.TradingSession;
import kairos.bybit.data.BybitMarketFeed;
import kairos.bybit.data.KlineHistory;
import kairos.bybit.data.RestKlineHistory;
import kairos.bybit.parsing.BybitPublicMessages;
import kairos.bybit.sim.BybitSimulator;
import kairos.bybit.sim.MarketTape;
import kairos.bybit.websocket.BybitPublicStream;
import kairos.engine.data.FileTrees;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.kernel.MarketBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import java.util.zip.GZIPInputStream;

/**
 * {@code kairos bench live}: the live path of a paper session, against the local Bybit simulator. (a) How fast the
 * live parser takes Bybit's public messages: messages/s and MB/s over the stream the simulator sends for the bundled
 * tape, and over real recorded Bybit messages, after warm-up rounds, median of rounds, per message kind. (b) Tick
 * to order request: a paper session in this JVM fed by the simulator's public stream over a socket, every order
 * request the kernel sends timed from the receive instant of the market message that caused it. A benchmark, never
 * a test; docs/performance.md has the figures.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Measures the live path of a paper session against the local Bybit simulator (127.0.0.1):",
                "(a) parse throughput of the live parser (messages/s, MB/s, per message kind) over the stream the",
                "simulator sends for the bundled 1m bars turned into trades, and over real recorded Bybit messages",
                "(examples/recording.jsonl.gz, or --recording); (b) tick -> order request latency: a paper session",
                "in this JVM on the simulator's public stream, each order request timed from the socket receive of",
                "the message that caused it to the kernel's venue call (p50/p90/p99/p99.9/max, per stage).",
                "Default rules: bench/live/rules (enter when flat, leave a minute later: not a strategy)."},
        footer = {"", "Examples:", "  ./kairos bench live", "  ./kairos bench live --minutes 120 --speed 600 --runs 3"})
public final class BenchLiveCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;

    @Option(names = "--symbol", defaultValue = "SOLUSDT", description = "Symbol of the tape (default: ${DEFAULT-VALUE}).")
    String symbol;
    @Option(names = "--exchange", defaultValue = "binance", description = "Exchange of the stored 1m bars the tape is made of (default: ${DEFAULT-VALUE}).")
    String exchange;
    @Option(names = "--minutes", defaultValue = "240", description = "Minutes of tape played after a day of history (default: ${DEFAULT-VALUE}).")
    int minutes;
    @Option(names = "--ticks-per-bar", defaultValue = "12", description = "Trades synthesised per 1m bar (default: ${DEFAULT-VALUE}).")
    int ticksPerBar;
    @Option(names = "--speed", defaultValue = "60", description = "Exchange time per wall time while the session runs (default: ${DEFAULT-VALUE}).")
    double speed;
    @Option(names = "--timeframe", defaultValue = "1m", description = "Strategy timeframe of the session (default: ${DEFAULT-VALUE}).")
    String timeframe;
    @Option(names = "--reconcile-minutes", defaultValue = "1440", description = {"Market minutes between the session's "
            + "periodic reconciliations (default: ${DEFAULT-VALUE}: only the one at the start within the default tape; "
            + "0: run.reconcile_seconds of the config)."})
    long reconcileMinutes;
    @Option(names = "--warmup", defaultValue = "3", description = "Parse warm-up rounds, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--runs", defaultValue = "5", description = "Parse rounds measured (default: ${DEFAULT-VALUE}).")
    int runs;
    @Option(names = "--recording", paramLabel = "FILE", description = "A kairos record recording to parse as well (default: examples/recording.jsonl.gz).")
    Path recording;
    @Option(names = "--journal", defaultValue = "on", paramLabel = "on|off", description = {"off: the session's state "
            + "saves are dropped, to see what the crash-safe journal costs on the path (default: ${DEFAULT-VALUE})."})
    String journal;
    @Option(names = "--skip-session", description = "Only the parse throughput.")
    boolean skipSession;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (minutes < 2 || ticksPerBar < 1 || !(speed > 0) || runs < 1 || warmup < 0) {
            throw new UserError("--minutes must be >= 2, --ticks-per-bar and --runs >= 1, --speed > 0, --warmup >= 0");
        }
        if (!journal.equals("on") && !journal.equals("off")) {
            throw new UserError("--journal: '" + journal + "' is neither on nor off");
        }
        if (recording != null && !Files.isRegularFile(recording)) {
            throw new UserError("--recording: " + recording + " is not a file");
        }
        KairosConfig config = common.loadConfig();
        MarketTape tape = tape(StoreAccess.open(common, System.err));
        out.printf(Locale.ROOT, "bench live: %s %s 1m bars -> %,d tape events (%d trades a bar) over %d minutes, a day of "
                + "history before; java %s, %d cores%n", exchange, symbol, tape.events().size(), ticksPerBar, minutes,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<String> stream = capture(tape);
        parseBench("simulator stream", stream);
        Path real = recording != null ? recording : KairosHome.resolve("examples/recording.jsonl.gz");
        if (Files.isRegularFile(real)) {
            List<String> recorded = recordedMessages(real);
            List<String> repeated = new ArrayList<>();
            int passes = Math.max(1, 20_000 / Math.max(1, recorded.size()));
            for (int i = 0; i < passes; i++) {
                repeated.addAll(recorded);
            }
            parseBench("recorded Bybit messages (" + real.getFileName() + ", " + recorded.size() + " messages x " + passes
                    + ")", repeated, recorded.size());
        }
        if (!skipSession) {
            session(config, tape);
        }
        return 0;
    }

    /** The bundled 1m bars of the symbol: the first day as history, then {@code minutes} played as trades. */
    MarketTape tape(MarketStore store) {
        Timeframe finest = store.finestTimeframe(exchange, Market.PERP, symbol)
                .orElseThrow(() -> new UserError("no " + exchange + "/perp/" + symbol + " data in the store"));
        if (finest != Timeframe.M1) {
            throw new UserError(exchange + "/perp/" + symbol + ": the simulator's tape needs 1m bars, the store has " + finest);
        }
        List<Bar> all = store.candles(SeriesId.candles(exchange, Market.PERP, symbol, Timeframe.M1), Long.MIN_VALUE,
                Long.MAX_VALUE).bars();
        if (all.isEmpty()) {
            throw new UserError(exchange + "/perp/" + symbol + ": no 1m bars in the store");
        }
        long from = all.getFirst().openTime() + DAY;
        long to = from + minutes * 60_000L;
        List<Bar> used = all.stream().filter(b -> b.openTime() < to).toList();
        List<FundingRate> funding = store.funding(exchange, Market.PERP, symbol, Long.MIN_VALUE, to);
        MarketTape tape = MarketTape.fromBars(symbol, used, funding, from, 1, ticksPerBar);
        if (tape.events().stream().noneMatch(e -> e instanceof kairos.engine.domain.MarketEvent.Trade)) {
            throw new UserError(exchange + "/perp/" + symbol + " has no 1m bars to play after the first day (history): "
                    + "the store's bars start at " + java.time.Instant.ofEpochMilli(all.getFirst().openTime()));
        }
        return tape;
    }

    /** Every text the simulator's public stream sends for the tape (stepped through to its end), in order. */
    List<String> capture(MarketTape tape) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        try (BybitSimulator sim = BybitSimulator.builder().tape(tape).build().start()) {
            BybitPublicStream ws = new BybitPublicStream(sim.publicWsUrl(), BybitPublicStream.topics(List.of(symbol), 50),
                    new BybitPublicStream.Handler() {
                        @Override
                        public void onMessage(String text, long recvTs) {
                            synchronized (texts) {
                                texts.add(text);
                            }
                        }

                        @Override
                        public void onStatus(String status, String detail) {
                        }
                    }, Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofSeconds(1));
            ws.start();
            try {
                waitFor(() -> size(texts) >= 2, 10_000);   // the subscription's answer and the snapshots
                Thread.sleep(200);
                sim.playToEnd();
                waitQuiet(texts);
            } finally {
                ws.close();
            }
        }
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /** The {@code msg} of each line of a recording (its REST answers left out). */
    static List<String> recordedMessages(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (node.has("msg") && !node.has("rest")) {
                    out.add(JSON.writeValueAsString(node.get("msg")));
                }
            }
        }
        return out;
    }

    private void parseBench(String name, List<String> messages) {
        parseBench(name, messages, 0);
    }

    /**
     * Parses {@code messages} in order with a fresh parser per round ({@code resetEvery} > 0: a fresh parser every so
     * many messages, for a short recording repeated), then each message kind on its own; prints the medians.
     */
    private void parseBench(String name, List<String> messages, int resetEvery) {
        Map<BybitPublicMessages.Kind, List<String>> byKind = new EnumMap<>(BybitPublicMessages.Kind.class);
        BybitPublicMessages classifier = new BybitPublicMessages();
        long[] events = new long[1];
        for (int i = 0; i < messages.size(); i++) {
            if (resetEvery > 0 && i % resetEvery == 0) {
                classifier = new BybitPublicMessages();
            }
            byKind.computeIfAbsent(classifier.parse(messages.get(i), 0, e -> events[0]++), k -> new ArrayList<>())
                    .add(messages.get(i));
        }
        long eventCount = events[0];
        long bytes = bytes(messages);
        double[] rates = new double[runs];
        for (int r = 0; r < warmup + runs; r++) {
            long nanos = timeParse(messages, resetEvery);
            if (r >= warmup) {
                rates[r - warmup] = messages.size() / (nanos / 1e9);
            }
        }
        double rate = BenchCommand.median(rates);
        out.printf(Locale.ROOT, "parse: %s: %,d messages (%.2f MB, %,d market events): median %,.0f messages/s, %.1f MB/s, "
                        + "%.2f µs a message (%d warm-up + %d rounds, min %,.0f, max %,.0f)%n", name, messages.size(),
                bytes / 1e6, eventCount, rate, rate * bytes / messages.size() / 1e6, 1e6 / rate, warmup, runs,
                Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0));
        for (Map.Entry<BybitPublicMessages.Kind, List<String>> k : byKind.entrySet()) {
            if (k.getKey() == BybitPublicMessages.Kind.CONTROL || k.getKey() == BybitPublicMessages.Kind.IGNORED) {
                continue;   // subscription answers, pongs: in the total, not market data
            }
            List<String> msgs = k.getValue();
            double[] kr = new double[runs];
            for (int r = 0; r < warmup + runs; r++) {
                long nanos = timeParse(msgs, resetEvery > 0 ? Math.max(1, msgs.size() * resetEvery / messages.size()) : 0);
                if (r >= warmup) {
                    kr[r - warmup] = msgs.size() / (nanos / 1e9);
                }
            }
            double m = BenchCommand.median(kr);
            long b = bytes(msgs);
            out.printf(Locale.ROOT, "  %-11s %,9d messages, %6d bytes each: %,.0f messages/s, %.1f MB/s, %.2f µs a message%n",
                    k.getKey(), msgs.size(), b / msgs.size(), m, m * b / msgs.size() / 1e6, 1e6 / m);
        }
    }

    private static long timeParse(List<String> messages, int resetEvery) {
        BybitPublicMessages parser = new BybitPublicMessages();
        long[] sink = new long[1];
        long t0 = System.nanoTime();
        for (int i = 0; i < messages.size(); i++) {
            if (resetEvery > 0 && i % resetEvery == 0) {
                parser = new BybitPublicMessages();
            }
            parser.parse(messages.get(i), i, e -> sink[0] += e.time());
        }
        long nanos = Math.max(1, System.nanoTime() - t0);
        if (sink[0] == 42) {
            System.err.print("");   // keeps the events alive for the JIT
        }
        return nanos;
    }

    private static long bytes(List<String> messages) {
        long n = 0;
        for (String m : messages) {
            n += m.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** (b): a paper session in this JVM on the simulator's public stream, paced at {@code speed}. */
    void session(KairosConfig config, MarketTape tape) throws Exception {
        Timeframe tf = Timeframe.parse(timeframe);
        Path rules = engine.rules != null ? engine.rules : KairosHome.resolve("bench/live/rules");
        Path store = Files.createTempDirectory("kairos-bench-live");
        LivePathProbe probe = new LivePathProbe(journal.equals("off"));
        long wallStart;
        long wallEnd;
        double[] load = new double[2];   // the machine's load average when the tape started and ended: the figures' context
        List<LivePathProbe.Sample> samples;
        long[] saves;
        long[] venueWrites;
        long[] stateBytes;
        KairosConfig.Run runSection = config.runOrDefaults();
        kairos.engine.ml.MlModel model = engine.loadModel(tf);
        if (runSection.jitWarmupDays() > 0) {
            // the session's own warm-up, on the store's newest days (the tape plays its first ones)
            TradingSession.Spec warm = new TradingSession.Spec("warmup", "paper", List.of(symbol), tf, rules,
                    engine.cepDir(), store, runSection.paperEquity(), config.venueModel(), config.executionPolicy(),
                    config.riskLimits(), config.haltLimits(), config.instrumentMap(), EngineOptions.versionOf(model), 0);
            SessionWarmup.run(warm, StoreAccess.open(common, System.err), runSection.jitWarmupDays(),
                            k -> EngineOptions.attach(k, model, tf, List.of(symbol)))
                    .ifPresent(w -> System.out.println("JIT warm-up (run.jit_warmup_days): " + w));
        }
        try (BybitSimulator sim = BybitSimulator.builder().tape(tape).build().start()) {
            KlineHistory history = new RestKlineHistory(sim.restUrl(), Duration.ofSeconds(10), 0);
            long warmupMs = DAY;
            long start = Timeframe.M1.floor(history.serverTime() - warmupMs);
            KairosConfig.Run run = config.runOrDefaults();
            TradingSession.Spec spec = new TradingSession.Spec("bench-live", "paper", List.of(symbol), tf, rules,
                    engine.cepDir(), store, run.paperEquity(), config.venueModel(), config.executionPolicy(),
                    config.riskLimits(), config.haltLimits(), config.instrumentMap(), EngineOptions.versionOf(model),
                    reconcileMinutes > 0 ? reconcileMinutes * 60_000 : Math.round(run.reconcileSeconds() * 1000));
            long[] decisions = new long[1];
            List<String> alerts = new ArrayList<>();
            boolean[] backfilled = new boolean[1];
            try (TradingSession s = TradingSession.live(spec, null, System::currentTimeMillis, start,
                    a -> alerts.add(a.type() + ": " + a.text()), d -> decisions[0]++, probe.interposers())) {
                EngineOptions.attach(s.kernel(), model, tf, List.of(symbol));
                BybitMarketFeed feed = new BybitMarketFeed(List.of(symbol), history, probe.recorder(), new BybitMarketFeed.Sink() {
                    @Override
                    public void onBatch(MarketBatch batch) {
                        probe.onBatch(batch, s);
                    }

                    @Override
                    public void onStatus(String status, String detail) {
                        if (status.equals("backfilled")) {
                            backfilled[0] = true;
                        }
                    }
                }, Clock.systemUTC(), warmupMs);
                Throwable[] failed = new Throwable[1];
                Thread kernel = new Thread(() -> {
                    try {
                        s.run();
                    } catch (Throwable e) {
                        failed[0] = e;
                    }
                }, "kairos-kernel");
                kernel.start();
                feed.start(sim.publicWsUrl(), config.runOrDefaults().bookDepth(), Duration.ofSeconds(20), Duration.ofSeconds(1));
                try {
                    waitFor(() -> backfilled[0], 60_000);
                    // the kernel takes the day of history (features, Esper) before the tape moves: the snapshots sent on
                    // subscription are posted after the back-fill, so once the kernel has taken them it has the history
                    waitFor(() -> probe.batchesPosted() > 0 && probe.drained(), 300_000);
                    wallStart = System.nanoTime();
                    load[0] = loadAverage();
                    sim.pace(speed);
                    waitFor(sim::tapeFinished, (long) (minutes * 60_000L / speed) * 3 + 60_000);
                    if (!await(probe::drained, 300_000)) {
                        throw new IllegalStateException("bench live: the kernel took " + probe.batchesTaken() + " of the "
                                + probe.batchesPosted() + " market batches posted in 5 minutes" + (failed[0] != null
                                ? " (the session failed: " + failed[0] + ")" : kernel.isAlive() ? "" : " (the session ended)"));
                    }
                    wallEnd = System.nanoTime();
                    load[1] = loadAverage();
                } finally {
                    feed.close();
                    s.stop();
                    kernel.join(30_000);
                }
                if (failed[0] != null) {
                    throw new IllegalStateException("the session failed: " + failed[0], failed[0]);
                }
                samples = probe.samples();
                saves = probe.saveNanos();
                venueWrites = probe.venueWriteNanos();
                stateBytes = probe.lastStateBytes();
                double wallS = (wallEnd - wallStart) / 1e9;
                out.printf(Locale.ROOT, "session: paper, %s decisions, rules %s, EPL %s, state journal %s; %,d market messages in %.1f s "
                                + "(%,.0f a second, speed %.0fx); %,d decisions, %,d order requests, %d trades; alerts %s; the "
                                + "machine's load average %s when the tape started, %s when it ended%n",
                        tf, rules, engine.cepDir(), journal, probe.batchesPosted(), wallS, probe.batchesPosted() / wallS, speed,
                        decisions[0], samples.size(), s.kernel().portfolio().closedTrades().size(), summary(alerts),
                        load(load[0]), load(load[1]));
                alerts.stream().limit(5).forEach(a -> out.println("  alert " + a));
            }
        } finally {
            FileTrees.deleteTree(store);
        }
        writes("state journal", "saves (SQLite, one transaction each)", saves);
        writes("paper venue's state file", "writes (a JSON line appended, the snapshot every 2,000)", venueWrites);
        out.printf(Locale.ROOT, "state sizes at the end: kernel state %,d bytes of JSON (%,d written at each save, the recent "
                + "trades and execution ids apart when they change), paper venue state %,d bytes (a line of what changed a "
                + "write)%n", stateBytes[0], stateBytes[1], stateBytes[2]);
        if (samples.isEmpty()) {
            out.println("latency: no order request was sent (the rules did not trade)");
            return;
        }
        latency("tick -> order request (receive to venue call)", samples, LivePathProbe.Sample::total);
        latency("  parse (receive to posted)", samples, LivePathProbe.Sample::parse);
        latency("  inbox wait (posted to taken)", samples, LivePathProbe.Sample::inbox);
        latency("  kernel (taken to venue call)", samples, LivePathProbe.Sample::kernel);
        latency("    of which waiting for the state writes", samples, LivePathProbe.Sample::writesWait);
        latency("    the rest (events, features, CEP, rules, risk)", samples, x -> x.kernel() - x.writesWait());
        Map<OrderPurpose, List<LivePathProbe.Sample>> byPurpose = new EnumMap<>(OrderPurpose.class);
        samples.forEach(x -> byPurpose.computeIfAbsent(x.purpose(), k -> new ArrayList<>()).add(x));
        byPurpose.forEach((p, l) -> {
            String kind = p.name().toLowerCase(Locale.ROOT);
            latency("  total, " + kind + " orders", l, LivePathProbe.Sample::total);
            latency("    " + kind + ": waiting for the state writes", l, LivePathProbe.Sample::writesWait);
            latency("    " + kind + ": the rest of the kernel", l, x -> x.kernel() - x.writesWait());
        });
        long[] total = sorted(samples, LivePathProbe.Sample::total);
        double p99 = percentile(total, 0.99) / 1e3;
        out.printf(Locale.ROOT, "target p99 < 5 ms in-process: %s (p99 %.3f ms)%n", p99 < 5 ? "met" : "NOT met", p99);
    }

    /** The system's 1-minute load average, negative where the platform does not tell. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String load(double average) {
        return average < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", average);
    }

    /** One kind of the writer thread's writes (behind the kernel): count, mean and percentiles. */
    private void writes(String what, String kind, long[] nanos) {
        if (nanos.length == 0) {
            return;
        }
        long sum = Arrays.stream(nanos).sum();
        Arrays.sort(nanos);
        out.printf(Locale.ROOT, "%s: %,d %s on the writer thread, mean %,.1f  p50 %,.1f  p99 %,.1f  max %,.1f µs%n", what,
                nanos.length, kind, sum / 1e3 / nanos.length, percentile(nanos, 0.5), percentile(nanos, 0.99),
                nanos[nanos.length - 1] / 1e3);
    }

    private void latency(String name, List<LivePathProbe.Sample> samples, ToLongFunction<LivePathProbe.Sample> f) {
        long[] v = sorted(samples, f);
        out.printf(Locale.ROOT, "latency: %-48s n=%,d  p50 %,.1f  p90 %,.1f  p99 %,.1f  p99.9 %,.1f  max %,.1f µs%n", name,
                v.length, percentile(v, 0.5), percentile(v, 0.9), percentile(v, 0.99), percentile(v, 0.999),
                v[v.length - 1] / 1e3);
    }

    private static long[] sorted(List<LivePathProbe.Sample> samples, ToLongFunction<LivePathProbe.Sample> f) {
        long[] v = samples.stream().mapToLong(f).toArray();
        Arrays.sort(v);
        return v;
    }

    /** The nearest-rank percentile of sorted nanoseconds, in µs. */
    static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }

    private static String summary(List<String> alerts) {
        if (alerts.isEmpty()) {
            return "none";
        }
        Map<String, Long> n = new java.util.TreeMap<>();
        alerts.forEach(a -> n.merge(a.substring(0, a.indexOf(':')), 1L, Long::sum));
        return n.toString();
    }

    private static int size(List<String> l) {
        synchronized (l) {
            return l.size();
        }
    }

    /** Waits until no new message has come for half a second. */
    private static void waitQuiet(List<String> texts) throws InterruptedException {
        int last = -1;
        while (size(texts) != last) {
            last = size(texts);
            Thread.sleep(500);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        if (!await(condition, timeoutMs)) {
            throw new IllegalStateException("bench live: timed out after " + timeoutMs + " ms waiting for the simulator");
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

}
