package kairos.engine.kernel;

import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepException;
import kairos.engine.cep.CepModules;
import kairos.engine.cep.CepFeed;
import kairos.engine.cep.PatternFact;
import kairos.engine.cep.TickSynthesiser;
import kairos.engine.domain.Clock;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.TimedEvent;
import kairos.engine.execution.EntryRequest;
import kairos.engine.execution.ExecutionEvents;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.Fill;
import kairos.engine.execution.ManagedOrder;
import kairos.engine.execution.OrderManager;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.ReconcileReport;
import kairos.engine.execution.TakeProfitLadder;
import kairos.engine.execution.Timer;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.VenueConnection;
import kairos.engine.execution.VenueHealthReport;
import kairos.engine.execution.FundingPayment;
import kairos.engine.execution.VenueEvent;
import kairos.engine.ml.DecisionScorer;
import kairos.engine.ml.MlScore;
import kairos.engine.risk.HardHalts;
import kairos.engine.risk.RiskContext;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskVerdict;
import kairos.engine.rules.AccountState;
import kairos.engine.rules.Action;
import kairos.engine.rules.DecisionFacts;
import kairos.engine.rules.ExitSignal;
import kairos.engine.rules.MarketState;
import kairos.engine.rules.OpenOrderState;
import kairos.engine.rules.PositionState;
import kairos.engine.rules.Proposal;
import kairos.engine.rules.RiskState;
import kairos.engine.rules.RuleBuildException;
import kairos.engine.rules.RuleEngine;
import kairos.engine.rules.RuleOutcome;
import kairos.engine.rules.RulesSwap;
import kairos.engine.rules.TakeProfit;
import kairos.engine.rules.VenueHealth;
import kairos.engine.rules.Veto;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The trading kernel shared by backtest, replay, paper and live: it handles one event at a time, on one thread, as
 * its {@link KernelLoop} hands them over — market data ({@link MarketEvent}), the venue's messages
 * ({@link VenueEvent}), timers ({@link Timer}) and operator commands ({@link TradingControl}). For each:
 * <ol>
 *   <li>market data updates the market view: bars are aggregated to the strategy timeframe, features and Esper
 *       are fed (ticks reach the microstructure columns), prices marked, funding settled;</li>
 *   <li>decision points are taken: a strategy bar close of a traded symbol at once, and at the end of the instant
 *       a CEP pattern, a fill or a risk event (a large one-minute move, an emergency pattern) — one decision per
 *       symbol and instant, a bar close taking what else happened then;</li>
 *   <li>a decision: the hard halts ({@link HardHalts}), the facts ({@link DecisionFacts}), the rules, their actions,
 *       an exit, or an entry sized by the risk guard, and its audit record;</li>
 *   <li>venue messages and timers go to the {@link OrderManager}; a reconciliation answer may pause trading;</li>
 *   <li>after each event the state is journaled ({@link StateJournal}) and only then are the event's venue
 *       requests sent.</li>
 * </ol>
 * Modes differ only in the {@link Clock}, the market-data source and the {@link ExecutionVenue}. Nothing here reads
 * the wall clock.
 */
public final class Kernel {
    /** CEP patterns that make a decision point a risk event. */
    static final Set<String> EMERGENCY_PATTERNS = Set.of("FlashCrash", "StaleFeed", "LatencyHigh", "AbnormalSpread");
    static final String RECONCILE = "reconcile";
    static final String RECONCILE_RETRY = "reconcile_retry";
    /** A live session's check of the feeds between market events: a silent feed is a risk event. */
    static final String HEARTBEAT = "heartbeat";

    private final KernelSettings settings;
    private final Clock clock;
    private final RuleEngine rules;
    private RiskGuard riskGuard;
    private final HardHalts halts;
    private final Portfolio portfolio;
    private final OrderManager orders;
    private final DecisionJournal journal;
    private final KernelInbox inbox = new KernelInbox();
    private final TradingControl control = new TradingControl(inbox);
    private final MarketView market;
    private final RiskBook risk;
    private final RuleActions actions;
    private final DecisionAudit audit = new DecisionAudit();
    private final EquityCurve equityCurve = new EquityCurve();
    private final Map<String, VenueHealth> venueHealth = new HashMap<>();
    /** Open time of the last feed bar taken per symbol. */
    private final Map<String, Long> lastFeedBar = new HashMap<>();
    private final List<PatternFact> patterns = new ArrayList<>();
    /** The latest ML score of each traded symbol, taken at its decision points (the control API's predictions). */
    private final Map<String, MlScore> latestScores = new LinkedHashMap<>();
    /** Decision points waiting for the end of the instant: symbol → trigger (the weightiest one). */
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final List<Fill> newFills = new ArrayList<>();
    private final List<TradeRecord> newTrades = new ArrayList<>();
    private final List<Decision> newDecisions = new ArrayList<>();
    private Outbox outbox;
    private CepEngine cep;
    private DecisionScorer scorer = DecisionScorer.NONE;
    private StateJournal stateJournal = StateJournal.NONE;
    private Notifier notifier = alert -> { };
    private Consumer<Action> ruleAlerts = a -> { };
    private volatile Consumer<PatternFact> patternsSeen = p -> { };
    private Executor reloadExecutor = Runnable::run;
    private boolean venueUp = true;
    private boolean reconciling;
    /** The reconciliation in flight is the one of a start or a reconnect: no decision until it is answered. */
    private boolean mustReconcile;
    /** Traded symbols whose feed has been silent since the heartbeat that made it a risk event. */
    private final java.util.Set<String> staleFeeds = new java.util.HashSet<>();
    /** Wall clock of a session with a real venue: its request timeouts run on it (null: all on event time). */
    private LongSupplier wallClock;
    /** Back-filled history is being handled: features and patterns learn, nothing is decided. */
    private boolean history;
    /** When the market batch in hand reached Kairos, as its caller stamped it ({@link MarketBatch#arrivedAt()}). */
    private long arrivedAt = Long.MIN_VALUE;
    /** The fallback feed the market data comes from (null: the venue's own), and whether entries are taken on it. */
    private String fallback;
    private boolean fallbackTradable;
    private boolean dirty;
    private long bars;
    private long lastEventTime = Long.MIN_VALUE;
    private ReconcileReport lastReconcile;

    public Kernel(KernelSettings settings, Clock clock, RuleEngine rules, RiskGuard riskGuard, Portfolio portfolio,
                  DecisionJournal journal, ExecutionPolicy policy) {
        this.settings = settings;
        this.clock = clock;
        this.rules = rules;
        this.riskGuard = riskGuard;
        this.halts = new HardHalts(settings.halts());
        this.portfolio = portfolio;
        this.journal = journal;
        this.orders = new OrderManager(settings.instruments(), portfolio, policy);
        this.market = new MarketView(settings);
        this.risk = new RiskBook(portfolio.equity());
        this.actions = new RuleActions(orders, portfolio, risk, settings.tradedSymbols(), this::alert);
    }

    // ---- wiring -------------------------------------------------------------------------------------------------

    /** Connects the venue; its messages must go to {@link #inbox()} (a simulated venue: {@code inbox()::deliver}). */
    public void connect(ExecutionVenue venue) {
        this.outbox = new Outbox(venue);
        orders.connect(outbox, this::schedule, new ExecutionEvents() {
            @Override
            public void onFillBooked(Fill fill, TradeRecord closed) {
                Kernel.this.onFillBooked(fill, closed);
            }

            @Override
            public void onAlert(Severity severity, String type, String symbol, String text, long time) {
                notifier.notify(new Notifier.Alert(Notifier.Level.valueOf(severity.name()), type, symbol, time, text));
            }
        });
    }

    /**
     * A real venue answers in wall time: from now on the order manager's request timeouts (ack, query, execution
     * wait) and the reconciliation retry run on {@code wall}, even when the market's event time runs faster (a
     * simulator replaying days in minutes); and funding is booked from the venue's funding executions
     * ({@link FundingPayment}), not from the settlement events of the market data.
     */
    public void realVenue(LongSupplier wall) {
        this.wallClock = wall;
    }

    private void schedule(long at, String kind, String key, String symbol) {
        if (wallClock != null && (OrderManager.isVenueTimeout(kind) || RECONCILE_RETRY.equals(kind))) {
            inbox.scheduleWall(wallClock.getAsLong() + Math.max(0, at - clock.millis()), kind, key, symbol);
        } else {
            inbox.schedule(at, kind, key, symbol);
        }
    }

    /**
     * While on, market events are history (back-filled on start or after a reconnect): the features, the patterns'
     * windows and open positions' marks follow them, but no decision point is taken and no pattern is kept.
     */
    public void history(boolean on) {
        this.history = on;
    }

    /**
     * The arrival stamp of the market batch being handled (the live loop sets it from {@link MarketBatch#arrivedAt()};
     * the kernel never reads a clock for it). Observers on the kernel thread — the decision journal, the venue port —
     * measure arrival-to-decision and tick-to-order latency against it on their own clock.
     */
    public void arrivedAt(long stamp) {
        this.arrivedAt = stamp;
    }

    /** The arrival stamp of the last market batch handled, {@code Long.MIN_VALUE} before the first. */
    public long arrivedAt() {
        return arrivedAt;
    }

    /**
     * The market data now comes from {@code feed}, a fallback feed (null: the venue's own again). Decisions on it are
     * flagged ({@code data_source}) and take no entry unless {@link #fallbackTradable} allows it; exits and
     * protection go on.
     */
    public void dataFrom(String feed) {
        if (java.util.Objects.equals(feed, fallback)) {
            return;
        }
        long now = clock.millis();
        notifier.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, feed == null ? "DATA_PRIMARY" : "DATA_FALLBACK",
                null, now, feed == null ? "market data from the venue's own feed again (was " + fallback + ")"
                        : "the venue's market data is stale: on the " + feed + " fallback feed"
                        + (fallbackTradable ? "" : ", no new entries")));
        fallback = feed;
        dirty = true;
    }

    /** Whether entries are taken while the market data comes from a fallback feed (run.trade_on_fallback). */
    public void fallbackTradable(boolean allowed) {
        this.fallbackTradable = allowed;
    }

    /** Attaches the CEP runtime whose sink is {@link #onPattern}. */
    public void attach(CepEngine cepEngine) {
        attach(cepEngine, null);
    }

    /**
     * Attaches the CEP runtime; with a {@link TickSynthesiser}, each 1m feed bar is preceded by trades synthesised
     * from it, so tick-level statements run in candle-only backtests.
     */
    public void attach(CepEngine cepEngine, TickSynthesiser synthesiser) {
        this.cep = cepEngine;
        market.attach(new CepFeed(cepEngine, synthesiser));
    }

    /** Attaches the ML scorer whose facts enter every decision (default: none). */
    public void attach(DecisionScorer decisionScorer) {
        this.scorer = decisionScorer;
    }

    /** Where alerts go (the notifier: Telegram, the log); rule ALERT actions and the order manager's alerts. */
    public void notifyTo(Notifier sink) {
        this.notifier = sink;
    }

    /** Where rule ALERT actions go besides the notifier (tests, the journal). */
    public void onAlert(Consumer<Action> sink) {
        this.ruleAlerts = sink;
    }

    /**
     * Where every pattern the statements emit after the history is also seen (kernel thread; metrics), context
     * symbols' included, whether or not it becomes a decision point.
     */
    public void onPatternSeen(Consumer<PatternFact> sink) {
        this.patternsSeen = sink;
    }

    /** Where rule reloads are built (default: on the kernel thread, for tests and backtests). */
    public void reloadOn(Executor executor) {
        this.reloadExecutor = executor;
    }

    /**
     * Keeps the state in {@code journal} from now on. When it holds a state, that state is restored (orders, plans,
     * positions, account, risk book) and its timers re-armed; {@link #start} then reconciles before any decision.
     * Returns whether a state was restored.
     */
    public boolean journalStateIn(StateJournal stateJournalToUse) {
        this.stateJournal = stateJournalToUse;
        var saved = stateJournalToUse.load();
        if (saved.isEmpty()) {
            return false;
        }
        KernelState s = saved.get();
        portfolio.restore(s.portfolio());
        orders.restore(s.orders(), clock.millis());
        risk.restore(s.risk());
        lastEventTime = s.lastEventTime();
        return true;
    }

    /** Starts trading: reconciles with the venue (no decision is taken until the answer is in). */
    public void start() {
        if (outbox == null) {
            throw new IllegalStateException("connect a venue before starting the kernel");
        }
        startReconcile(clock.millis());
        if (settings.reconcileIntervalMs() > 0) {
            inbox.schedule(clock.millis() + settings.reconcileIntervalMs(), RECONCILE, "", null);
        }
        if (settings.heartbeatMs() > 0) {
            inbox.schedule(clock.millis() + settings.heartbeatMs(), HEARTBEAT, "", null);
        }
        send();
    }

    /** The venue's health as the live connectors see it (maintenance, API errors, latency, suspect data, delisting). */
    public void onVenueHealth(VenueHealth health) {
        venueHealth.put(health.symbol(), health);
    }

    /** Lifts a pause (the control API's resume, after a manual review). */
    public void resume() {
        risk.resume();
    }

    // ---- events -------------------------------------------------------------------------------------------------

    /** Handles one event (the loop calls {@link #commit} after each). */
    public void handle(TimedEvent event) {
        long now = clock.millis();
        if (rules.swapIfStaged(now)) {
            dirty = true;
        }
        for (RulesSwap swap : rules.drainAudit()) {
            record(DecisionAudit.swap(swap, now, rules.rulesetHash(), settings.modelVersion()));
        }
        switch (event) {
            case MarketEvent m -> onMarket(m, now);
            case VenueEvent v -> onVenue(v, now);
            case Timer t -> onTimer(t, now);
            case KernelCommand c -> onCommand(c, now);
            default -> throw new IllegalArgumentException("not a kernel event: " + event);
        }
    }

    /** Journals the state when it changed, then sends the venue requests the event produced. */
    public void commit() {
        if (dirty && stateJournal != StateJournal.NONE) {
            stateJournal.save(state(), List.copyOf(newFills), List.copyOf(newTrades), List.copyOf(newDecisions));
        }
        newFills.clear();
        newTrades.clear();
        newDecisions.clear();
        dirty = false;
        send();
    }

    /** Sends the venue requests held back, once the journal has every state handed to it on disk. */
    private void send() {
        if (!outbox.isEmpty()) {
            stateJournal.sync();
            outbox.flush();
        }
    }

    /**
     * The end of an instant: the decision points that waited for it (patterns, fills, risk events of symbols whose
     * bar did not close at this instant), one per symbol, at the current time.
     */
    public void endOfInstant() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<String, String>> due = new ArrayList<>(pending.entrySet());
        pending.clear();
        long now = clock.millis();
        for (Map.Entry<String, String> e : due) {
            decide(e.getKey(), e.getValue(), now);
        }
        commit();
    }

    private void onMarket(MarketEvent event, long now) {
        boolean fresh = event.time() > lastEventTime;
        lastEventTime = Math.max(lastEventTime, event.time());
        risk.onTime(now, portfolio.equity());
        switch (event) {
            case MarketEvent.BarClose b -> onBar(b, now, fresh || !history);
            case MarketEvent.Trade t -> {
                market.onTrade(t);
                portfolio.mark(t.symbol(), t.price());
                orders.mark(t.symbol(), t.price());
                if (market.isTraded(t.symbol()) && market.isRiskMove(t.symbol())) {
                    request(t.symbol(), Decision.RISK_EVENT);
                }
            }
            case MarketEvent.Book b -> market.onBook(b);
            case MarketEvent.Liquidation l -> market.onLiquidation(l);
            case MarketEvent.Funding f -> {
                if (f.settlement() && wallClock == null) {
                    double price = market.lastPrice(f.symbol());
                    portfolio.applyFunding(f.symbol(), f.rate(), Double.isNaN(price) ? 0 : price);
                    dirty = true;
                }
                market.onFunding(f);
                if (f.settlement()) {
                    recordEquity(now);
                }
            }
            default -> market.onTicker(event);
        }
    }

    /**
     * A bar close. {@code manage}: open positions are marked and managed (trailing) on it — not for history the
     * kernel had seen before a restart, whose prices are past and whose bars its trailing state already holds.
     */
    private void onBar(MarketEvent.BarClose event, long now, boolean manage) {
        if (event.timeframe() != settings.feedTimeframe()) {
            market.onOtherBar(event);
            return;
        }
        String symbol = event.symbol();
        Long previous = lastFeedBar.get(symbol);
        if (previous != null && event.bar().openTime() <= previous) {
            return;   // a bar already taken (a stream's kline after the back-fill that brought it): once only
        }
        lastFeedBar.put(symbol, event.bar().openTime());
        boolean traded = market.isTraded(symbol);
        if (traded && !history) {
            bars++;
        }
        if (manage) {
            portfolio.mark(symbol, event.bar().close());
            orders.mark(symbol, event.bar().close());
        }
        var strategyBar = market.onFeedBar(event);
        if (strategyBar == null) {
            if (traded && market.isRiskMove(symbol)) {
                request(symbol, Decision.RISK_EVENT);
            }
        } else {
            scorer.onStrategyBar(symbol, strategyBar);
            if (traded) {
                if (manage) {
                    orders.onStrategyBar(symbol, strategyBar, now);
                }
                decide(symbol, Decision.BAR_CLOSE, now);
            }
        }
        dirty = true;
        if (!history) {
            recordEquity(now);
        }
    }

    /**
     * Esper patterns arrive here (on the kernel thread, while the kernel sends an event). A traded symbol's pattern
     * is a decision point at the end of its instant (a risk event for an emergency pattern), or a fact of the bar
     * close decided at that instant. Patterns of context symbols are not decided on and are not kept.
     */
    public void onPattern(PatternFact pattern) {
        if (!history) {
            patternsSeen.accept(pattern);
        }
        if (!history && pattern.getSymbol() != null && market.isTraded(pattern.getSymbol())) {
            patterns.add(pattern);
            request(pattern.getSymbol(), EMERGENCY_PATTERNS.contains(pattern.getName()) ? Decision.RISK_EVENT
                    : Decision.PATTERN);
        }
    }

    private void onFillBooked(Fill fill, TradeRecord closed) {
        newFills.add(fill);
        if (closed != null) {
            newTrades.add(closed);
        }
        dirty = true;
        if (cep != null) {
            cep.send(new kairos.engine.cep.events.Fill(fill.symbol(), fill.time(), fill.side().name(),
                    fill.priceValue(), fill.qtyValue(), fill.fee(), fill.orderLinkId(), fill.execId()));
        }
        if (market.isTraded(fill.symbol()) && fill.purpose() != OrderPurpose.END_OF_DATA) {
            request(fill.symbol(), Decision.FILL);
        }
    }

    private void request(String symbol, String trigger) {
        if (history) {
            return;
        }
        pending.merge(symbol, trigger, (a, b) -> weight(a) >= weight(b) ? a : b);
    }

    private static int weight(String trigger) {
        return switch (trigger) {
            case Decision.RISK_EVENT -> 3;
            case Decision.PATTERN -> 2;
            default -> 1;
        };
    }

    private void onVenue(VenueEvent event, long now) {
        if (event instanceof VenueHealthReport h) {
            venueHealth.put(h.symbol(), h.health());
            return;
        }
        dirty = true;
        if (event instanceof VenueConnection c) {
            venueUp = c.up();
            notifier.notify(new Notifier.Alert(c.up() ? Notifier.Level.INFO : Notifier.Level.CRITICAL,
                    c.up() ? "VENUE_CONNECTED" : "VENUE_DISCONNECTED", null, now, c.detail()));
            if (c.up()) {
                startReconcile(now);
            }
            return;
        }
        ReconcileReport report = orders.onVenueEvent(event, now);
        if (report != null) {
            onReconciled(report, now);
        }
    }

    private void startReconcile(long now) {
        startReconcile(now, true);
    }

    /**
     * Asks the venue for a snapshot. {@code blocking}: a start or a reconnect, after which the kernel knows nothing
     * for sure until the answer is in (no decision meanwhile); a periodic check does not stop the decisions.
     */
    private void startReconcile(long now, boolean blocking) {
        reconciling = true;
        mustReconcile |= blocking;
        outbox.reconcile(orders.executionsSince());
        schedule(now + 3 * orders.policy().ackTimeoutMs(), RECONCILE_RETRY, "", null);
    }

    private void onReconciled(ReconcileReport report, long now) {
        reconciling = false;
        mustReconcile = false;
        lastReconcile = report;
        if (!report.clean()) {
            String why = "reconciliation with the venue: " + String.join("; ", report.mismatches());
            risk.pause(Long.MAX_VALUE, why);
            notifier.notify(new Notifier.Alert(Notifier.Level.CRITICAL, "RECONCILIATION_MISMATCH", null, now,
                    why + "; trading paused until an operator resumes"));
        } else if (report.fillsBooked() > 0 || report.orphansCancelled() > 0) {
            notifier.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, "RECONCILED", null, now, "booked "
                    + report.fillsBooked() + " executions the journal lacked, cancelled " + report.orphansCancelled()
                    + " orphan orders"));
        }
    }

    private void onTimer(Timer timer, long now) {
        if (OrderManager.ownsTimer(timer.kind())) {
            dirty = true;
            orders.onTimer(timer, now);
            return;
        }
        switch (timer.kind()) {
            case RECONCILE -> {
                if (!reconciling) {
                    startReconcile(now, false);
                }
                inbox.schedule(now + settings.reconcileIntervalMs(), RECONCILE, "", null);
            }
            case RECONCILE_RETRY -> {
                if (reconciling) {
                    startReconcile(now, mustReconcile);   // the answer was lost: ask again
                }
            }
            case HEARTBEAT -> {
                for (String symbol : settings.tradedSymbols()) {
                    boolean stale = market.feedSilentMs(symbol, now) >= settings.halts().staleFeedSeconds() * 1000;
                    // once when the feed falls silent, not at every heartbeat while it stays so: a stalled feed
                    // (or a market that ended) is one risk event, not one a second
                    if (stale && staleFeeds.add(symbol)) {
                        request(symbol, Decision.RISK_EVENT);
                    } else if (!stale) {
                        staleFeeds.remove(symbol);
                    }
                }
                inbox.schedule(now + settings.heartbeatMs(), HEARTBEAT, "", null);
            }
            default -> throw new IllegalArgumentException("unknown timer " + timer.kind());
        }
    }

    /**
     * Answers the status requests waiting (kernel thread, between two events): the control API's {@code /status}
     * answers within a back-fill of thousands of bars, not only after it.
     */
    public void answerStatusRequests() {
        KernelCommand.Status s;
        while ((s = inbox.pollStatusRequest()) != null) {
            s.done().complete(status(clock.millis()));
        }
    }

    private void onCommand(KernelCommand command, long now) {
        dirty = true;
        try {
            switch (command) {
                case KernelCommand.Pause p -> {
                    risk.pause(Long.MAX_VALUE, "operator: " + p.reason());
                    p.done().complete(status(now));
                }
                case KernelCommand.Resume r -> {
                    risk.resume();
                    r.done().complete(status(now));
                }
                case KernelCommand.ClosePosition c -> {
                    if (portfolio.position(c.symbol()) == null) {
                        c.done().completeExceptionally(new NoSuchElementException("no open position in " + c.symbol()));
                    } else {
                        c.done().complete(orders.submitExit(c.symbol(), "manual", now, "operator"));
                    }
                }
                case KernelCommand.Flatten f -> {
                    List<String> exits = new ArrayList<>();
                    for (String s : settings.tradedSymbols()) {
                        orders.cancelAll(s, now);
                        if (portfolio.position(s) != null) {
                            exits.add(orders.submitExit(s, "manual", now, "operator"));
                        }
                    }
                    f.done().complete(exits);
                }
                case KernelCommand.ReloadRules r -> reload(r);
                case KernelCommand.Status s -> s.done().complete(status(now));
                case KernelCommand.Report rep -> rep.done().complete(report(now));
                case KernelCommand.SetRiskLimits l -> {
                    riskGuard = new RiskGuard(l.limits());
                    l.done().complete(l.limits());
                }
            }
        } catch (RuntimeException e) {
            command.fail(e);
        }
    }

    /**
     * The DRL and the EPL as one unit: both compiled (and the scenarios run) on the reload executor, both swapped
     * at the start of the next event or refused together. When the build is done the kernel is woken by a no-op
     * command, so the swap does not wait for market data.
     */
    private void reload(KernelCommand.ReloadRules r) {
        if (settings.rulesDir() == null) {
            r.fail(new IllegalStateException("this kernel was not given its rule folders"));
            return;
        }
        CepEngine epl = cep;
        Path cepDir = settings.cepDir();
        RuleEngine.Companion companion = epl == null || cepDir == null ? RuleEngine.Companion.NONE : () -> {
            try {
                CepModules.Plan plan = epl.compileReload(cepDir);
                return new RuleEngine.Prepared(List.of(), () -> {
                    try {
                        epl.applyReload(plan);
                    } catch (CepException e) {
                        throw new RuleBuildException(e.errors());
                    }
                });
            } catch (CepException e) {
                return new RuleEngine.Prepared(e.errors(), () -> { });
            }
        };
        Executor wakeAfter = task -> reloadExecutor.execute(() -> {
            try {
                task.run();
            } finally {
                inbox.post(new KernelCommand.Status(new CompletableFuture<>()));
            }
        });
        CompletableFuture<RulesSwap> swap = rules.requestReload(settings.rulesDir(), cepDir, r.trigger(), wakeAfter,
                companion);
        swap.whenComplete((s, e) -> {
            if (e != null) {
                r.done().completeExceptionally(e);
            } else {
                r.done().complete(s);
            }
        });
    }

    // ---- decisions ----------------------------------------------------------------------------------------------

    private void decide(String symbol, String trigger, long now) {
        if (Decision.BAR_CLOSE.equals(trigger)) {
            pending.remove(symbol);
        }
        if (mustReconcile || history) {
            return;   // no decision before the venue has been reconciled
        }
        MarketState state = market.marketState(symbol, now, Decision.BAR_CLOSE.equals(trigger));
        if (state == null) {
            return;
        }
        dirty = true;
        String id = audit.id(symbol, now, trigger);
        double equity = portfolio.equity();
        RiskState riskState = risk.riskState(symbol, now, equity, portfolio, orders);
        HardHalts.Verdict halt = halts.evaluate(new HardHalts.Inputs(symbol, now, state.getMove1m(),
                market.feedSilentMs(symbol, now), venueHealth.get(symbol), venueUp, riskState.drawdown()));
        actions.begin();
        boolean alreadyHalted = halt.pauseUntil() == Long.MAX_VALUE && risk.pausedUntil() == Long.MAX_VALUE;
        List<Decision.ActionRecord> actionRecords = new ArrayList<>(alreadyHalted ? List.of()
                : actions.halt(halt, symbol, now, id));
        String modelVersion = settings.modelVersion();
        List<Object> ml = scorer.facts(symbol, now);
        for (Object f : ml) {
            if (f instanceof MlScore score) {
                latestScores.put(symbol, score);
                if (score.getModelVersion() != null) {
                    modelVersion = score.getModelVersion();
                }
            }
        }
        List<PatternFact> mine = new ArrayList<>(2);
        for (PatternFact p : patterns) {
            if (symbol.equals(p.getSymbol())) {
                mine.add(p);
            }
        }
        patterns.removeIf(p -> symbol.equals(p.getSymbol()));
        Portfolio.Position position = portfolio.position(symbol);
        List<OpenOrderState> open = new ArrayList<>();
        for (ManagedOrder o : orders.openOrders()) {
            if (o.symbol().equals(symbol)) {
                open.add(new OpenOrderState(symbol, o.linkId(), o.intent().side(), o.purpose().label(),
                        o.intent().qtyValue(), o.intent().priceValue()));
            }
        }
        List<Object> facts = DecisionFacts.of(state)
                .account(new AccountState(equity, risk.peakEquity(), portfolio.openPositions().size()))
                .risk(riskState)
                .venue(venueHealth.getOrDefault(symbol, VenueHealth.healthy(symbol)))
                .ml(ml)
                .patterns(mine)
                .position(position == null ? null : new PositionState(symbol, position.side(), position.qty(),
                        position.avgEntry(), position.entryTime(), (now - position.entryTime()) / 60_000.0,
                        position.unrealized(state.getClose()), position.strategy()))
                .orders(open)
                .list();
        RuleOutcome outcome = rules.session().decide(facts);
        actionRecords.addAll(actions.execute(outcome.actions(), now, id));
        position = portfolio.position(symbol);

        Decision.Verdict verdict;
        Decision.ProposalRecord proposalRecord = null;
        Proposal clear = outcome.firstClearProposal();
        Proposal shown = clear != null ? clear : outcome.proposals().isEmpty() ? null : outcome.proposals().getFirst();
        if (shown != null) {
            proposalRecord = new Decision.ProposalRecord(shown.getSide().name(), shown.getStrategy(), shown.getRule(),
                    shown.getEntryType(), shown.getEntryPrice(), shown.getStopPrice(), shown.getTargetPrice(),
                    outcome.sizeMultiplier(shown), shown.getReason(),
                    shown.getTargets().stream().map(t -> new Decision.TargetRecord(t.price(), t.fraction())).toList(),
                    shown.getRunnerFraction());
        }
        if (position != null && !outcome.exits().isEmpty() && !actions.flattened(symbol)) {
            ExitSignal exit = outcome.exits().getFirst();
            String linkId = orders.submitExit(symbol, exit.getReason(), now, id);
            verdict = new Decision.Verdict("exit", exit.getReason() + " by rule '" + exit.getRule() + "'", null, null, linkId);
        } else if (shown == null) {
            verdict = new Decision.Verdict("none", outcome.vetoes().isEmpty() ? "no proposal"
                    : "no proposal; vetoed: " + vetoSummary(outcome.vetoes()), null, null, null);
        } else if (clear == null) {
            verdict = new Decision.Verdict("vetoed", vetoSummary(outcome.vetoesOf(shown)), null, null, null);
        } else if (!Decision.BAR_CLOSE.equals(trigger) && !Decision.PATTERN.equals(trigger)) {
            verdict = new Decision.Verdict("none", "entries are taken at bar closes and pattern detections, not at "
                    + trigger, null, null, null);
        } else {
            String ban = halt.entryBan() != null ? halt.entryBan() : fallback != null && !fallbackTradable
                    ? "market data from the " + fallback + " fallback feed (run.trade_on_fallback is off)" : null;
            RiskContext ctx = new RiskContext(riskState.drawdown(), riskState.dailyPnl(), riskState.openRisk(),
                    risk.isPaused(now), ban);
            verdict = submitEntry(clear, outcome.sizeMultiplier(clear), equity, state.getAtr(), now,
                    orders.isActive(symbol), ctx, id);
        }
        String marketDigest = state.digest();
        List<String> patternNames = mine.stream().map(PatternFact::getName).toList();
        record(new Decision(id, Instant.ofEpochMilli(now).toString(), symbol, trigger,
                outcome.rulesFired(), outcome.vetoes().stream()
                        .map(v -> new Decision.VetoRecord(v.getTier(), v.getRule(), v.getReason(),
                                v.getSide() == null ? null : v.getSide().name())).toList(),
                proposalRecord, verdict,
                outcome.exits().stream().map(x -> new Decision.ExitRecord(x.getRule(), x.getReason())).toList(),
                patternNames, marketDigest, rules.rulesetHash(), modelVersion, actionRecords,
                outcome.sizeFactors().stream().map(f -> new Decision.SizeFactorRecord(f.getName(), f.getFactor(),
                        f.getRule(), f.getReason())).toList(),
                outcome.skipped().stream().map(k -> new Decision.SkipRecord(k.getTier(), k.getRule(), k.getReason())).toList(),
                audit.digest(marketDigest + " | " + riskState + " | patterns=" + patternNames),
                market.microstructureSource(symbol), fallback));
    }

    private void record(Decision decision) {
        journal.record(decision);
        newDecisions.add(decision);
    }

    private void alert(Action action, long now) {
        ruleAlerts.accept(action);
        notifier.notify(new Notifier.Alert(Notifier.Level.CRITICAL, action.getAlertType(), action.getSymbol(), now,
                action.getReason()));
    }

    /**
     * The proposal's take-profit ladder as ATR multiples of its distance from the entry, for the order manager;
     * null (the configured ladder) when the ATR is unknown or the targets are not beyond the entry in order.
     */
    static TakeProfitLadder ladderOf(Proposal p, double atr) {
        List<TakeProfit> targets = p.getTargets();
        if (targets.isEmpty()) {
            return TakeProfitLadder.NONE;
        }
        if (!(atr > 0)) {
            return null;
        }
        double[] multiples = new double[targets.size()];
        double[] fractions = new double[targets.size()];
        double sign = p.isLong() ? 1 : -1;
        for (int i = 0; i < targets.size(); i++) {
            multiples[i] = sign * (targets.get(i).price() - p.getEntryPrice()) / atr;
            fractions[i] = targets.get(i).fraction();
            if (!(multiples[i] > 0) || i > 0 && multiples[i] <= multiples[i - 1]) {
                return null;
            }
        }
        return new TakeProfitLadder(multiples, fractions);
    }

    private static String vetoSummary(List<Veto> vetoes) {
        StringBuilder sb = new StringBuilder();
        for (Veto v : vetoes) {
            sb.append(sb.isEmpty() ? "" : "; ").append(v.getTier()).append(": ").append(v.getReason());
        }
        return sb.toString();
    }

    private Decision.Verdict submitEntry(Proposal p, double sizeMultiplier, double equity, double atr, long now,
                                         boolean positionOpen, RiskContext ctx, String decisionId) {
        Instrument instrument = settings.instruments().get(p.getSymbol());
        RiskVerdict verdict = riskGuard.evaluate(p, sizeMultiplier, equity, instrument, positionOpen, ctx);
        if (!verdict.accepted()) {
            return new Decision.Verdict("rejected", verdict.reason(), null, null, null);
        }
        String linkId = orders.submitEntry(new EntryRequest(p.getSymbol(), p.getSide(),
                "limit".equalsIgnoreCase(p.getEntryType()), p.getEntryPrice(), verdict.qty(), verdict.stopPrice(), atr,
                p.getTargetPrice(), ladderOf(p, atr), p.getStrategy(), p.getRule(), now, decisionId));
        return new Decision.Verdict("accepted", verdict.reason(), verdict.qty().toPlainString(),
                verdict.stopPrice().toPlainString(), linkId);
    }

    /** One account journal row per event time (allocation-free; see {@link EquityCurve}). */
    private void recordEquity(long time) {
        double unrealized = portfolio.unrealized();
        double equity = portfolio.cash() + unrealized;
        risk.onEquity(equity);
        double exposure = portfolio.hasOpenPositions() ? portfolio.exposure() : 0;
        equityCurve.record(time, equity, portfolio.cash(), unrealized, portfolio.feesPaid(), portfolio.fundingPaid(),
                exposure / portfolio.leverage(), exposure);
    }

    /**
     * Closes every open position at its symbol's last price, as a taker, at the time of the last market event (see
     * {@link OrderManager#closeAll}).
     */
    public void closeAll(String reason, double takerFee) {
        long at = lastEventTime == Long.MIN_VALUE ? clock.millis() : lastEventTime;
        orders.closeAll(reason, takerFee, at, market.lastPrices());
        if (!equityCurve.isEmpty()) {
            recordEquity(equityCurve.time(equityCurve.size() - 1));
        }
        send();
    }

    // ---- state --------------------------------------------------------------------------------------------------

    /** The state the journal keeps (see {@link KernelState}). */
    public KernelState state() {
        return new KernelState(KernelState.VERSION, clock.millis(), lastEventTime, rules.rulesetHash(),
                settings.modelVersion(), risk.state(), portfolio.state(RiskState.KELLY_WINDOW), orders.state());
    }

    /** The kernel's status now (on the kernel thread; {@link TradingControl#status} from other threads). */
    public KernelStatus status(long now) {
        List<KernelStatus.PositionView> positions = new ArrayList<>();
        for (Portfolio.Position p : portfolio.openPositions()) {
            positions.add(new KernelStatus.PositionView(p.symbol(), p.side().name(), p.size(), p.avgEntry(),
                    p.unrealized(), orders.stopPrice(p.symbol()), p.strategy()));
        }
        return new KernelStatus(settings.mode(), risk.isPaused(now), risk.pauseReason(now), settings.tradedSymbols(),
                portfolio.equity(), portfolio.cash(), positions, orders.openOrders().size(), rules.rulesetHash(),
                settings.modelVersion(), !mustReconcile, venueUp, now, fallback);
    }

    /** The session's trades, risk and latest scores now (on the kernel thread; {@link TradingControl#report}). */
    public KernelReport report(long now) {
        double equity = portfolio.equity();
        return new KernelReport(status(now), List.copyOf(portfolio.closedTrades()), risk.peakEquity(),
                risk.drawdown(equity), risk.dailyPnl(equity), portfolio.exposure(),
                RiskBook.openRisk(equity, portfolio, orders), riskGuard.limits(), settings.halts(),
                Map.copyOf(latestScores));
    }

    public KernelInbox inbox() {
        return inbox;
    }

    /** The command layer for the control API and Telegram. */
    public TradingControl control() {
        return control;
    }

    /** The account journal of the run, one row per event time; read as a list of {@link EquityPoint}s. */
    public EquityCurve equityCurve() {
        return equityCurve;
    }

    public OrderManager orders() {
        return orders;
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    /** The venue behind the kernel's outbox. */
    public ExecutionVenue venue() {
        return outbox.venue();
    }

    /** The rules in force (hot-swappable between events). */
    public RuleEngine rules() {
        return rules;
    }

    public KernelSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** Bars of traded symbols processed so far. */
    public long barsProcessed() {
        return bars;
    }

    /** The latest market event time handled (a resumed session continues after it). */
    public long lastEventTime() {
        return lastEventTime;
    }

    /** Whether the kernel waits for the answer to a start or reconnect reconciliation (no decision meanwhile). */
    public boolean isReconciling() {
        return mustReconcile;
    }

    /** The last reconciliation's report, or null before the first. */
    public ReconcileReport lastReconcile() {
        return lastReconcile;
    }

    public boolean isPaused() {
        return risk.isPaused(clock.millis());
    }
}
