package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Venue-agnostic order handling for the kernel, on top of an asynchronous venue. It works sized entries
 * ({@link EntryWorker}), keeps every order's state machine and the no-assumption protocol ({@link OrderRegistry}),
 * books each fill once in the {@link Portfolio}, keeps every position protected ({@link StopProtection}), manages
 * the open position (take-profit ladder, breakeven, {@link TrailingStop}, {@link TimeStop}, exits the rules ask
 * for) and reconciles with the venue ({@link Reconciler}). Exits are reduce-only.
 *
 * <p>Every venue message comes in through {@link #onVenueEvent} and every timer through {@link #onTimer}, on the
 * kernel thread, in any order a real exchange may send them: a status before its execution ({@code Filled} before
 * the last fill, a cancel before the partial fill it followed), twice, late. An exit's fill that arrives before
 * the entry fill it reduces waits for it (it is never booked as a new position). Times are event times given by
 * the caller; nothing here reads a clock. The whole state is journaled ({@link #state()}) and restored after a
 * restart ({@link #restore}), timers re-armed.
 */
public final class OrderManager {
    /** Booked fills kept to compare positions with a venue snapshot taken a little earlier. */
    static final int RECENT_FILLS = 2_000;

    private final Map<String, Instrument> instruments;
    private final Portfolio portfolio;
    private final ExecutionPolicy policy;
    private final OrderRegistry registry = new OrderRegistry(this);
    private final EntryWorker entries = new EntryWorker(this);
    private final StopProtection stops = new StopProtection(this);
    private final Reconciler reconciler = new Reconciler(this);
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Map<String, Double> lastPrices = new HashMap<>();
    /** Reduce-only fills that arrived before the fills they reduce, in arrival order. */
    private final List<Fill> parked = new ArrayList<>();
    private final ArrayDeque<BookedFill> recent = new ArrayDeque<>();
    private final Map<String, BigDecimal> venuePositions = new LinkedHashMap<>();
    private ExecutionVenue venue;
    private Scheduler scheduler = (at, kind, key, symbol) -> { };
    private ExecutionEvents events = ExecutionEvents.NONE;
    private long lastExecutionTime = Long.MIN_VALUE;

    /** A fill booked: which, when, and how it moved the symbol's signed position. */
    record BookedFill(String execId, String symbol, long time, BigDecimal signedQty) {
    }

    public OrderManager(Map<String, Instrument> instruments, Portfolio portfolio) {
        this(instruments, portfolio, ExecutionPolicy.DEFAULT);
    }

    public OrderManager(Map<String, Instrument> instruments, Portfolio portfolio, ExecutionPolicy policy) {
        this.instruments = Map.copyOf(instruments);
        this.portfolio = portfolio;
        this.policy = policy;
    }

    /** Connects the venue orders go to, the scheduler of timers, and where booked fills and alerts go. */
    public void connect(ExecutionVenue venueToUse, Scheduler timers, ExecutionEvents listener) {
        this.venue = venueToUse;
        this.scheduler = timers;
        this.events = listener;
    }

    public ExecutionVenue venue() {
        return venue;
    }

    public ExecutionPolicy policy() {
        return policy;
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    OrderRegistry registry() {
        return registry;
    }

    Map<String, Plan> plans() {
        return plans;
    }

    Instrument instrument(String symbol) {
        Instrument instrument = instruments.get(symbol);
        if (instrument == null) {
            throw new IllegalArgumentException("no instrument settings for " + symbol);
        }
        return instrument;
    }

    void alert(ExecutionEvents.Severity severity, String type, String symbol, String text, long now) {
        events.onAlert(severity, type, symbol, text, now);
    }

    /** The last price of a symbol the kernel has seen (slices and re-pricing use it), else {@code fallback}. */
    double lastPrice(String symbol, double fallback) {
        Double p = lastPrices.get(symbol);
        return p != null ? p : fallback;
    }

    /** The symbol's latest traded or closing price. */
    public void mark(String symbol, double price) {
        lastPrices.put(symbol, price);
    }

    // ---- queries ----------------------------------------------------------------------------------------------

    /** Whether the symbol has a position or an entry being worked (a new entry is refused then). */
    public boolean isActive(String symbol) {
        return plans.containsKey(symbol) || portfolio.position(symbol) != null;
    }

    public boolean hasPendingEntry(String symbol) {
        Plan plan = plans.get(symbol);
        return plan != null && !plan.entryDone;
    }

    /** The tracked order with this link id, or null. */
    public ManagedOrder order(String linkId) {
        return registry.get(linkId);
    }

    /** Every tracked order that is not terminal, in sending order. */
    public List<ManagedOrder> openOrders() {
        return registry.all().stream().filter(ManagedOrder::isOpen).toList();
    }

    /** The protective stop price the venue has confirmed for the symbol's position, NaN without one. */
    public double stopPrice(String symbol) {
        Plan plan = plans.get(symbol);
        return plan == null || plan.stop == null || !plan.stop.isOpen() ? Double.NaN : plan.stop.intent().priceValue();
    }

    /** The symbol's protective stop order, or null. */
    public ManagedOrder stopOrder(String symbol) {
        Plan plan = plans.get(symbol);
        return plan == null ? null : plan.stop;
    }

    /** Open take-profit orders of the symbol. */
    public List<ManagedOrder> targets(String symbol) {
        Plan plan = plans.get(symbol);
        return plan == null ? List.of() : plan.targets.stream().filter(ManagedOrder::isOpen).toList();
    }

    boolean exitInFlight(String symbol) {
        Plan plan = plans.get(symbol);
        if (plan != null && plan.exitInFlight()) {
            return true;
        }
        for (ManagedOrder o : registry.all()) {
            if (o.isOpen() && o.symbol().equals(symbol) && o.purpose() == OrderPurpose.EXIT
                    && o.intent().type() == OrderType.MARKET && (plan == null || !plan.orders().contains(o))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the open position of the symbol is protected: a live stop (or a market exit in flight) for at least
     * its whole quantity, as requested from the venue, or reduce-only fills the venue has reported for it whose
     * executions have not arrived yet (its {@code Filled} status came first). True when flat.
     */
    public boolean isProtected(String symbol) {
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            return true;
        }
        if (exitInFlight(symbol)) {
            return true;
        }
        Plan plan = plans.get(symbol);
        ManagedOrder stop = plan == null ? null : plan.stop;
        if (stop != null && stop.isOpen() && stop.targetQty().subtract(stop.filledQty()).compareTo(position.size()) >= 0) {
            return true;
        }
        // the venue reports reduce-only fills whose executions are still on their way: the position is closed there
        BigDecimal reported = BigDecimal.ZERO;
        for (ManagedOrder o : registry.all()) {
            if (o.symbol().equals(symbol) && o.intent().reduceOnly() && !o.isReconciled()) {
                reported = reported.add(o.venueCumQty().subtract(o.filledQty()));
            }
        }
        return reported.compareTo(position.size()) >= 0;
    }

    /** The venue's last reported position in the symbol (its position stream), null before the first report. */
    public BigDecimal venuePosition(String symbol) {
        return venuePositions.get(symbol);
    }

    /** The time of the latest execution booked (reconciliation asks for executions from there on). */
    public long lastExecutionTime() {
        return lastExecutionTime;
    }

    /**
     * Where a reconciliation should ask for executions from: the oldest order not done yet, or the latest booked
     * execution, whichever is earlier, less a minute of margin for clocks.
     */
    public long executionsSince() {
        long since = lastExecutionTime == Long.MIN_VALUE ? Long.MIN_VALUE : lastExecutionTime;
        for (ManagedOrder o : registry.all()) {
            if (!o.isDone()) {
                since = since == Long.MIN_VALUE ? o.sentAt() : Math.min(since, o.sentAt());
            }
        }
        for (Fill f : parked) {
            since = since == Long.MIN_VALUE ? f.time() : Math.min(since, f.time());
        }
        return since == Long.MIN_VALUE ? 0 : since - 60_000;
    }

    // ---- requests from the kernel -------------------------------------------------------------------------------

    /** Sends an entry; the stop is placed with the first fill and the take-profit ladder when the entry is done. */
    public String submitEntry(EntryRequest r) {
        if (isActive(r.symbol())) {
            throw new IllegalStateException("an entry or position in " + r.symbol() + " is already active");
        }
        return entries.submit(r);
    }

    /**
     * Closes the symbol's whole position at market (reduce-only) with {@code reason} as the exit reason, and
     * cancels entry orders still being worked. Returns the exit's link id, or null without a position (an entry
     * still in flight is then closed as soon as it has filled).
     */
    public String submitExit(String symbol, String reason, long now) {
        return submitExit(symbol, reason, now, "");
    }

    /** {@link #submitExit(String, String, long)} on behalf of a decision (the trade's exit_decision_id). */
    public String submitExit(String symbol, String reason, long now, String decisionId) {
        Plan plan = plans.get(symbol);
        if (plan != null) {
            entries.cancel(plan);
            if (plan.closing == null) {
                plan.closing = reason;
                plan.exitDecision = decisionId == null ? "" : decisionId;
            }
        }
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            if (plan != null && entries.allDone(plan, now)) {
                plans.remove(symbol);
                plan.orders().forEach(o -> registry.forgetIfDone(o, now));
            }
            return null;
        }
        if (plan != null && plan.exitInFlight()) {
            return plan.exit.linkId();
        }
        String linkId = registry.nextLinkId(symbol, now, "x");
        OrderIntent intent = new OrderIntent(linkId, symbol, position.side().opposite(), OrderType.MARKET,
                position.size(), null, true, OrderPurpose.EXIT, reason, now);
        ManagedOrder order = registry.send(intent, now);
        if (plan != null) {
            plan.exit = order;
        }
        return linkId;
    }

    /**
     * A rule's reduce action: closes {@code fraction} of the position at market (reduce-only, quantity floored to
     * the step); the stop follows the smaller position. Returns the order's link id, or null when flat or too small.
     */
    public String submitReduce(String symbol, double fraction, String reason, long now) {
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null || exitInFlight(symbol)) {
            return null;
        }
        BigDecimal qty = instrument(symbol).floorQty(position.qty() * fraction);
        if (qty.signum() <= 0) {
            return null;
        }
        String linkId = registry.nextLinkId(symbol, now, "r");
        registry.send(new OrderIntent(linkId, symbol, position.side().opposite(), OrderType.MARKET, qty, null, true,
                OrderPurpose.EXIT, reason, now), now);
        return linkId;
    }

    /**
     * A rule's cancel-all action: cancels every order of the symbol that does not protect an open position. When
     * flat, everything goes (pending entries included); with a position, the entries still being worked go and its
     * stop and targets stay, so that a position is never left without its stop (a flatten closes it).
     */
    public void cancelAll(String symbol, long now) {
        Plan plan = plans.get(symbol);
        if (portfolio.position(symbol) == null) {
            if (plan != null) {
                entries.cancel(plan);
                plan.closing = plan.closing == null ? "cancelled" : plan.closing;
                if (entries.allDone(plan, now)) {
                    plans.remove(symbol);
                    plan.orders().forEach(o -> registry.forgetIfDone(o, now));
                }
            }
            if (hasOpenOrders(symbol)) {
                venue.cancelAll(symbol);
            }
        } else if (plan != null) {
            entries.cancel(plan);
        }
    }

    /**
     * At a strategy bar close: the time stop (while TP1 has not been reached), then trailing of the stop once TP1
     * has filled (or from the entry when the position has no take-profit orders).
     */
    public void onStrategyBar(String symbol, Bar bar, long now) {
        Plan plan = plans.get(symbol);
        Portfolio.Position position = portfolio.position(symbol);
        if (plan == null || position == null || !plan.entryDone || plan.exitInFlight() || plan.closing != null) {
            return;
        }
        if (TimeStop.due(plan, position, policy, now)) {
            submitExit(symbol, "time_stop", now);
            return;
        }
        Instrument instrument = instrument(symbol);
        double candidate = plan.trailing.update(bar, position.avgEntry(), policy, instrument.tickSize().doubleValue());
        boolean active = plan.tp1Hit || plan.targets.isEmpty();
        if (!active || !policy.trailing() || plan.stop == null || !plan.stop.isOpen() || Double.isNaN(candidate)) {
            return;
        }
        BigDecimal price = instrument.roundPrice(candidate, plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING);
        double p = price.doubleValue();
        boolean improves = plan.isLong ? price.compareTo(plan.stopPrice) > 0 && p < bar.close()
                : price.compareTo(plan.stopPrice) < 0 && p > bar.close();
        if (improves) {
            stops.move(plan, price, "trailing", now);
        }
    }

    // ---- what the venue says ------------------------------------------------------------------------------------

    /**
     * A venue message, in whatever order and multiplicity it arrives. Returns the reconciliation report for a
     * {@link VenueSnapshot}, else null.
     */
    public ReconcileReport onVenueEvent(VenueEvent event, long now) {
        switch (event) {
            case OrderUpdate u -> onOrderUpdate(u, now);
            case Fill f -> onFill(f, now);
            case OrderNotFound n -> {
                ManagedOrder rejected = registry.onNotFound(n, now);
                if (rejected != null) {
                    onStatusChange(rejected, now);
                }
            }
            case RequestRejected r -> onRequestRejected(r, now);
            case PositionReport p -> venuePositions.put(p.symbol(), p.size());
            case VenueSnapshot s -> {
                return reconciler.apply(s, now);
            }
            case FundingPayment f -> portfolio.bookFunding(f);
            case WalletReport w -> { }
            case VenueConnection c -> { }
            case VenueHealthReport h -> { }
        }
        return null;
    }

    /** A timer of the order manager came due. */
    public void onTimer(Timer t, long now) {
        switch (t.kind()) {
            case EntryWorker.SLICE -> entries.onSliceTimer(t.key(), now);
            case EntryWorker.FILL_TIMEOUT -> entries.onFillTimeout(t.key(), now);
            case StopProtection.RESIZE -> stops.onResizeTimer(plans.get(t.symbol()), now);
            case OrderRegistry.ACK, OrderRegistry.QUERY, OrderRegistry.EXEC_WAIT -> {
                ManagedOrder changed = registry.onTimer(t, now);
                if (changed != null) {
                    onStatusChange(changed, now);
                }
            }
            default -> throw new IllegalArgumentException("not an order-manager timer: " + t.kind());
        }
    }

    /**
     * Whether a timer kind waits for a venue's answer (ack, query, execution wait, a refused stop resize tried
     * again): with a real venue it runs on the wall clock, since the exchange answers in wall time however fast its
     * market runs.
     */
    public static boolean isVenueTimeout(String kind) {
        return switch (kind) {
            case OrderRegistry.ACK, OrderRegistry.QUERY, OrderRegistry.EXEC_WAIT, StopProtection.RESIZE -> true;
            default -> false;
        };
    }

    /** Whether a timer kind belongs to the order manager. */
    public static boolean ownsTimer(String kind) {
        return switch (kind) {
            case EntryWorker.SLICE, EntryWorker.FILL_TIMEOUT, OrderRegistry.ACK, OrderRegistry.QUERY,
                 OrderRegistry.EXEC_WAIT, StopProtection.RESIZE -> true;
            default -> false;
        };
    }

    void onOrderUpdate(OrderUpdate update, long now) {
        ManagedOrder order = registry.get(update.linkId());
        if (order == null) {
            return;
        }
        boolean changed = order.apply(update);
        if (!order.isReconciled()) {
            registry.expectExecutions(order, now);
        }
        if (changed) {
            onStatusChange(order, now);
        }
    }

    private void onStatusChange(ManagedOrder order, long now) {
        Plan plan = plans.get(order.symbol());
        if (plan == null || !plan.orders().contains(order)) {
            registry.forgetIfDone(order, now);
            return;
        }
        if (!order.status().isTerminal()) {
            return;
        }
        switch (order.purpose()) {
            case ENTRY -> entries.maybeFinish(plan, now);
            case STOP -> {
                if (order == plan.stop && order.status() != OrderStatus.FILLED) {
                    stops.onStopLost(plan, order, now);
                } else if (order == plan.stop && !isProtected(plan.symbol())) {
                    // filled for less than the journal's position (reduce-only trimmed it: fills are missing here);
                    // a new stop covers the rest until the book is straight again
                    stops.protect(plan, now);
                }
            }
            case EXIT -> {
                if (order == plan.exit && order.status() != OrderStatus.FILLED) {
                    plan.exit = null;
                    if (portfolio.position(plan.symbol()) != null && plan.closing != null) {
                        submitExit(plan.symbol(), plan.closing, now, plan.exitDecision);
                    }
                }
            }
            default -> { }
        }
    }

    private void onRequestRejected(RequestRejected r, long now) {
        ManagedOrder order = registry.get(r.linkId());
        if (order != null && "amend".equals(r.request())) {
            order.amendRefused();
            Plan plan = plans.get(order.symbol());
            if (plan != null && order == plan.stop && order.intent().price() != null) {
                plan.stopPrice = order.intent().price();
            }
            if (plan != null && order == plan.stop) {
                stops.onAmendRefused(plan, r.reason(), now);
            }
        }
    }

    /** Whether this execution is already booked (or waiting for the fill it reduces). */
    boolean hasBooked(Fill f) {
        ManagedOrder order = registry.get(f.orderLinkId());
        if (order != null && order.hasExecution(f.execId())) {
            return true;
        }
        if (portfolio.hasSeen(f.execId())) {
            return true;
        }
        for (Fill p : parked) {
            if (p.execId().equals(f.execId())) {
                return true;
            }
        }
        return false;
    }

    void onFill(Fill fill, long now) {
        if (hasBooked(fill)) {
            return;
        }
        book(fill, now);
    }

    private void book(Fill fill, long now) {
        String symbol = fill.symbol();
        ManagedOrder order = registry.get(fill.orderLinkId());
        boolean reduceOnly = order != null ? order.intent().reduceOnly()
                : fill.purpose() != null && fill.purpose().reduces();
        Portfolio.Position position = portfolio.position(symbol);
        if (reduceOnly && (position == null || position.side() == fill.side() || position.size().compareTo(fill.qty()) < 0)) {
            parked.add(fill);   // it reduces a position whose fills have not all arrived yet
            return;
        }
        if (order != null) {
            order.apply(fill);
        }
        Plan plan = plans.get(symbol);
        lastExecutionTime = Math.max(lastExecutionTime, fill.time());
        remember(fill);
        if (order != null && order.purpose() == OrderPurpose.ENTRY && plan != null && plan.entries.contains(order)) {
            boolean first = position == null;
            portfolio.apply(fill, plan.request.strategy(), plan.request.rule(), "entry");
            if (first) {
                portfolio.setEntryDecision(symbol, plan.request.decisionId());
            }
            events.onFillBooked(fill, null);
            stops.protect(plan, now);
            entries.maybeFinish(plan, now);
            retryParked(symbol, now);
            return;
        }
        String reason = order != null ? order.intent().reason() : fill.reason() != null ? fill.reason() : "external";
        TradeRecord closed = portfolio.apply(fill, order == null ? "external" : "", "", reason);
        if (closed != null && plan != null && order != null && order == plan.exit && !plan.exitDecision.isEmpty()) {
            portfolio.setExitDecision(closed.id(), plan.exitDecision);
            closed = closed.withExitDecision(plan.exitDecision);
        }
        events.onFillBooked(fill, closed);
        Portfolio.Position after = portfolio.position(symbol);
        if (after == null) {
            flat(symbol, now);
            return;
        }
        if (closed != null || plan == null) {
            stops.closeUnexpected(symbol, closed != null ? "a fill larger than the position flipped it"
                    : "fill " + fill.execId() + " of " + (order == null ? "an order Kairos did not send (" + fill.orderLinkId() + ")"
                    : "order " + order.linkId() + ", whose position has no plan"), now);
            return;
        }
        if (!reduceOnly) {
            alert(ExecutionEvents.Severity.CRITICAL, "UNEXPECTED_FILL", symbol, "fill " + fill.execId() + " of "
                    + fill.orderLinkId() + " added " + fill.qty().toPlainString() + " to the position: the stop follows it", now);
        }
        if (order != null && order.purpose() == OrderPurpose.TARGET && !plan.tp1Hit) {
            plan.tp1Hit = true;
            stops.breakeven(plan, now);
        }
        stops.protect(plan, now);
        if (plan.closing != null && !plan.exitInFlight() && plan.entryDone) {
            submitExit(symbol, plan.closing, now, plan.exitDecision);
        }
    }

    private void retryParked(String symbol, long now) {
        List<Fill> waiting = null;
        for (Fill f : parked) {
            if (f.symbol().equals(symbol)) {
                (waiting == null ? waiting = new ArrayList<>() : waiting).add(f);
            }
        }
        if (waiting == null) {
            return;
        }
        parked.removeAll(waiting);
        for (Fill f : waiting) {
            book(f, now);
        }
    }

    private void remember(Fill fill) {
        recent.addLast(new BookedFill(fill.execId(), fill.symbol(), fill.time(),
                fill.side() == Side.Buy ? fill.qty() : fill.qty().negate()));
        while (recent.size() > RECENT_FILLS) {
            recent.removeFirst();
        }
    }

    /**
     * The symbol's signed position as a venue snapshot sees it: the portfolio's, less the fills booked that the
     * snapshot's positions do not include (made after it was taken), plus the reduce-only fills they include that
     * still wait for the fills they reduce. By execution id: at the snapshot's own millisecond the venue may have
     * filled orders both before and after it read its positions.
     */
    BigDecimal sizeAt(String symbol, VenueSnapshot.Inclusion snapshot) {
        BigDecimal size = portfolio.signedSize(symbol);
        for (BookedFill f : recent) {
            if (f.symbol().equals(symbol) && !snapshot.includes(f.execId(), f.time())) {
                size = size.subtract(f.signedQty());
            }
        }
        for (Fill f : parked) {
            if (f.symbol().equals(symbol) && snapshot.includes(f.execId(), f.time())) {
                size = size.add(f.side() == Side.Buy ? f.qty() : f.qty().negate());
            }
        }
        return size;
    }

    Set<String> parkedSymbols() {
        Set<String> out = new LinkedHashSet<>();
        parked.forEach(f -> out.add(f.symbol()));
        return out;
    }

    /** Reduce-only fills waiting for the fills they reduce. */
    public List<Fill> parkedFills() {
        return List.copyOf(parked);
    }

    /** Every open position protected: its plan's stop placed or resized, or closed when no plan accounts for it. */
    void protectAll(long now) {
        for (Portfolio.Position p : List.copyOf(portfolio.openPositions())) {
            Plan plan = plans.get(p.symbol());
            if (plan == null) {
                stops.closeUnexpected(p.symbol(), "reconciliation", now);
            } else if (plan.closing != null && plan.entryDone) {
                submitExit(p.symbol(), plan.closing, now, plan.exitDecision);
            } else {
                stops.protect(plan, now);
            }
        }
    }

    private boolean hasOpenOrders(String symbol) {
        for (ManagedOrder o : registry.all()) {
            if (o.isOpen() && o.symbol().equals(symbol)) {
                return true;
            }
        }
        return false;
    }

    /** The position is flat: nothing of it may stay on the venue. */
    private void flat(String symbol, long now) {
        Plan plan = plans.remove(symbol);
        if (hasOpenOrders(symbol)) {
            venue.cancelAll(symbol);
        }
        if (plan != null) {
            plan.slices.clear();
            plan.orders().forEach(o -> registry.forgetIfDone(o, now));
        }
        for (ManagedOrder o : List.copyOf(registry.all())) {
            if (o.symbol().equals(symbol)) {
                registry.forgetIfDone(o, now);
            }
        }
    }

    /**
     * Closes every open position at the given last prices, as a taker, with exit reason {@code reason} (a
     * backtest ends with "end_of_data" so that the sum of trade PnL equals the change in equity).
     */
    public void closeAll(String reason, double takerFee, long now, Map<String, Double> prices) {
        List<String> worked = List.copyOf(plans.keySet());
        plans.clear();
        parked.clear();
        for (String symbol : worked) {
            venue.cancelAll(symbol);
        }
        for (Portfolio.Position p : List.copyOf(portfolio.openPositions())) {
            double price = prices.getOrDefault(p.symbol(), p.lastPrice());
            portfolio.apply(new Fill(reason + "-" + p.symbol() + "-" + now, registry.nextLinkId(p.symbol(), now, "z"),
                    p.symbol(), p.side().opposite(), p.size(), BigDecimal.valueOf(price), p.qty() * price * takerFee,
                    false, now, OrderPurpose.END_OF_DATA, reason), null, null, reason);
        }
    }

    // ---- journal ------------------------------------------------------------------------------------------------

    /** The order book of the kernel as the journal keeps it. */
    public record State(long linkSeq, List<ManagedOrder.State> orders, List<Plan.State> plans, List<Fill> parked,
                        long lastExecutionTime) {
    }

    public State state() {
        List<Plan.State> ps = new ArrayList<>();
        plans.values().forEach(p -> ps.add(p.state()));
        return new State(registry.seq(), registry.state(), ps, List.copyOf(parked), lastExecutionTime);
    }

    /** Takes a journaled state and re-arms its timers (acks, queries, fill timeouts, slices) at {@code now}. */
    public void restore(State s, long now) {
        registry.restore(s.linkSeq(), s.orders());
        plans.clear();
        for (Plan.State p : s.plans()) {
            Plan plan = Plan.restore(p, registry);
            plans.put(plan.symbol(), plan);
        }
        parked.clear();
        parked.addAll(s.parked());
        lastExecutionTime = s.lastExecutionTime();
        registry.rearm(now);
        for (Plan plan : plans.values()) {
            entries.rearm(plan, now);
        }
    }
}
