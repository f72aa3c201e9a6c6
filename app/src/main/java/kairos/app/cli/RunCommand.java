package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.app.session.SessionOps;
import kairos.app.session.SessionWarmup;
import kairos.app.session.TradingSession;
import kairos.bybit.data.BybitMarketFeed;
import kairos.bybit.execution.BybitVenue;
import kairos.bybit.http.BybitCredentials;
import kairos.bybit.http.BybitRestClient;
import kairos.bybit.http.BybitTradeApi;
import kairos.bybit.http.UnsafeApiKeyException;
import kairos.bybit.websocket.BybitPrivateStream;
import kairos.bybit.data.KlineHistory;
import kairos.bybit.data.RestKlineHistory;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.DecisionJournal;
import kairos.engine.kernel.Notifier;
import kairos.engine.ml.MlModel;
import kairos.app.config.LiveConfig;
import kairos.ops.api.ControlApi;
import kairos.ops.api.RulesWatchRoute;
import kairos.ops.notify.LogNotifier;
import kairos.ops.telegram.ChartTape;
import kairos.ops.telegram.TelegramBot;
import kairos.ops.telegram.TelegramSettings;
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
                "Plays the store's newest days of 1m bars through a scratch session first (run.jit_warmup_days), so "
                        + "that the first live decisions run compiled code; back-fills 1m klines on start "
                        + "(run.warmup_hours) and after every reconnect before deciding again; "
                        + "falls back to Binance USD-M public streams (binance.ws_url) while Bybit's market data is "
                        + "silent for run.fallback_after_seconds, entering no trade on them unless run.trade_on_fallback; "
                        + "reconciles with the venue before the first decision; serves GET /health, /status, /positions, "
                        + "/metrics (Prometheus), the WebSocket streams /stream/decisions|fills|metrics and the web "
                        + "dashboard at / (open /#token=<KAIROS_API_TOKEN>) on the control API (api.bind:api.port, KAIROS_API_PORT; bearer token KAIROS_API_TOKEN); records "
                        + "its input to <out>/record/ and its decisions to <out>/decisions.jsonl. Stop with Ctrl-C or "
                        + "SIGTERM: exit 0, orders and positions left protected."},
        footer = {"", "Examples:", "  ./kairos run --mode paper", "  ./kairos run --mode paper --testnet --symbols SOLUSDT",
                "  KAIROS_API_TOKEN=... BYBIT_API_KEY=... BYBIT_API_SECRET=... ./kairos run --mode live"})
public final class RunCommand implements Callable<Integer> {
    static final String TESTNET_REST = "https://api-testnet.bybit.com";
    /** A market this far from the server clock plays on a clock of its own (a simulator faster than real time). */
    static final long OWN_CLOCK_MS = 10 * 60_000;
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

    @Option(names = "--testnet", description = "Bybit's testnet endpoints (the config's bybit.* URLs are not used; KAIROS_BYBIT_* environment variables still win).")
    boolean testnet;

    /** How often {@code rules.watch: true} looks at the rule and EPL folders. */
    static final long WATCH_MS = 2_000;

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
        String name = session != null ? session : mode;
        Endpoints endpoints = endpoints(config);
        Path outDir = out != null ? out : KairosHome.resolve("out/run/" + name);
        Files.createDirectories(outDir);
        PrintStream err = System.err;

        // live: the key's permissions are checked first, before anything else is asked of the exchange
        LiveVenue live = mode.equals("live") ? LiveVenue.open(env, endpoints, traded, config.venueModel().leverage(),
                wall, err) : null;
        KlineHistory history = new RestKlineHistory(URI.create(endpoints.rest()), Duration.ofSeconds(10), 500);
        long marketNow;
        boolean ownClock;
        try {
            marketNow = history.marketTime(traded.getFirst());
            // Bybit's newest kline is this minute's; a market minutes away from the server clock is a simulator
            // (or a replay) playing on a clock of its own
            ownClock = Math.abs(history.serverTime() - marketNow) > OWN_CLOCK_MS;
        } catch (IOException e) {
            throw new UserError("cannot reach Bybit's REST API at " + endpoints.rest() + ": " + e.getMessage()
                    + " (bybit.rest_url / KAIROS_BYBIT_REST_URL)");
        }
        long warmupMs = Math.round(run.warmupHours() * 3_600_000);
        long start = Timeframe.M1.floor(marketNow - warmupMs);
        MlModel model = engine.loadModel(strategyTf);
        double equity = live != null ? live.equity : run.paperEquity();
        TradingSession.Spec spec = new TradingSession.Spec(name, mode, traded, strategyTf, engine.rulesDir(),
                engine.cepDir(), common.storeDir(), equity, config.venueModel(), config.executionPolicy(),
                config.riskLimits(), config.haltLimits(), config.instrumentMap(), EngineOptions.versionOf(model),
                Math.round(run.reconcileSeconds() * 1000));
        TelegramSettings telegramSettings;
        try {
            telegramSettings = TelegramSettings.fromEnv(env, config.telegramOrDefault().baseUrlOrDefault(),
                    config.telegramOrDefault().alertsPerMinuteOrDefault());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        // alerts go to the log, and to Telegram once the bot runs (it needs the kernel's command layer)
        java.util.concurrent.atomic.AtomicReference<TelegramBot> telegram = new java.util.concurrent.atomic.AtomicReference<>();
        ChartTape chart = new ChartTape();
        Notifier logNotifier = new LogNotifier();
        Notifier notifier = alert -> {
            logNotifier.notify(alert);
            TelegramBot bot = telegram.get();
            if (bot != null) {
                bot.alerts().notify(alert);
            }
        };
        StreamRecorder recorder = run.record() ? new StreamRecorder(outDir.resolve("record").resolve(name + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(wall.instant())
                + ".jsonl.gz")) : null;
        // before the market is taken: the first live decisions then run compiled code (run.jit_warmup_days)
        try {
            SessionWarmup.run(spec, StoreAccess.open(common, err), run.jitWarmupDays(),
                            k -> EngineOptions.attach(k, model, strategyTf, traded))
                    .ifPresent(w -> err.println("kairos run: JIT warm-up on a scratch session: " + w));
        } catch (java.io.UncheckedIOException e) {
            // the warm-up is an optimisation: its scratch folder or the store unreadable does not stop the session
            err.println("kairos run: JIT warm-up skipped: " + e.getMessage());
        }
        boolean measureLag = !ownClock;
        try (DecisionFile decisions = new DecisionFile(outDir.resolve("decisions.jsonl"));
             LiveVenue closeVenue = live;
             SessionOps ops = new SessionOps(equity, wall::millis);
             TradingSession s = TradingSession.live(spec, live == null ? null : live.venue, wall::millis, start,
                     ops.notifier(notifier), ops.decisions(decision -> {
                         decisions.record(decision);
                         TelegramBot bot = telegram.get();
                         if (bot != null) {
                             bot.audits().record(decision);
                         }
                     }), ops.interposers())) {
            EngineOptions.attach(s.kernel(), model, strategyTf, traded);
            if (live != null) {
                live.attach(s.kernel(), endpoints, traded);
                ops.metrics().rateLimitHeadroom(() -> live.venue.restHealth().rateLimitHeadroom());
            }
            s.kernel().fallbackTradable(run.tradeOnFallback());
            List<org.apache.camel.RoutesBuilder> routes = new java.util.ArrayList<>();
            if (config.rulesOrDefault().watchOrDefault()) {
                routes.add(new RulesWatchRoute(s.kernel().control(), engine.rulesDir(), engine.cepDir(), WATCH_MS,
                        s.kernel().rules().rulesetHash()));
            }
            ControlApi api = ops.start(new ControlApi.Settings(config.api().bind(), config.api().port(),
                    env.get("KAIROS_API_TOKEN")), s.kernel(),
                    new LiveConfig(common.configFile(), System.getenv(), config, s.kernel().control()), routes);
            if (telegramSettings != null) {
                telegram.set(TelegramBot.start(telegramSettings, s.kernel().control(), effectiveSettings(mode, name,
                        traded, strategyTf, config, telegramSettings), equity, chart, wall));
            }
            BybitMarketFeed feed = new BybitMarketFeed(List.copyOf(streamed), history, recorderOf(recorder),
                    new BybitMarketFeed.Sink() {
                        @Override
                        public void onBatch(kairos.engine.kernel.MarketBatch batch) {
                            ops.onBatch(batch, measureLag);
                            chart.onBatch(batch);
                            s.post(batch);
                        }

                        @Override
                        public void onStatus(String status, String detail) {
                            ops.onFeedStatus(status);
                            err.println("kairos run: market data " + status + " " + detail);
                        }
                    }, wall, warmupMs);
            if (ownClock) {
                feed.marketOnItsOwnClock();
                err.println("kairos run: the market's time (" + iso(marketNow) + ") is not the exchange's clock: a "
                        + "simulated market; the feed's latency is not measured");
            }
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
            err.println(telegramSettings == null ? "kairos run: Telegram off (no TELEGRAM_BOT_TOKEN); alerts go to the log"
                    : "kairos run: Telegram bot on " + telegramSettings.baseUrl() + " for " + telegramSettings.chatIds().size()
                    + " chat(s) and " + telegramSettings.userIds().size() + " user(s)"
                    + (telegramSettings.chatIds().isEmpty() || telegramSettings.userIds().isEmpty()
                    ? " - it answers no one until both KAIROS_TELEGRAM_CHAT_IDS and KAIROS_TELEGRAM_USER_IDS are set" : ""));
            if (live != null) {
                err.println("kairos run: live on " + endpoints.rest() + " with key " + live.keyNote
                        + "; orders go to the exchange");
            }
            writeSessionFile(outDir, name, traded, List.copyOf(streamed), strategyTf, run, s, recorder, null);
            feed.start(URI.create(endpoints.wsPublic()), run.bookDepth(), Duration.ofSeconds(20), Duration.ofSeconds(1));
            try {
                s.run();
            } finally {
                feed.close();
                TelegramBot bot = telegram.getAndSet(null);
                if (bot != null) {
                    bot.close();
                }
                ops.close();
                if (recorder != null) {
                    recorder.close();
                }
                writeSessionFile(outDir, name, traded, List.copyOf(streamed), strategyTf, run, s, recorder,
                        s.kernel().lastEventTime());
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

    /** What Telegram's {@code /config} shows: the session's effective key settings, no credentials. */
    static Map<String, String> effectiveSettings(String mode, String name, List<String> traded, Timeframe tf,
                                                 KairosConfig config, TelegramSettings telegram) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("mode", mode);
        m.put("session", name);
        m.put("symbols", String.join(",", traded));
        m.put("timeframe", tf.toString());
        var risk = config.riskLimits();
        m.put("risk.max_risk_per_trade", String.valueOf(risk.maxRiskPerTrade()));
        m.put("risk.max_leverage", String.valueOf(risk.maxLeverage()));
        m.put("risk.max_drawdown", String.valueOf(risk.maxDrawdown()));
        m.put("risk.max_daily_loss", String.valueOf(risk.maxDailyLoss()));
        m.put("risk.max_open_risk", String.valueOf(risk.maxOpenRisk()));
        var halts = config.haltLimits();
        m.put("halts.flash_move_max", String.valueOf(halts.flashMoveMax()));
        m.put("halts.stale_feed_seconds", String.valueOf(halts.staleFeedSeconds()));
        m.put("halts.black_swan_drawdown", String.valueOf(halts.blackSwanDrawdown()));
        m.put("venue.leverage", String.valueOf(config.venueModel().leverage()));
        m.put("api.bind", config.api().bind());
        m.put("api.port", String.valueOf(config.api().port()));
        m.put("telegram.base_url", telegram.baseUrl());
        m.put("telegram.alerts_per_minute", String.valueOf(telegram.alertsPerMinute()));
        m.put("telegram.chats", String.valueOf(telegram.chatIds().size()));
        m.put("telegram.users", String.valueOf(telegram.userIds().size()));
        return m;
    }

    /** What a replay needs to decide as this session did ({@code kairos replay --compare}). */
    private static void writeSessionFile(Path outDir, String name, List<String> traded, List<String> streamed,
                                         Timeframe tf, KairosConfig.Run run, TradingSession s, StreamRecorder recorder,
                                         Long handledUntil) throws IOException {
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
        if (handledUntil != null) {
            // the last market event the session handled before it stopped: its recording may hold later ones
            o.put("handled_until", iso(handledUntil));
        }
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
            public void ownClock(long recvTs) {
                r.onOwnClock(recvTs);
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

    /**
     * The exchange side of a live session: the signed REST client (clock synced with Bybit's), the key's permissions
     * checked before anything else (a key that can withdraw or transfer, or cannot trade, is refused: exit 1, no
     * order sent), one-way position mode and the configured leverage per symbol, the account's equity, and the
     * {@link BybitVenue} whose events go to the kernel's inbox. Its private stream is connected once the kernel
     * exists ({@link #attach}); every connect reconciles before the next order. The venue's health reaches the risk
     * guard every {@value #HEALTH_EVERY_MS} ms.
     */
    static final class LiveVenue implements AutoCloseable {
        static final long HEALTH_EVERY_MS = 5_000;
        final BybitVenue venue;
        final double equity;
        final String keyNote;
        private final BybitCredentials credentials;
        private final Clock wall;
        private final java.util.concurrent.atomic.AtomicReference<kairos.engine.kernel.KernelInbox> inbox =
                new java.util.concurrent.atomic.AtomicReference<>();
        private java.util.concurrent.ScheduledExecutorService health;
        private final List<kairos.engine.execution.VenueEvent> early = new ArrayList<>();
        /** Instruments are read again this often: Bybit announces a delisting by setting its delivery time. */
        static final long INSTRUMENTS_EVERY_MS = 3_600_000;
        private final kairos.bybit.http.BybitMarketApi market;
        private final Map<String, kairos.bybit.parsing.BybitInstrument> instruments = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile long instrumentsAt = Long.MIN_VALUE;

        private LiveVenue(BybitVenue venue, kairos.bybit.http.BybitMarketApi market, double equity, String keyNote,
                          BybitCredentials credentials, Clock wall) {
            this.venue = venue;
            this.market = market;
            this.equity = equity;
            this.keyNote = keyNote;
            this.credentials = credentials;
            this.wall = wall;
        }

        static LiveVenue open(Map<String, String> env, Endpoints endpoints, List<String> traded, double leverage,
                              Clock wall, PrintStream err) {
            BybitCredentials credentials;
            try {
                credentials = BybitCredentials.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                throw new UserError("--mode live: " + e.getMessage());
            }
            if (endpoints.wsPrivate() == null || endpoints.wsPrivate().isBlank()) {
                throw new UserError("--mode live: bybit.ws_private_url must be set (config or KAIROS_BYBIT_WS_PRIVATE_URL)");
            }
            BybitRestClient rest = new BybitRestClient(BybitRestClient.Settings.defaults(URI.create(endpoints.rest())),
                    credentials, wall);
            BybitTradeApi trade = new BybitTradeApi(rest);
            kairos.bybit.parsing.BybitApiKey key;
            double equity;
            try {
                rest.syncClock();
                key = trade.checkKeyPermissions();
                for (String symbol : traded) {
                    trade.useOneWayMode(symbol);
                    trade.setLeverage(symbol, java.math.BigDecimal.valueOf(leverage));
                }
                equity = trade.wallet().toReport("GET /v5/account/wallet-balance", wall.millis()).equity();
            } catch (UnsafeApiKeyException e) {
                throw new UserError("--mode live: refusing the API key in " + BybitCredentials.KEY_VARIABLE + ": "
                        + String.join("; ", e.problems()) + ". Create a key with Contract orders and positions only"
                        + " (no withdrawal, no transfer); no order was sent");
            } catch (kairos.bybit.http.BybitException e) {
                throw new UserError("--mode live: Bybit at " + endpoints.rest() + " refused the start-up checks: "
                        + e.getMessage() + "; no order was sent");
            }
            if (!(equity > 0)) {
                throw new UserError("--mode live: the unified account's equity is " + equity + " USDT; nothing to trade with");
            }
            LiveVenue[] self = new LiveVenue[1];
            BybitVenue venue = new BybitVenue(trade, (event, at) -> self[0].deliver(event, at),
                    f -> self[0].deliver(new kairos.engine.execution.FundingPayment(f.execId(), f.symbol(),
                            f.amount().doubleValue(), f.time()), wall.millis()), wall, BybitVenue.Settings.defaults());
            venue.watch(traded);   // a reconciliation reads their positions also when flat (the sequence it compares by)
            self[0] = new LiveVenue(venue, new kairos.bybit.http.BybitMarketApi(rest), equity, key.note() == null || key.note().isBlank() ? "(no note)"
                    : "'" + key.note() + "'", credentials, wall);
            err.printf(Locale.ROOT, "kairos run: key checked (trade only), one-way mode and leverage %.0fx on %s, "
                    + "equity %.2f USDT%n", leverage, String.join(",", traded), equity);
            return self[0];
        }

        /**
         * A venue message, from the venue's worker or the private stream's thread: posted to the kernel's inbox, which
         * takes it in arrival order; those that come before the kernel exists (the start's reconciliation) wait.
         */
        private void deliver(kairos.engine.execution.VenueEvent event, long at) {
            synchronized (early) {
                kairos.engine.kernel.KernelInbox in = inbox.get();
                if (in == null) {
                    early.add(event);
                    return;
                }
                in.post(event);
            }
        }

        /** Events go to the kernel from now on; the private stream connects; the health reports start. */
        void attach(kairos.engine.kernel.Kernel kernel, Endpoints endpoints, List<String> traded) {
            synchronized (early) {
                inbox.set(kernel.inbox());
                early.forEach(kernel.inbox()::post);
                early.clear();
            }
            venue.connectPrivateStream(URI.create(endpoints.wsPrivate()), credentials,
                    BybitPrivateStream.Settings.defaults());
            health = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kairos-venue-health");
                t.setDaemon(true);
                return t;
            });
            health.scheduleAtFixedRate(() -> reportHealth(traded), HEALTH_EVERY_MS, HEALTH_EVERY_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /**
         * Every traded symbol's venue health to the kernel (maintenance, REST errors and latency, hours to a delisting
         * announced in its instrument), the instruments read again once an hour; a failed read keeps the last ones.
         */
        void reportHealth(List<String> traded) {
            long now = wall.millis();
            if (instrumentsAt == Long.MIN_VALUE || now - instrumentsAt >= INSTRUMENTS_EVERY_MS) {
                instrumentsAt = now;
                try {
                    instruments.putAll(market.instruments(traded));
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn(
                            "kairos run: instruments not read (delisting check uses the last ones): {}", e.getMessage());
                }
            }
            for (String symbol : traded) {
                deliver(new kairos.engine.execution.VenueHealthReport(venue.health(symbol, instruments.get(symbol)), now),
                        now);
            }
        }

        @Override
        public void close() {
            if (health != null) {
                health.shutdownNow();
            }
            venue.close();
        }
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
