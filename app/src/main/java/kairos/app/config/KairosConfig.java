package kairos.app.config;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Market;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.execution.TakeProfitLadder;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskLimits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated configuration ({@code config/kairos.yaml}). Sections are records bound by Jackson with snake_case
 * keys; {@link #validate} reports every out-of-range value with its key path.
 */
public record KairosConfig(Backtest backtest, Venue venue, Execution execution, Risk risk, Map<String, InstrumentSpec> instruments,
                           Bybit bybit, Api api, Rules rules, Journal journal, Run run, Binance binance,
                           Telegram telegram) {

    /** The record without a {@code telegram} section (its defaults). */
    public KairosConfig(Backtest backtest, Venue venue, Execution execution, Risk risk,
                        Map<String, InstrumentSpec> instruments, Bybit bybit, Api api, Rules rules, Journal journal,
                        Run run, Binance binance) {
        this(backtest, venue, execution, risk, instruments, bybit, api, rules, journal, run, binance, null);
    }

    /** The record without a {@code binance} section (its defaults). */
    public KairosConfig(Backtest backtest, Venue venue, Execution execution, Risk risk,
                        Map<String, InstrumentSpec> instruments, Bybit bybit, Api api, Rules rules, Journal journal,
                        Run run) {
        this(backtest, venue, execution, risk, instruments, bybit, api, rules, journal, run, null, null);
    }

    public record Backtest(String exchange, String market, List<String> symbols, List<String> contextSymbols,
                           String timeframe, Double initialEquity) {
    }

    public record Venue(Double makerFee, Double takerFee, Double slippage, Double volatilitySlippage,
                        Double sizeImpact, Double participation, Integer latencyMs, Double leverage,
                        Double maintenanceMargin) {
    }

    /** How entries are worked and positions managed (see {@link ExecutionPolicy}). */
    public record Execution(Double limitOffset, Double fillTimeoutSeconds, Double minPartialFill, Integer maxReprices,
                            Double maxSlippage, Double icebergSliceNotional, Double icebergIntervalSeconds,
                            Double ackTimeoutSeconds, List<Double> takeProfitAtr, List<Double> takeProfitFractions,
                            Boolean breakevenAfterTp1, List<String> trailing, Double profitShare, Integer swingBars,
                            Double timeStopMinutes) {
    }

    /** Trailing-stop methods accepted in {@code execution.trailing}. */
    public static final List<String> TRAILING_METHODS = List.of("sar", "profit_share", "structure");

    /**
     * Hard limits of the risk guard; the halts' keys are optional (absent: the specification's value) and may
     * only be stricter than it.
     */
    public record Risk(Double maxRiskPerTrade, Double maxLeverage, Double flashMoveMax, Double flashPauseMinutes,
                       Double staleFeedSeconds, Double latencyCriticalMs, Double apiErrorRateMax, Double delistingHours,
                       Double blackSwanDrawdown) {
    }

    public record InstrumentSpec(BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minQty, BigDecimal minNotional) {
    }

    /**
     * @param connectAttempts connection attempts in a row that may fail before a stream gives up (record names the
     *                        host and exits 1); default {@value #DEFAULT_CONNECT_ATTEMPTS}: with 10 s connect timeouts
     *                        and waits of 1, 2, 4, 8, 16 s in between, at most 91 s
     */
    public record Bybit(String restUrl, String wsPublicUrl, String wsPrivateUrl, Integer connectAttempts) {
        public Bybit(String restUrl, String wsPublicUrl, String wsPrivateUrl) {
            this(restUrl, wsPublicUrl, wsPrivateUrl, null);
        }

        public int connectAttemptsOrDefault() {
            return connectAttempts == null ? DEFAULT_CONNECT_ATTEMPTS : connectAttempts;
        }
    }

    public static final int DEFAULT_CONNECT_ATTEMPTS = 6;

    /**
     * The market-data fallback: Binance USD-M futures public streams, taken while Bybit's market data is stale.
     * {@code wsUrl}: the market-stream host ({@code KAIROS_BINANCE_WS_URL}), default {@value #DEFAULT_BINANCE_WS_URL}.
     */
    public record Binance(String wsUrl) {
        public String wsUrlOrDefault() {
            return wsUrl == null || wsUrl.isBlank() ? DEFAULT_BINANCE_WS_URL : wsUrl;
        }
    }

    public static final String DEFAULT_BINANCE_WS_URL = "wss://fstream.binance.com";

    /**
     * The Telegram bot (on only when {@code TELEGRAM_BOT_TOKEN} is set): {@code baseUrl} of the Bot API
     * ({@code KAIROS_TELEGRAM_BASE_URL}), default {@value #DEFAULT_TELEGRAM_BASE_URL}; {@code alertsPerMinute}: at most
     * this many alerts of one type for one symbol a minute (critical ones always pass), default 5.
     */
    public record Telegram(String baseUrl, Integer alertsPerMinute) {
        public String baseUrlOrDefault() {
            return baseUrl == null || baseUrl.isBlank() ? DEFAULT_TELEGRAM_BASE_URL : baseUrl;
        }

        public int alertsPerMinuteOrDefault() {
            return alertsPerMinute == null ? 5 : alertsPerMinute;
        }
    }

    public static final String DEFAULT_TELEGRAM_BASE_URL = "https://api.telegram.org";

    /** The telegram section, defaults when the file has none. */
    public Telegram telegramOrDefault() {
        return telegram == null ? new Telegram(null, null) : telegram;
    }

    /** The binance section, defaults when the file has none. */
    public Binance binanceOrDefault() {
        return binance == null ? new Binance(null) : binance;
    }

    /**
     * How the rules run. {@code decisionBudgetMs}: longest a decision point may take (a rule looping in its
     * consequence, a runaway rule loop) before the decision fails with the rule's name, file and line and the run
     * stops; default {@value #DEFAULT_DECISION_BUDGET_MS} ms (a decision takes ~30 microseconds).
     */
    public record Rules(Integer decisionBudgetMs, Boolean watch) {
        public Rules(Integer decisionBudgetMs) {
            this(decisionBudgetMs, null);
        }

        /** {@code rules.watch}: reload the rules when the files change ({@code kairos run}; default false). */
        public boolean watchOrDefault() {
            return watch != null && watch;
        }

        public int decisionBudgetMsOrDefault() {
            return decisionBudgetMs == null ? DEFAULT_DECISION_BUDGET_MS : decisionBudgetMs;
        }
    }

    public static final int DEFAULT_DECISION_BUDGET_MS = 10_000;

    /** The journal in the store. {@code keepRuns}: runs kept, the oldest pruned after each new one (default 10). */
    public record Journal(Integer keepRuns) {
        public int keepRunsOrDefault() {
            return keepRuns == null ? DEFAULT_KEEP_RUNS : keepRuns;
        }
    }

    public static final int DEFAULT_KEEP_RUNS = 10;

    /** The rules section, defaults when the file has none. */
    public Rules rulesOrDefault() {
        return rules == null ? new Rules(null) : rules;
    }

    /** The journal section, defaults when the file has none. */
    public Journal journalOrDefault() {
        return journal == null ? new Journal(null) : journal;
    }

    public record Api(String bind, Integer port) {
    }

    /**
     * A trading session ({@code kairos run}); every key optional. {@code warmupHours}: 1m klines back-filled on
     * start so the features are warm before the first decision; {@code reconcileSeconds}: how often the session
     * reconciles with the venue besides on start and after reconnects; {@code record}: record the input stream
     * in {@code <out>/record/}; {@code tradeOnFallback}: take entries on the Binance fallback feed;
     * {@code paperEquity}: the paper account's starting equity (USDT); {@code bookDepth}: order-book depth streamed;
     * {@code fallbackAfterSeconds}: Bybit's market data silent this long on the wall clock switches to Binance's;
     * {@code jitWarmupDays}: days of the store's 1m bars played through a scratch session before the market is taken,
     * so that the decision path is compiled before the first live decision (0: none).
     */
    public record Run(Double warmupHours, Double reconcileSeconds, Boolean record, Boolean tradeOnFallback,
                      Double paperEquity, Integer bookDepth, Double fallbackAfterSeconds, Double jitWarmupDays) {
        public static final Run DEFAULTS = new Run(48.0, 60.0, true, false, 10_000.0, 50, 10.0, 2.0);

        public Run(Double warmupHours, Double reconcileSeconds, Boolean record, Boolean tradeOnFallback,
                   Double paperEquity, Integer bookDepth) {
            this(warmupHours, reconcileSeconds, record, tradeOnFallback, paperEquity, bookDepth, null, null);
        }

        /** This section with the defaults where a key is absent. */
        public Run orDefaults() {
            return new Run(warmupHours != null ? warmupHours : DEFAULTS.warmupHours,
                    reconcileSeconds != null ? reconcileSeconds : DEFAULTS.reconcileSeconds,
                    record != null ? record : DEFAULTS.record,
                    tradeOnFallback != null ? tradeOnFallback : DEFAULTS.tradeOnFallback,
                    paperEquity != null ? paperEquity : DEFAULTS.paperEquity,
                    bookDepth != null ? bookDepth : DEFAULTS.bookDepth,
                    fallbackAfterSeconds != null ? fallbackAfterSeconds : DEFAULTS.fallbackAfterSeconds,
                    jitWarmupDays != null ? jitWarmupDays : DEFAULTS.jitWarmupDays);
        }
    }

    /** The run section with its defaults. */
    public Run runOrDefaults() {
        return run == null ? Run.DEFAULTS : run.orDefaults();
    }

    /** Checks ranges and presence; returns the problems as {@code key.path: message}. */
    public List<String> validate() {
        List<String> e = new ArrayList<>();
        if (backtest == null) {
            e.add("backtest: section missing");
        } else {
            required(e, "backtest.exchange", backtest.exchange);
            try {
                Market.parse(String.valueOf(backtest.market));
            } catch (IllegalArgumentException ex) {
                e.add("backtest.market: " + ex.getMessage());
            }
            if (backtest.symbols == null || backtest.symbols.isEmpty()) {
                e.add("backtest.symbols: at least one traded symbol is required");
            }
            try {
                Timeframe.parse(String.valueOf(backtest.timeframe));
            } catch (IllegalArgumentException ex) {
                e.add("backtest.timeframe: " + ex.getMessage());
            }
            range(e, "backtest.initial_equity", backtest.initialEquity, 1, 1e12);
        }
        if (venue == null) {
            e.add("venue: section missing");
        } else {
            range(e, "venue.maker_fee", venue.makerFee, -0.001, 0.01);
            range(e, "venue.taker_fee", venue.takerFee, 0, 0.01);
            range(e, "venue.slippage", venue.slippage, 0, 0.05);
            range(e, "venue.volatility_slippage", venue.volatilitySlippage, 0, 1);
            range(e, "venue.size_impact", venue.sizeImpact, 0, 10);
            range(e, "venue.participation", venue.participation, 0.001, 1);
            range(e, "venue.latency_ms", venue.latencyMs == null ? null : venue.latencyMs.doubleValue(), 0, 60_000);
            range(e, "venue.leverage", venue.leverage, 1, 100);
            if (venue.leverage != null && venue.leverage >= 1) {
                range(e, "venue.maintenance_margin", venue.maintenanceMargin, 0, 0.999 / venue.leverage);
            }
            if (risk != null && risk.maxLeverage != null && venue.leverage != null && venue.leverage < risk.maxLeverage) {
                e.add("venue.leverage: " + venue.leverage + " is below risk.max_leverage " + risk.maxLeverage
                        + "; the account leverage must allow the largest position the risk guard sizes");
            }
        }
        validateExecution(e);
        if (risk == null) {
            e.add("risk: section missing");
        } else {
            if (risk.maxRiskPerTrade != null && risk.maxRiskPerTrade > RiskLimits.RISK_PER_TRADE_CAP) {
                e.add("risk.max_risk_per_trade: " + risk.maxRiskPerTrade + " is above the hard cap "
                        + RiskLimits.RISK_PER_TRADE_CAP + " (2% of equity, R6.1); rules and config can only be stricter");
            } else {
                range(e, "risk.max_risk_per_trade", risk.maxRiskPerTrade, 1e-6, RiskLimits.RISK_PER_TRADE_CAP);
            }
            range(e, "risk.max_leverage", risk.maxLeverage, 0.1, 10);
            try {
                haltLimits();
            } catch (IllegalArgumentException ex) {
                e.add("risk: " + ex.getMessage() + " (the halt keys flash_move_max, flash_pause_minutes, stale_feed_seconds, "
                        + "latency_critical_ms, api_error_rate_max, delisting_hours, black_swan_drawdown may only be stricter "
                        + "than the specification)");
            }
        }
        if (instruments == null || instruments.isEmpty()) {
            e.add("instruments: at least one instrument is required");
        } else {
            for (Map.Entry<String, InstrumentSpec> i : new TreeMap<>(instruments).entrySet()) {
                String k = "instruments." + i.getKey();
                InstrumentSpec s = i.getValue();
                if (s == null) {
                    e.add(k + ": empty");
                    continue;
                }
                positive(e, k + ".tick_size", s.tickSize);
                positive(e, k + ".qty_step", s.qtyStep);
                nonNegative(e, k + ".min_qty", s.minQty);
                nonNegative(e, k + ".min_notional", s.minNotional);
            }
            if (backtest != null && backtest.symbols != null) {
                for (String sym : backtest.symbols) {
                    if (!instruments.containsKey(sym)) {
                        e.add("backtest.symbols: " + sym + " has no entry under instruments");
                    }
                }
            }
        }
        if (api != null) {
            range(e, "api.port", api.port == null ? null : api.port.doubleValue(), 1, 65535);
            required(e, "api.bind", api.bind);
        }
        if (bybit != null && bybit.connectAttempts != null) {
            range(e, "bybit.connect_attempts", bybit.connectAttempts.doubleValue(), 1, 1000);
        }
        if (rules != null && rules.decisionBudgetMs != null) {
            range(e, "rules.decision_budget_ms", rules.decisionBudgetMs.doubleValue(), 10, 3_600_000);
        }
        if (journal != null && journal.keepRuns != null) {
            range(e, "journal.keep_runs", journal.keepRuns.doubleValue(), 1, 100_000);
        }
        Run r = runOrDefaults();
        range(e, "run.warmup_hours", r.warmupHours, 0, 24 * 30);
        range(e, "run.reconcile_seconds", r.reconcileSeconds, 0, 86_400);
        range(e, "run.paper_equity", r.paperEquity, 1, 1e12);
        range(e, "run.fallback_after_seconds", r.fallbackAfterSeconds, 1, 3_600);
        range(e, "run.jit_warmup_days", r.jitWarmupDays, 0, 30);
        String binanceUrl = binanceOrDefault().wsUrlOrDefault();
        if (!binanceUrl.startsWith("wss://") && !binanceUrl.startsWith("ws://")) {
            e.add("binance.ws_url: '" + binanceUrl + "' is not a WebSocket URL (wss://fstream.binance.com, or ws:// for"
                    + " a local stand-in; KAIROS_BINANCE_WS_URL overrides it)");
        } else {
            try {
                if (java.net.URI.create(binanceUrl).getHost() == null) {
                    e.add("binance.ws_url: '" + binanceUrl + "' names no host");
                }
            } catch (IllegalArgumentException ex) {
                e.add("binance.ws_url: '" + binanceUrl + "' is not a URL: " + ex.getMessage());
            }
        }
        Telegram tg = telegramOrDefault();
        range(e, "telegram.alerts_per_minute", Double.valueOf(tg.alertsPerMinuteOrDefault()), 1, 600);
        String tgUrl = tg.baseUrlOrDefault();
        try {
            java.net.URI u = java.net.URI.create(tgUrl);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                e.add("telegram.base_url: '" + tgUrl + "' is not an http(s) URL with a host (https://api.telegram.org,"
                        + " or http:// for a local Bot API server; KAIROS_TELEGRAM_BASE_URL overrides it)");
            }
        } catch (IllegalArgumentException ex) {
            e.add("telegram.base_url: '" + tgUrl + "' is not a URL: " + ex.getMessage());
        }
        if (!List.of(1, 50, 200, 500).contains(r.bookDepth)) {
            e.add("run.book_depth: " + r.bookDepth + " is not an order-book depth Bybit streams for linear contracts"
                    + " (1, 50, 200 or 500)");
        }
        return e;
    }

    private void validateExecution(List<String> e) {
        if (execution == null) {
            e.add("execution: section missing");
            return;
        }
        Execution x = execution;
        range(e, "execution.limit_offset", x.limitOffset, 0, 0.05);
        range(e, "execution.fill_timeout_seconds", x.fillTimeoutSeconds, 0.001, 86_400);
        range(e, "execution.min_partial_fill", x.minPartialFill, 0.01, 1);
        range(e, "execution.max_reprices", x.maxReprices == null ? null : x.maxReprices.doubleValue(), 0, 100);
        range(e, "execution.max_slippage", x.maxSlippage, 0.00001, 0.05);
        range(e, "execution.iceberg_slice_notional", x.icebergSliceNotional, 1, 1e12);
        range(e, "execution.iceberg_interval_seconds", x.icebergIntervalSeconds, 0, 3600);
        range(e, "execution.ack_timeout_seconds", x.ackTimeoutSeconds, 0.001, 600);
        range(e, "execution.profit_share", x.profitShare, 0.01, 0.99);
        range(e, "execution.swing_bars", x.swingBars == null ? null : x.swingBars.doubleValue(), 1, 20);
        range(e, "execution.time_stop_minutes", x.timeStopMinutes, 0, 100_000);
        if (x.breakevenAfterTp1 == null) {
            e.add("execution.breakeven_after_tp1: required (true or false)");
        }
        if (x.trailing == null) {
            e.add("execution.trailing: required, a list of " + TRAILING_METHODS + " (may be empty)");
        } else {
            for (String m : x.trailing) {
                if (!TRAILING_METHODS.contains(m)) {
                    e.add("execution.trailing: unknown method '" + m + "'; use any of " + TRAILING_METHODS);
                }
            }
        }
        if (x.takeProfitAtr == null || x.takeProfitFractions == null) {
            e.add("execution.take_profit_atr and execution.take_profit_fractions: required lists (may be empty)");
        } else {
            try {
                ladder();
            } catch (IllegalArgumentException ex) {
                e.add("execution.take_profit_atr/take_profit_fractions: " + ex.getMessage()
                        + " (e.g. [1.0, 1.5, 2.5] and [0.4, 0.3, 0.2])");
            }
        }
    }

    private TakeProfitLadder ladder() {
        double[] atr = execution.takeProfitAtr.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
        double[] fractions = execution.takeProfitFractions.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
        return new TakeProfitLadder(atr, fractions);
    }

    private static void required(List<String> e, String key, String value) {
        if (value == null || value.isBlank()) {
            e.add(key + ": required");
        }
    }

    private static void range(List<String> e, String key, Double value, double min, double max) {
        if (value == null) {
            e.add(key + ": required");
        } else if (!(value >= min && value <= max)) {
            e.add(key + ": " + value + " is out of range [" + min + ", " + max + "]");
        }
    }

    private static void positive(List<String> e, String key, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            e.add(key + ": must be > 0");
        }
    }

    private static void nonNegative(List<String> e, String key, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            e.add(key + ": must be >= 0");
        }
    }

    public FeeSchedule feeSchedule() {
        return new FeeSchedule(venue.makerFee, venue.takerFee, venue.slippage);
    }

    public VenueModel venueModel() {
        return new VenueModel(feeSchedule(), venue.latencyMs, venue.volatilitySlippage, venue.sizeImpact,
                venue.participation, venue.leverage, venue.maintenanceMargin);
    }

    public ExecutionPolicy executionPolicy() {
        Execution x = execution;
        return new ExecutionPolicy(x.limitOffset, Math.round(x.fillTimeoutSeconds * 1000), x.minPartialFill,
                x.maxReprices, x.maxSlippage, x.icebergSliceNotional, Math.round(x.icebergIntervalSeconds * 1000),
                ladder(), x.breakevenAfterTp1, x.trailing.contains("sar"), x.trailing.contains("profit_share"),
                x.profitShare, x.trailing.contains("structure"), x.swingBars, x.timeStopMinutes,
                Math.max(1, Math.round(x.ackTimeoutSeconds * 1000)));
    }

    public RiskLimits riskLimits() {
        return new RiskLimits(risk.maxRiskPerTrade, risk.maxLeverage);
    }

    /** The hard halts' limits: the specification's, where the configuration sets a stricter one that. */
    public HaltLimits haltLimits() {
        HaltLimits s = HaltLimits.SPEC;
        if (risk == null) {
            return s;
        }
        return new HaltLimits(or(risk.flashMoveMax, s.flashMoveMax()), or(risk.flashPauseMinutes, s.flashPauseMinutes()),
                or(risk.staleFeedSeconds, s.staleFeedSeconds()), or(risk.latencyCriticalMs, s.latencyCriticalMs()),
                or(risk.apiErrorRateMax, s.apiErrorRateMax()), or(risk.delistingHours, s.delistingHours()),
                or(risk.blackSwanDrawdown, s.blackSwanDrawdown()));
    }

    private static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }

    public Map<String, Instrument> instrumentMap() {
        Map<String, Instrument> out = new LinkedHashMap<>();
        instruments.forEach((sym, s) -> out.put(sym, new Instrument(sym, s.tickSize, s.qtyStep, s.minQty, s.minNotional)));
        return out;
    }
}
