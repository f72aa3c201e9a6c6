package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.bybit.websocket.BybitPublicStream;
import kairos.bybit.websocket.StreamRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/**
 * {@code kairos record}: records Bybit's public streams (trades, order book, liquidations, tickers) to a gzip
 * JSONL file, raw messages with their receive time, until {@code --duration} passes or SIGINT/SIGTERM.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Records Bybit public WebSocket streams (publicTrade, orderbook.50, allLiquidation, tickers) "
                + "to compressed JSONL: one {\"recv_ts\":..., \"msg\":{...}} line per raw message.",
                "Stops after --duration, or on Ctrl-C / SIGTERM, leaving a valid file. Replay it with 'kairos replay'.",
                "When the stream cannot be reached bybit.connect_attempts times in a row (default 6, at most ~91 s)",
                "it names the host and exits 1."})
public final class RecordCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"--symbols", "--symbol"}, split = ",", paramLabel = "SYM[,SYM...]",
            description = "Symbols to record (default: backtest.symbols and backtest.context_symbols of the config, so a replay has its context).")
    List<String> symbols;

    @Option(names = "--depth", defaultValue = "50", paramLabel = "N", description = "Order-book depth topic: 1, 50, 200 or 500 (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long: 90s, 15m, 2h or ISO-8601 (PT2H). Default: until interrupted.")
    String duration;

    @Option(names = "--out", paramLabel = "FILE", description = "Recording to write (default: out/record/bybit-public-<utc time>.jsonl.gz).")
    Path out;

    @Option(names = "--cep", paramLabel = "DIR", description = "Accepted for symmetry with replay; record does not run CEP.", hidden = true)
    Path cep;

    @Override
    public Integer call() throws IOException, InterruptedException {
        KairosConfig config = common.loadConfig();
        List<String> syms = symbols != null && !symbols.isEmpty() ? symbols : defaultSymbols(config.backtest());
        if (!List.of(1, 50, 200, 500).contains(depth)) {
            throw new UserError("--depth: Bybit offers order-book depth 1, 50, 200 or 500 for linear contracts, got " + depth);
        }
        Duration limit = duration == null ? null : parseDuration(duration);
        String url = config.bybit() == null ? null : config.bybit().wsPublicUrl();
        if (url == null || url.isBlank()) {
            throw new UserError("bybit.ws_public_url is not set (config or KAIROS_BYBIT_WS_PUBLIC_URL)");
        }
        Path file = out != null ? out : KairosHome.resolve("out/record/bybit-public-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant())
                + ".jsonl.gz");
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onInterrupt(stop::countDown);
        java.util.concurrent.atomic.AtomicReference<String> gaveUp = new java.util.concurrent.atomic.AtomicReference<>();
        int attempts = config.bybit().connectAttemptsOrDefault();
        try (StreamRecorder recorder = new StreamRecorder(file)) {
            BybitPublicStream.Handler handler = new BybitPublicStream.Handler() {
                @Override
                public void onMessage(String text, long recvTs) {
                    recorder.onMessage(text, recvTs);
                }

                @Override
                public void onStatus(String status, String detail) {
                    if (status.equals("failed")) {
                        gaveUp.set(detail);
                        stop.countDown();
                    } else {
                        System.err.println("kairos record: " + status + " " + detail);
                    }
                }
            };
            try (BybitPublicStream stream = new BybitPublicStream(URI.create(url), BybitPublicStream.topics(syms, depth),
                    handler, Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofSeconds(1), attempts)) {
                stream.start();
                if (limit == null) {
                    stop.await();
                } else {
                    stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            System.err.println("kairos record: " + recorder.messages() + " messages recorded to " + file);
        }
        if (gaveUp.get() != null) {
            throw new UserError(gaveUp.get() + " (is the network up? bybit.ws_public_url / KAIROS_BYBIT_WS_PUBLIC_URL; "
                    + "bybit.connect_attempts sets how often it tries)");
        }
        return 0;
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new UserError("--duration: '" + text + "' is not a duration; use e.g. 90s, 15m, 2h or PT2H");
        }
    }

    /** The traded symbols, then the context symbols not already among them. */
    static List<String> defaultSymbols(KairosConfig.Backtest bt) {
        LinkedHashSet<String> all = new LinkedHashSet<>(bt.symbols());
        if (bt.contextSymbols() != null) {
            all.addAll(bt.contextSymbols());
        }
        return List.copyOf(all);
    }
}
