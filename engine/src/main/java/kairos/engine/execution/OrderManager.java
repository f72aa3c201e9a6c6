package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Venue-agnostic order handling for the kernel. It works a sized entry on the venue (limit with offset and fill
 * timeout, or market with a slippage bound; iceberg slices for large orders), keeps every order's state machine
 * ({@link ManagedOrder}), books each fill once in the {@link Portfolio}, and manages the open position: an
 * on-exchange stop sized to the position, the take-profit ladder, the stop to breakeven after TP1, trailing
 * (Parabolic SAR, share of the maximum open profit, market structure), the time stop, and exits the rules ask
 * for. Exits are reduce-only. An order without acknowledgement becomes UNKNOWN and is queried, never assumed
 * absent. Times are event times given by the caller; nothing here reads a clock.
 *
 * <p>Calls: {@link #submitEntry} and {@link #submitExit} at decisions; {@link #onBar} after the venue has matched
 * each feed bar (timeouts, re-pricing, iceberg slices, unknown orders); {@link #onStrategyBar} at each strategy
 * bar close (trailing, time stop); {@link #onFill} and {@link #onOrderUpdate} from the venue.
 */
public final class OrderManager implements FillListener {
    private static final double EPS = 1e-9;
    /** Queries of an unknown order that find nothing before it is taken as rejected. */
    static final int MAX_UNKNOWN_QUERIES = 3;

    private final Map<String, Instrument> instruments;
    private final Portfolio portfolio;
    private final ExecutionPolicy policy;
    private final Map<String, ManagedOrder> orders = new HashMap<>();
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Map<String, Integer> unknownQueries = new HashMap<>();
    /** Orders sent and not yet acknowledged (NEW or UNKNOWN), so the per-bar check touches only these. */
    private final Map<String, ManagedOrder> awaiting = new LinkedHashMap<>();
    private ExecutionVenue venue;
    private long seq;

    /** One position's life on the venue: its entry orders, protection and trailing state. */
    private static final class Plan {
        final EntryRequest request;
        final boolean isLong;
        final TakeProfitLadder ladder;
        final List<ManagedOrder> entries = new ArrayList<>(2);
        final List<Slice> slices = new ArrayList<>(0);
        final List<ManagedOrder> targets = new ArrayList<>(3);
        ManagedOrder stop;
        ManagedOrder exit;
        boolean entryDone;
        boolean tp1Hit;
        double stopPrice;
        double best = Double.NaN;
        ParabolicSar sar;
        final double[] highs;
        final double[] lows;
        int barCount;
        double swing = Double.NaN;
        long entryTime = Long.MIN_VALUE;

        Plan(EntryRequest request, TakeProfitLadder ladder, int swingBars) {
            this.request = request;
            this.isLong = request.side() == Side.Buy;
            this.ladder = ladder;
            this.stopPrice = request.stop();
            this.highs = new double[2 * swingBars + 1];
            this.lows = new double[2 * swingBars + 1];
        }

        double entryFilled() {
            double q = 0;
            for (ManagedOrder o : entries) {
                q += o.filledQty();
            }
            return q;
        }
    }

    /** An iceberg slice waiting for its send time. */
    private record Slice(long at, double qty) {
    }

    public OrderManager(Map<String, Instrument> instruments, Portfolio portfolio) {
        this(instruments, portfolio, ExecutionPolicy.DEFAULT);
    }

    public OrderManager(Map<String, Instrument> instruments, Portfolio portfolio, ExecutionPolicy policy) {
        this.instruments = Map.copyOf(instruments);
        this.portfolio = portfolio;
        this.policy = policy;
    }

    /** Connects the venue orders go to; its fills and updates must come back to this manager. */
    public void connect(ExecutionVenue venue) {
        this.venue = venue;
    }

    public ExecutionVenue venue() {
        return venue;
    }

    public ExecutionPolicy policy() {
        return policy;
    }

    /**
     * Deterministic orderLinkId, unique per intent: symbol (at most 12 chars), event time and a per-manager
     * sequence in base 36, and a tag for the order's role; at most 36 characters. The time keeps ids of a
     * restarted process apart from those sent before the restart.
     */
    public String nextLinkId(String symbol, long time, String tag) {
        String sym = symbol.length() > 12 ? symbol.substring(0, 12) : symbol;
        String id = "k" + sym + "-" + Long.toString(Math.max(0, time), 36) + "-" + Long.toString(++seq, 36) + tag;
        return id.length() <= OrderIntent.MAX_LINK_ID ? id : id.substring(id.length() - OrderIntent.MAX_LINK_ID);
    }

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
        return orders.get(linkId);
    }

    /** The current protective stop price of the symbol's position, NaN without one. */
    public double stopPrice(String symbol) {
        Plan plan = plans.get(symbol);
        return plan == null || plan.stop == null ? Double.NaN : plan.stop.intent().price();
    }

    /** Open take-profit orders of the symbol. */
    public List<ManagedOrder> targets(String symbol) {
        Plan plan = plans.get(symbol);
        return plan == null ? List.of() : plan.targets.stream().filter(ManagedOrder::isOpen).toList();
    }

    /** Sends an entry; the stop is placed with the first fill and the take-profit ladder when the entry is done. */
    public String submitEntry(EntryRequest r) {
        if (isActive(r.symbol())) {
            throw new IllegalStateException("an entry or position in " + r.symbol() + " is already active");
        }
        Instrument instrument = instrument(r.symbol());
        TakeProfitLadder ladder = r.ladder() != null ? r.ladder() : policy.ladder();
        Plan plan = new Plan(r, ladder, policy.swingBars());
        plans.put(r.symbol(), plan);
        double notional = r.qty() * r.refPrice();
        int n = (int) Math.min(50, Math.ceil(notional / policy.icebergSliceNotional() - EPS));
        double sliceQty = n > 1 ? instrument.floorQty(r.qty() / n).doubleValue() : r.qty();
        if (n > 1 && instrument.acceptable(BigDecimal.valueOf(sliceQty), r.refPrice())) {
            SplittableRandom jitter = new SplittableRandom(r.symbol().hashCode() * 31L + r.time());
            long at = r.time();
            for (int i = 1; i < n; i++) {
                at += Math.round(policy.icebergIntervalMs() * (0.5 + jitter.nextDouble()));
                double q = i == n - 1 ? round(instrument, r.qty() - sliceQty * (n - 1)) : sliceQty;
                plan.slices.add(new Slice(at, q));
            }
        } else {
            sliceQty = r.qty();
        }
        return sendEntry(plan, sliceQty, r.time(), r.refPrice());
    }

    private String sendEntry(Plan plan, double qty, long now, double ref) {
        EntryRequest r = plan.request;
        Instrument instrument = instrument(r.symbol());
        String linkId = nextLinkId(r.symbol(), now, "e");
        OrderIntent intent;
        if (r.limit()) {
            double price = instrument.roundPrice(ref * (1 - r.side().sign() * policy.limitOffset()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING).doubleValue();
            intent = new OrderIntent(linkId, r.symbol(), r.side(), OrderType.LIMIT, qty, price, false,
                    OrderPurpose.ENTRY, "entry", now);
        } else {
            double bound = instrument.roundPrice(ref * (1 + r.side().sign() * policy.maxSlippage()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING).doubleValue();
            intent = new OrderIntent(linkId, r.symbol(), r.side(), OrderType.MARKET, qty, 0, false,
                    OrderPurpose.ENTRY, "entry", now, bound);
        }
        ManagedOrder order = track(intent);
        plan.entries.add(order);
        venue.submit(intent);
        return linkId;
    }

    /**
     * A rule's cancel-all action: cancels every order of the symbol that does not protect an open position. When
     * flat, everything goes (pending entries included); with a position, the entries still being worked go and its
     * stop and targets stay, so that a position is never left without its stop (a flatten closes it).
     */
    public void cancelAll(String symbol) {
        Plan plan = plans.get(symbol);
        if (portfolio.position(symbol) == null) {
            flat(symbol);
        } else if (plan != null) {
            cancelEntries(plan);
        }
    }

    /**
     * Closes the symbol's whole position at market (reduce-only) with {@code reason} as the exit reason, and
     * cancels entry orders still being worked. Returns the exit's link id, or null without a position.
     */
    public String submitExit(String symbol, String reason, long now) {
        Plan plan = plans.get(symbol);
        if (plan != null) {
            cancelEntries(plan);
        }
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            if (plan != null) {
                plans.remove(symbol);
            }
            return null;
        }
        if (plan != null && plan.exit != null && plan.exit.isOpen()) {
            return plan.exit.linkId();
        }
        String linkId = nextLinkId(symbol, now, "x");
        OrderIntent intent = new OrderIntent(linkId, symbol, position.side().opposite(), OrderType.MARKET,
                position.qty(), 0, true, OrderPurpose.EXIT, reason, now);
        ManagedOrder order = track(intent);
        if (plan != null) {
            plan.exit = order;
        }
        venue.submit(intent);
        return linkId;
    }

    /**
     * A rule's reduce action: closes {@code fraction} of the position at market (reduce-only, quantity floored to
     * the step); the stop follows the smaller position. Returns the order's link id, or null when flat or too small.
     */
    public String submitReduce(String symbol, double fraction, String reason, long now) {
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            return null;
        }
        double qty = instruments.get(symbol).floorQty(position.qty() * fraction).doubleValue();
        if (!(qty > 0)) {
            return null;
        }
        String linkId = nextLinkId(symbol, now, "r");
        OrderIntent intent = new OrderIntent(linkId, symbol, position.side().opposite(), OrderType.MARKET, qty, 0, true,
                OrderPurpose.EXIT, reason, now);
        track(intent);
        venue.submit(intent);
        return linkId;
    }

    /**
     * After the venue has matched a feed bar of the symbol: sends due iceberg slices, handles entry fill timeouts
     * (accept a partial fill, re-price, or cancel) and queries unacknowledged orders.
     */
    public void onBar(String symbol, Bar bar, long now) {
        if (!awaiting.isEmpty()) {
            checkAcknowledgements(now);
        }
        Plan plan = plans.get(symbol);
        if (plan == null || plan.entryDone) {
            return;
        }
        while (!plan.slices.isEmpty() && plan.slices.getFirst().at() <= now) {
            Slice s = plan.slices.removeFirst();
            sendEntry(plan, s.qty(), now, bar.close());
        }
        for (ManagedOrder o : List.copyOf(plan.entries)) {
            if (o.isOpen() && o.intent().type() == OrderType.LIMIT && now >= o.pricedAt() + policy.fillTimeoutMs()) {
                onFillTimeout(plan, o, bar.close(), now);
            }
        }
        maybeFinishEntry(plan, now);
    }

    private void onFillTimeout(Plan plan, ManagedOrder o, double lastClose, long now) {
        double filled = plan.entryFilled();
        if (filled >= policy.minPartialFill() * plan.request.qty() - EPS) {
            venue.cancel(o.linkId());
            plan.slices.clear();
        } else if (o.reprices() < policy.maxReprices()) {
            Instrument instrument = instrument(plan.request.symbol());
            double price = instrument.roundPrice(lastClose * (1 - plan.request.side().sign() * policy.limitOffset()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING).doubleValue();
            if (venue.amend(o.linkId(), price, o.intent().qty(), now)) {
                o.amend(price, o.intent().qty(), now);
                o.countReprice();
            }
        } else {
            venue.cancel(o.linkId());
            plan.slices.clear();
        }
    }

    private void maybeFinishEntry(Plan plan, long now) {
        if (plan.entryDone || !plan.slices.isEmpty()) {
            return;
        }
        for (ManagedOrder o : plan.entries) {
            if (o.isOpen()) {
                return;
            }
        }
        plan.entryDone = true;
        String symbol = plan.request.symbol();
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            plans.remove(symbol);
            plan.entries.forEach(this::forget);
            return;
        }
        if (plan.entryFilled() < policy.minPartialFill() * plan.request.qty() - EPS) {
            submitExit(symbol, "partial_fill_below_min", now);
            return;
        }
        portfolio.setInitialRisk(symbol, position.qty() * Math.abs(position.avgEntry() - plan.request.stop()));
        placeTargets(plan, position, now);
    }

    private void placeTargets(Plan plan, Portfolio.Position position, long now) {
        EntryRequest r = plan.request;
        Instrument instrument = instrument(r.symbol());
        RoundingMode away = plan.isLong ? RoundingMode.CEILING : RoundingMode.FLOOR;
        Side exitSide = r.side().opposite();
        double entry = position.avgEntry();
        double total = position.qty();
        if (plan.ladder.levels() > 0 && Double.isFinite(r.atr()) && r.atr() > 0) {
            double placed = 0;
            for (int i = 0; i < plan.ladder.levels(); i++) {
                double qty = round(instrument, plan.ladder.fraction(i) * total);
                double price = instrument.roundPrice(entry + r.side().sign() * plan.ladder.atrMultiple(i) * r.atr(),
                        away).doubleValue();
                if (qty <= 0 || placed + qty > total + EPS || !instrument.acceptable(BigDecimal.valueOf(qty), price)) {
                    continue;
                }
                placed += qty;
                placeTarget(plan, exitSide, qty, price, "tp" + (i + 1), now);
            }
        } else if (Double.isFinite(r.target()) && r.target() > 0) {
            placeTarget(plan, exitSide, total, instrument.roundPrice(r.target(), away).doubleValue(), "tp1", now);
        }
    }

    private void placeTarget(Plan plan, Side side, double qty, double price, String reason, long now) {
        String linkId = nextLinkId(plan.request.symbol(), now, "t" + reason.charAt(reason.length() - 1));
        OrderIntent intent = new OrderIntent(linkId, plan.request.symbol(), side, OrderType.LIMIT, qty, price, true,
                OrderPurpose.TARGET, reason, now);
        plan.targets.add(track(intent));
        venue.submit(intent);
    }

    /**
     * At a strategy bar close: the time stop (while TP1 has not been reached), then trailing of the stop once TP1
     * has filled (or from the entry when the position has no take-profit orders).
     */
    public void onStrategyBar(String symbol, Bar bar, long now) {
        Plan plan = plans.get(symbol);
        Portfolio.Position position = portfolio.position(symbol);
        if (plan == null || position == null || !plan.entryDone || plan.exit != null) {
            return;
        }
        if (policy.timeStopMinutes() > 0 && !plan.tp1Hit
                && now - position.entryTime() >= policy.timeStopMinutes() * 60_000) {
            submitExit(symbol, "time_stop", now);
            return;
        }
        double entry = position.avgEntry();
        plan.best = Double.isNaN(plan.best) ? (plan.isLong ? bar.high() : bar.low())
                : plan.isLong ? Math.max(plan.best, bar.high()) : Math.min(plan.best, bar.low());
        if (plan.sar == null) {
            plan.sar = new ParabolicSar(plan.isLong);
        }
        double sar = plan.sar.update(bar.high(), bar.low());
        updateSwing(plan, bar);
        boolean active = plan.tp1Hit || plan.targets.isEmpty();
        if (!active || !policy.trailing() || plan.stop == null || !plan.stop.isOpen()) {
            return;
        }
        double candidate = Double.NaN;
        if (policy.trailSar()) {
            candidate = tighter(plan.isLong, candidate, sar);
        }
        if (policy.trailProfitShare() && (plan.isLong ? plan.best > entry : plan.best < entry)) {
            candidate = tighter(plan.isLong, candidate, entry + policy.profitShare() * (plan.best - entry));
        }
        if (policy.trailStructure() && !Double.isNaN(plan.swing)) {
            candidate = tighter(plan.isLong, candidate, plan.swing);
        }
        if (Double.isNaN(candidate)) {
            return;
        }
        Instrument instrument = instrument(symbol);
        double price = instrument.roundPrice(candidate, plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING)
                .doubleValue();
        boolean improves = plan.isLong ? price > plan.stopPrice && price < bar.close()
                : price < plan.stopPrice && price > bar.close();
        if (improves) {
            moveStop(plan, price, "trailing", now);
        }
    }

    private static double tighter(boolean isLong, double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return isLong ? Math.max(a, b) : Math.min(a, b);
    }

    /** Keeps the last 2k+1 strategy bars; a middle bar whose low (high) is below (above) all others is a swing. */
    private void updateSwing(Plan plan, Bar bar) {
        int w = plan.highs.length;
        int slot = plan.barCount % w;
        plan.highs[slot] = bar.high();
        plan.lows[slot] = bar.low();
        plan.barCount++;
        if (plan.barCount < w) {
            return;
        }
        int mid = (plan.barCount - 1 - w / 2) % w;
        boolean swing = true;
        for (int i = 0; i < w && swing; i++) {
            if (i != mid) {
                swing = plan.isLong ? plan.lows[mid] < plan.lows[i] : plan.highs[mid] > plan.highs[i];
            }
        }
        if (swing) {
            double tick = instrument(plan.request.symbol()).tickSize().doubleValue();
            plan.swing = plan.isLong ? plan.lows[mid] - tick : plan.highs[mid] + tick;
        }
    }

    private void moveStop(Plan plan, double price, String reason, long now) {
        ManagedOrder stop = plan.stop;
        if (venue.amend(stop.linkId(), price, stop.intent().qty(), now)) {
            stop.amend(price, stop.intent().qty(), now);
            stop.relabel(reason);
            plan.stopPrice = price;
        }
    }

    @Override
    public void onOrderUpdate(OrderUpdate update) {
        ManagedOrder order = orders.get(update.linkId());
        if (order == null) {
            return;
        }
        if (update.status() != OrderStatus.UNKNOWN) {
            unknownQueries.remove(update.linkId());
        }
        boolean changed = order.apply(update);
        acknowledged(order);
        if (!changed || !order.status().isTerminal()) {
            return;
        }
        Plan plan = plans.get(order.intent().symbol());
        if (plan == null) {
            return;
        }
        OrderPurpose purpose = order.intent().purpose();
        if (purpose == OrderPurpose.ENTRY) {
            maybeFinishEntry(plan, update.time());
        } else if (purpose == OrderPurpose.STOP && order == plan.stop && order.status() != OrderStatus.FILLED
                && portfolio.position(order.intent().symbol()) != null && plan.exit == null) {
            // The venue dropped the protective stop of an open position: never stay unprotected.
            submitExit(order.intent().symbol(), "emergency", update.time());
        } else if (purpose == OrderPurpose.EXIT && order == plan.exit && order.status() != OrderStatus.FILLED) {
            plan.exit = null;
        }
    }

    @Override
    public void onFill(Fill fill) {
        ManagedOrder order = orders.get(fill.orderLinkId());
        String symbol = fill.symbol();
        if (order != null) {
            if (!order.apply(fill)) {
                return;
            }
            acknowledged(order);
        }
        Plan plan = plans.get(symbol);
        if (order != null && order.intent().purpose() == OrderPurpose.ENTRY && plan != null) {
            portfolio.apply(fill, plan.request.strategy(), plan.request.rule(), "entry");
            if (plan.entryTime == Long.MIN_VALUE) {
                plan.entryTime = fill.time();
            }
            protect(plan, fill.time());
            maybeFinishEntry(plan, fill.time());
            return;
        }
        String reason = order != null ? order.intent().reason() : fill.reason();
        TradeRecord closed = portfolio.apply(fill, null, null, reason);
        if (closed != null || portfolio.position(symbol) == null) {
            flat(symbol);
            return;
        }
        if (plan == null || order == null) {
            return;
        }
        if (order.intent().purpose() == OrderPurpose.TARGET) {
            if (!plan.tp1Hit) {
                plan.tp1Hit = true;
                if (policy.breakevenAfterTp1() && plan.stop != null) {
                    double be = instrument(symbol).roundPrice(portfolio.position(symbol).avgEntry(),
                            plan.isLong ? RoundingMode.CEILING : RoundingMode.FLOOR).doubleValue();
                    if (plan.isLong ? be > plan.stopPrice : be < plan.stopPrice) {
                        moveStop(plan, be, "breakeven", fill.time());
                    }
                }
            }
        }
        resizeStop(plan, fill.time());
    }

    /** Places the stop with the first entry fill, then keeps its quantity equal to the position. */
    private void protect(Plan plan, long now) {
        Portfolio.Position position = portfolio.position(plan.request.symbol());
        if (plan.stop == null) {
            String linkId = nextLinkId(plan.request.symbol(), now, "s");
            OrderIntent intent = new OrderIntent(linkId, plan.request.symbol(), plan.request.side().opposite(),
                    OrderType.STOP_MARKET, position.qty(), plan.stopPrice, true, OrderPurpose.STOP, "stop", now);
            plan.stop = track(intent);
            venue.submit(intent);
        } else {
            resizeStop(plan, now);
        }
    }

    private void resizeStop(Plan plan, long now) {
        Portfolio.Position position = portfolio.position(plan.request.symbol());
        ManagedOrder stop = plan.stop;
        if (stop == null || !stop.isOpen() || position == null) {
            return;
        }
        double qty = position.qty();
        if (Math.abs(qty - stop.remainingQty()) > EPS && venue.amend(stop.linkId(), stop.intent().price(),
                stop.filledQty() + qty, now)) {
            stop.amend(stop.intent().price(), stop.filledQty() + qty, now);
        }
    }

    /** The position is flat: nothing of it may stay on the venue. */
    private void flat(String symbol) {
        Plan plan = plans.remove(symbol);
        venue.cancelAll(symbol);
        if (plan != null) {
            for (ManagedOrder o : plan.entries) {
                forget(o);
            }
            forget(plan.stop);
            forget(plan.exit);
            plan.targets.forEach(this::forget);
        }
    }

    private void forget(ManagedOrder o) {
        if (o != null && !o.isOpen()) {
            orders.remove(o.linkId());
        }
    }

    private void cancelEntries(Plan plan) {
        plan.slices.clear();
        for (ManagedOrder o : plan.entries) {
            if (o.isOpen()) {
                venue.cancel(o.linkId());
            }
        }
    }

    /**
     * Orders still NEW after the ack timeout become UNKNOWN; UNKNOWN orders are queried and take the venue's
     * answer. An order the venue still does not know after {@value #MAX_UNKNOWN_QUERIES} queries is taken as
     * rejected (it never reached the venue).
     */
    private void checkAcknowledgements(long now) {
        List<ManagedOrder> pending = null;
        for (ManagedOrder o : awaiting.values()) {
            if (o.status() == OrderStatus.NEW && now - o.sentAt() >= policy.ackTimeoutMs()
                    || o.status() == OrderStatus.UNKNOWN) {
                if (pending == null) {
                    pending = new ArrayList<>();
                }
                pending.add(o);
            }
        }
        if (pending == null) {
            return;
        }
        pending.sort((a, b) -> a.linkId().compareTo(b.linkId()));
        for (ManagedOrder o : pending) {
            if (o.status() == OrderStatus.NEW) {
                o.apply(new OrderUpdate(o.linkId(), o.intent().symbol(), OrderStatus.UNKNOWN, 0,
                        "no acknowledgement within " + policy.ackTimeoutMs() + " ms", now));
            }
            var answer = venue.query(o.linkId());
            if (answer.isPresent()) {
                onOrderUpdate(answer.get());
            } else {
                int n = unknownQueries.merge(o.linkId(), 1, Integer::sum);
                if (n >= MAX_UNKNOWN_QUERIES) {
                    onOrderUpdate(new OrderUpdate(o.linkId(), o.intent().symbol(), OrderStatus.REJECTED, 0,
                            "not found on the venue after " + n + " queries", now));
                }
            }
        }
    }

    /**
     * Closes every open position at the given last prices, as a taker, with exit reason {@code reason}
     * (a backtest ends with "end_of_data" so that the sum of trade PnL equals the change in equity).
     */
    public void closeAll(String reason, double takerFee, long now, Map<String, Double> lastPrices) {
        List<String> worked = List.copyOf(plans.keySet());
        plans.clear();
        for (String symbol : worked) {
            venue.cancelAll(symbol);
        }
        for (Portfolio.Position p : List.copyOf(portfolio.openPositions())) {
            double price = lastPrices.getOrDefault(p.symbol(), p.lastPrice());
            venue.cancelAll(p.symbol());
            portfolio.apply(new Fill(reason + "-" + p.symbol() + "-" + now, nextLinkId(p.symbol(), now, "z"), p.symbol(),
                    p.side().opposite(), p.qty(), price, p.qty() * price * takerFee, false, now, OrderPurpose.END_OF_DATA,
                    reason), null, null, reason);
        }
    }

    private ManagedOrder track(OrderIntent intent) {
        ManagedOrder order = new ManagedOrder(intent);
        orders.put(intent.linkId(), order);
        awaiting.put(intent.linkId(), order);
        return order;
    }

    private void acknowledged(ManagedOrder order) {
        if (order.status() != OrderStatus.NEW && order.status() != OrderStatus.UNKNOWN) {
            awaiting.remove(order.linkId());
        }
    }

    private Instrument instrument(String symbol) {
        Instrument instrument = instruments.get(symbol);
        if (instrument == null) {
            throw new IllegalArgumentException("no instrument settings for " + symbol);
        }
        return instrument;
    }

    private static double round(Instrument instrument, double qty) {
        return instrument.floorQty(qty + EPS).doubleValue();
    }
}
