package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.app.session.TradingSession;
import kairos.bybit.data.BybitMarketFeed;
import kairos.bybit.data.KlineHistory;
import kairos.bybit.data.RestKlineHistory;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.DecisionJournal;
import kairos.engine.kernel.Notifier;
import kairos.engine.ml.MlModel;
import kairos.ops.api.ControlApi;
import kairos.ops.notify.LogNotifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kairos run --mode paper|live}: a headless trading session on Bybit's streams — the one kernel on the
 * exchange's event time, its state journaled as each event is handled, the control API on 127.0.0.1, the input
 * stream recorded for {@code kairos replay}. SIGTERM or SIGINT ends it after the event in hand: decisions stop,
 * open orders and positions stay as they are (protected by their stops on the venue), the journal is consistent,
 * exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Trades headless on Bybit: --mode paper takes Bybit's public market data and fills in the simulated "
                + "venue (persisted in the store: a paper session resumes after a restart), no API key needed; --mode live "
                + "sends orders to Bybit with BYBIT_API_KEY / BYBIT_API_SECRET.",
                "Back-fills 1m klines on start (run.warmup_hours) and after every reconnect before deciding again; "
                        + "falls back to Binance USD-M public streams (binance.ws_url) while Bybit's market data is "
                        + "silent for run.fallback_after_seconds, entering no trade on them unless run.trade_on_fallback; "
                        + "reconciles with the venue before the first decision; serves GET /health, /status, /positions on "
                        + "the control API (api.bind:api.port, KAIROS_API_PORT; bearer token KAIROS_API_TOKEN); records "
                        + "its input to <out>/record/ and its decisions to <out>/decisions.jsonl. Stop with Ctrl-C or "
                        + "SIGTERM: exit 0, orders and positions left protected."},
        footer = {"", "Examples:", "  ./kairos run --mode paper", "  ./kairos run --mode paper --testnet --symbols SOLUSDT",
                "  KAIROS_API_TOKEN=... BYBIT_API_KEY=... BYBIT_API_SECRET=... ./kairos run --mode live"})
public final class RunCommand implements Callable<Integer> {
    static final String TESTNET_REST = "https://api-testnet.bybit.com";
    static final String TESTNET_WS_PUBLIC = "wss://stream-testnet.bybit.com/v5/public/linear";
    static final String TESTNET_WS_PRIVATE = "wss://stream-testnet.bybit.com/v5/private";

    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;

    @Option(names = "--mode", required = true, paramLabel = "paper|live",
            description = "paper: Bybit market data, simulated fills; live: real orders on Bybit.")
    String mode;

    @Option(names = {"--symbols", "--symbol"}, split = ",", paramLabel = "SYM[,SYM...]",
            description = "Symbols to trade (default: backtest.symbols of the config); backtest.context_symbols stream beside them.")
    List<String> symbols;

    @Option(names = "--timeframe", paramLabel = "TF", description = "Strategy timeframe (default: backtest.timeframe).")
    String timeframe;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the session writes (default: out/run/<session>).")
    Path out;

    @Option(names = "--session", paramLabel = "NAME",
            description = "The account's name in the journal (default: the mode); the same name resumes it.")
    String session;

    @Option(names = "--testnet", description = "Bybit's testnet endpoints where config and environment do not set others.")
    boolean testnet;

    /** The environment (tests replace it). */
    Map<String, String> env = System.getenv();
    /** The wall clock (outside the engine: the kernel runs on the exchange's event time). */
    Clock wall = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("paper") && !mode.equals("live")) {
            throw new UserError("--mode: '" + mode + "' is not a mode; use paper or live");
        }
        KairosConfig config = common.loadConfig();
        KairosConfig.Run run = config.runOrDefaults();
        KairosConfig.Backtest bt = config.backtest();
        List<String> traded = upper(symbols != null ? symbols : bt.symbols());
        for (String s : traded) {
            if (!config.instrumentMap().containsKey(s)) {
                throw new UserError("--symbols: " + s + " has no entry under 'instruments' in the config");
            }
        }
        LinkedHashSet<String> streamed = new LinkedHashSet<>(traded);
        streamed.addAll(upper(bt.contextSymbols() == null ? List.of() : bt.contextSymbols()));
        Timeframe strategyTf = Timeframe.parse(timeframe != null ? timeframe : bt.timeframe());
        if (mode.equals("live")) {
            throw new UserError("--mode live: the Bybit order connector is not wired into run yet; use --mode paper");
        }
        String name = session != null ? session : mode;
        Endpoints endpoints = endpoints(config);
        Path outDir = out != null ? out : KairosHome.resolve("out/run/" + name);
        Files.createDirectories(outDir);
        PrintStream err = System.err;

        KlineHistory history = new RestKlineHistory(URI.create(endpoints.rest()), Duration.ofSeconds(10), 500);
        long serverNow;
        try {
            serverNow = history.serverTime();
        } catch (IOException e) {
            throw new UserError("cannot reach Bybit's REST API at " + endpoints.rest() + ": " + e.getMessage()
                    + " (bybit.rest_url / KAIROS_BYBIT_REST_URL)");
        }
        long warmupMs = Math.round(run.warmupHours() * 3_600_000);
        long start = Timeframe.M1.floor(serverNow - warmupMs);
        MlModel model = engine.loadModel(strategyTf);
        TradingSession.Spec spec = new TradingSession.Spec(name, mode, traded, strategyTf, engine.rulesDir(),
                engine.cepDir(), common.storeDir(), run.paperEquity(), config.venueModel(), config.executionPolicy(),
                config.riskLimits(), config.haltLimits(), config.instrumentMap(), EngineOptions.versionOf(model),
                Math.round(run.reconcileSeconds() * 1000));
        Notifier notifier = new LogNotifier();
        StreamRecorder recorder = run.record() ? new StreamRecorder(outDir.resolve("record").resolve(name + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(wall.instant())
                + ".jsonl.gz")) : null;
        try (DecisionFile decisions = new DecisionFile(outDir.resolve("decisions.jsonl"));
             TradingSession s = TradingSession.live(spec, null, wall::millis, start, notifier, decisions,
                     TradingSession.Interposers.NONE)) {
            EngineOptions.attach(s.kernel(), model, strategyTf, traded);
            s.kernel().fallbackTradable(run.tradeOnFallback());
            ControlApi api = ControlApi.start(new ControlApi.Settings(config.api().bind(), config.api().port(),
                    env.get("KAIROS_API_TOKEN")), s.kernel().control());
            BybitMarketFeed feed = new BybitMarketFeed(List.copyOf(streamed), history, recorderOf(recorder),
                    new BybitMarketFeed.Sink() {
                        @Override
                        public void onBatch(kairos.engine.kernel.MarketBatch batch) {
                            s.post(batch);
                        }

                        @Override
                        public void onStatus(String status, String detail) {
                            err.println("kairos run: market data " + status + " " + detail);
                        }
                    }, wall, warmupMs);
            try {
                feed.fallbackTo(URI.create(config.binanceOrDefault().wsUrlOrDefault()),
                        Duration.ofMillis(Math.round(run.fallbackAfterSeconds() * 1000)));
            } catch (IllegalArgumentException e) {
                throw new UserError("the Binance market-data fallback (binance.ws_url): " + e.getMessage()
                        + "; stream fewer symbols (--symbols, backtest.context_symbols)");
            }
            StopSignals.onInterrupt(s::stop);
            err.printf(Locale.ROOT, "kairos run: %s session '%s' %s on %s (%s), %s decisions; control API on %s:%d%s; "
                            + "%s%n", mode, name, String.join(",", traded), endpoints.wsPublic(), s.resumed() ? "resumed"
                            : "new", strategyTf, config.api().bind(), config.api().port(),
                    env.get("KAIROS_API_TOKEN") == null || env.get("KAIROS_API_TOKEN").isBlank()
                            ? " (no KAIROS_API_TOKEN: only /health answers)" : "",
                    recorder == null ? "not recording" : "recording to " + recorder.file());
            writeSessionFile(outDir, name, traded, List.copyOf(streamed), strategyTf, run, s, recorder);
            feed.start(URI.create(endpoints.wsPublic()), run.bookDepth(), Duration.ofSeconds(20), Duration.ofSeconds(1));
            try {
                s.run();
            } finally {
                feed.close();
                api.close();
                if (recorder != null) {
                    recorder.close();
                }
                SessionCompare.writeFills(outDir.resolve("fills.csv"), s.journal().fills().stream()
                        .map(f -> new SessionCompare.FillRow(f.execId(), f.linkId(), f.symbol(), f.side(), f.qty(),
                                f.price(), f.time())).toList());
            }
            err.printf(Locale.ROOT, "kairos run: stopped; %d decisions, %d open positions, equity %.2f; journal %s%n",
                    decisions.count(), s.kernel().portfolio().openPositions().size(), s.kernel().portfolio().equity(),
                    s.journal().file());
        }
        return 0;
    }

    /** What a replay needs to decide as this session did ({@code kairos replay --compare}). */
    private static void writeSessionFile(Path outDir, String name, List<String> traded, List<String> streamed,
                                         Timeframe tf, KairosConfig.Run run, TradingSession s, StreamRecorder recorder)
            throws IOException {
        var o = JSON.createObjectNode();
        o.put("session", name);
        o.put("mode", s.kernel().settings().mode());
        o.put("resumed", s.resumed());
        var sym = o.putArray("symbols");
        traded.forEach(sym::add);
        var all = o.putArray("streamed");
        streamed.forEach(all::add);
        o.put("timeframe", tf.label());
        o.put("initial_equity", run.paperEquity());
        o.put("trade_on_fallback", run.tradeOnFallback());
        o.put("ruleset_hash", s.kernel().rules().rulesetHash());
        o.put("model_version", s.kernel().settings().modelVersion());
        o.put("recording", recorder == null ? null : recorder.file().getFileName().toString());
        Files.writeString(outDir.resolve("session.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static BybitMarketFeed.Recorder recorderOf(StreamRecorder r) {
        if (r == null) {
            return BybitMarketFeed.Recorder.NONE;
        }
        return new BybitMarketFeed.Recorder() {
            @Override
            public void message(String text, long recvTs) {
                r.onMessage(text, recvTs);
            }

            @Override
            public void rest(String request, String body, long recvTs) {
                r.onRest(request, body, recvTs);
            }

            @Override
            public void binance(String text, long recvTs) {
                r.binance(text, recvTs);
            }
        };
    }

    /** The Bybit endpoints: environment, else config, else with {@code --testnet} the testnet hosts. */
    record Endpoints(String rest, String wsPublic, String wsPrivate) {
    }

    Endpoints endpoints(KairosConfig config) {
        KairosConfig.Bybit b = config.bybit();
        String rest = b == null ? null : b.restUrl();
        String pub = b == null ? null : b.wsPublicUrl();
        String priv = b == null ? null : b.wsPrivateUrl();
        if (testnet) {
            rest = env.containsKey("KAIROS_BYBIT_REST_URL") ? rest : TESTNET_REST;
            pub = env.containsKey("KAIROS_BYBIT_WS_PUBLIC_URL") ? pub : TESTNET_WS_PUBLIC;
            priv = env.containsKey("KAIROS_BYBIT_WS_PRIVATE_URL") ? priv : TESTNET_WS_PRIVATE;
        }
        if (rest == null || rest.isBlank() || pub == null || pub.isBlank()) {
            throw new UserError("bybit.rest_url and bybit.ws_public_url must be set (config or KAIROS_BYBIT_REST_URL, "
                    + "KAIROS_BYBIT_WS_PUBLIC_URL)");
        }
        return new Endpoints(rest, pub, priv);
    }

    private static List<String> upper(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            out.add(s.trim().toUpperCase(Locale.ROOT));
        }
        return out;
    }

    /** The session's decisions, one JSON line each as it is taken, flushed at once (a crash loses none written). */
    static final class DecisionFile implements DecisionJournal, AutoCloseable {
        private final BufferedWriter out;
        private long count;

        DecisionFile(Path file) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        @Override
        public void record(Decision decision) {
            try {
                out.write(DecisionsJsonl.toJson(decision));
                out.write('\n');
                out.flush();
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException("decisions.jsonl: " + e.getMessage(), e);
            }
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
