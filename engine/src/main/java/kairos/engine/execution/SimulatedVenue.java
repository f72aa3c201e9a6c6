package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Clock;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The backtest, replay and paper venue, behind the same asynchronous port as the real exchange. Requests take
 * effect when they arrive; every answer (acknowledgement, rejection, fill, cancel, amend, query answer, snapshot)
 * goes to the {@link VenueListener} with a delivery time: the request's time plus the model's latency, an
 * execution's own time, reshaped by a {@link DeliveryModel} (late, twice, out of order, dropped) when one is set.
 *
 * <p>Matching is outside the port ({@link MarketSimulation}). An order can match from {@code createdAt + latency}
 * on. On a <b>bar</b>, in this order, with the kernel's reactions settled after each step (a stop placed on an
 * entry's fill joins the same bar's stop step):
 * <ol>
 *   <li>market orders fill at the bar's open, worsened by the {@link VenueModel#slippage slippage model}, as
 *       taker, stamped at the later of the open and the time the order became live; beyond the order's protection
 *       price they are cancelled unfilled;</li>
 *   <li>stop-market orders trigger when the bar trades through the stop and fill at the stop, or at the open when
 *       the bar opens beyond it, worsened by slippage, as taker;</li>
 *   <li>a position whose liquidation price the bar reaches is liquidated there (taker fee);</li>
 *   <li>limit orders fill at their price, as maker, only when the bar trades strictly through it (a touch is not a
 *       fill), at most {@code participation × bar volume} per bar — the rest stays open (partial fills).</li>
 * </ol>
 * Fills of steps 2-4 are stamped at the bar's close: the data shows only by then that the price got there. The
 * order stops → targets is the conservative assumption about the path inside a bar; fed with 1m bars under 5m
 * decisions, the 1m bars resolve most of it. Once a symbol's <b>trades</b> arrive, they replace its bars: each
 * trade fills live market orders at its price (plus the base slippage), triggers stops it crosses and fills
 * limits it trades through (up to its quantity), stamped at its time. Reduce-only orders never open or flip a
 * position: they are trimmed to the venue's position, or cancelled. A submission with a known orderLinkId is
 * answered with that order's state (Bybit's 110072: already placed).
 */
public final class SimulatedVenue implements ExecutionVenue, MarketSimulation {
    /** Terminal orders and executions kept for queries and reconciliation (a paper venue runs for months). */
    static final int KEPT = 5_000;
    private static final BigDecimal ZERO = BigDecimal.ZERO;

    private final VenueModel model;
    private final Clock clock;
    private final VenueListener out;
    private final DeliveryModel delivery;
    private final SplittableRandom random;
    private VenueStore store;
    private final Map<String, SimOrder> known = new LinkedHashMap<>();
    private final Map<String, Map<String, SimOrder>> openBySymbol = new HashMap<>();
    private final Map<String, SimPosition> positions = new LinkedHashMap<>();
    private final List<Fill> executions = new ArrayList<>();
    private final Set<String> tickDriven = new LinkedHashSet<>();
    /** Per symbol: last market time matched and how many events at that time (re-fed events are matched once). */
    private final Map<String, long[]> matched = new HashMap<>();
    private final Map<String, Integer> seenAtMatched = new HashMap<>();
    private long execSeq;
    private long updateSeq;

    private static final class SimOrder {
        OrderIntent intent;
        long liveAt;
        BigDecimal cumQty = ZERO;
        OrderStatus status = OrderStatus.ACCEPTED;
        String reason = "";
        long seq;
        private OrderState state;

        /** The order as the venue's state holds it: the same record while the order has not changed. */
        OrderState state() {
            OrderState s = state;
            if (s == null || s.intent() != intent || s.liveAt() != liveAt || s.cumQty() != cumQty || s.status() != status
                    || !Objects.equals(s.reason(), reason) || s.seq() != seq) {
                s = new OrderState(intent, liveAt, cumQty, status, reason, seq);
                state = s;
            }
            return s;
        }
    }

    private static final class SimPosition {
        BigDecimal qty = ZERO;
        double avgEntry;
    }

    public SimulatedVenue(VenueModel model, Clock clock, VenueListener out) {
        this(model, clock, out, DeliveryModel.PERFECT);
    }

    public SimulatedVenue(VenueModel model, Clock clock, VenueListener out, DeliveryModel delivery) {
        this.model = model;
        this.clock = clock;
        this.out = out;
        this.delivery = delivery;
        this.random = delivery.random();
    }

    /** Keeps the venue's state in {@code store} from now on, and takes what it holds when it has some. */
    public SimulatedVenue persistIn(VenueStore venueStore) {
        venueStore.load().ifPresent(this::restore);
        this.store = venueStore;
        return this;
    }

    // ---- requests -------------------------------------------------------------------------------------------

    @Override
    public void submit(OrderIntent intent) {
        long now = clock.millis();
        SimOrder existing = known.get(intent.linkId());
        if (existing != null) {
            // 110072: the exchange has this orderLinkId already; the answer is that order, not a second one
            emit(update(existing, now, "110072 duplicate orderLinkId: already placed"), now + model.latencyMs());
            return;
        }
        SimOrder o = new SimOrder();
        o.intent = intent;
        o.liveAt = now + model.latencyMs();
        known.put(intent.linkId(), o);
        openBySymbol.computeIfAbsent(intent.symbol(), s -> new LinkedHashMap<>()).put(intent.linkId(), o);
        emit(update(o, now, ""), now + model.latencyMs());
        saved();
    }

    @Override
    public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
        long now = clock.millis();
        SimOrder o = known.get(linkId);
        if (o == null || o.status.isTerminal()) {
            emit(new RequestRejected(linkId, symbol, "amend", o == null ? "110001 order does not exist"
                    : "110001 order is " + o.status, now), now + model.latencyMs());
            return;
        }
        if (qty.compareTo(o.cumQty) <= 0) {
            emit(new RequestRejected(linkId, symbol, "amend", "qty " + qty.toPlainString() + " not above the filled "
                    + o.cumQty.toPlainString(), now), now + model.latencyMs());
            return;
        }
        o.intent = o.intent.withPriceQty(o.intent.type() == OrderType.MARKET ? null : price, qty);
        o.liveAt = Math.max(o.liveAt, now + model.latencyMs());
        emit(update(o, now, "amended"), now + model.latencyMs());
        saved();
    }

    @Override
    public void cancel(String linkId, String symbol) {
        long now = clock.millis();
        SimOrder o = known.get(linkId);
        if (o == null || o.status.isTerminal()) {
            emit(new RequestRejected(linkId, symbol, "cancel", o == null ? "110001 order does not exist"
                    : "110001 order is " + o.status, now), now + model.latencyMs());
            return;
        }
        finish(o, OrderStatus.CANCELLED, "cancelled", now, now + model.latencyMs());
        saved();
    }

    @Override
    public void cancelAll(String symbol) {
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        if (open == null || open.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (SimOrder o : new ArrayList<>(open.values())) {
            finish(o, OrderStatus.CANCELLED, "cancelled", now, now + model.latencyMs());
        }
        saved();
    }

    @Override
    public void query(String linkId, String symbol) {
        long now = clock.millis();
        SimOrder o = known.get(linkId);
        if (o == null) {
            emit(new OrderNotFound(linkId, symbol, now), now + model.latencyMs());
            return;
        }
        for (Fill f : executions) {
            if (f.orderLinkId().equals(linkId)) {
                emit(f, now + model.latencyMs());
            }
        }
        emit(update(o, now, o.reason), now + model.latencyMs());
    }

    @Override
    public void reconcile(long executionsSince) {
        long now = clock.millis();
        List<OrderUpdate> open = new ArrayList<>();
        for (Map<String, SimOrder> bySymbol : openBySymbol.values()) {
            for (SimOrder o : bySymbol.values()) {
                open.add(update(o, now, o.reason));
            }
        }
        List<PositionReport> pos = new ArrayList<>();
        positions.forEach((s, p) -> {
            if (p.qty.signum() != 0) {
                pos.add(new PositionReport(s, p.qty, p.avgEntry, now));
            }
        });
        List<Fill> fills = executions.stream().filter(f -> f.time() >= executionsSince).toList();
        // the state holds what matching has stamped so far, which may be ahead of the clock (a bar's fills at its close)
        long asOf = executions.isEmpty() ? now : Math.max(now, executions.getLast().time());
        // positions and executions are read at once: the positions include exactly the executions listed (a fill
        // matched later at the same millisecond, a trade at asOf, is not listed and not in them)
        emit(new VenueSnapshot(open, pos, fills, executionsSince, asOf), now + model.latencyMs());
    }

    // ---- matching -------------------------------------------------------------------------------------------

    @Override
    public void onMarket(MarketEvent event, Runnable settle) {
        switch (event) {
            case MarketEvent.BarClose b -> {
                if (!tickDriven.contains(b.symbol()) && firstTime(b.symbol(), b.time())) {
                    matchBar(b, settle);
                }
            }
            case MarketEvent.Trade t -> {
                tickDriven.add(t.symbol());
                if (firstTime(t.symbol(), t.time())) {
                    matchTrade(t, settle);
                }
            }
            default -> { }
        }
    }

    /**
     * Whether this market event has not been matched before. Only a persisted venue can be fed an event twice (a
     * paper session resumed after a crash replays from the kernel's journal, which may be behind the venue's).
     */
    private boolean firstTime(String symbol, long time) {
        if (store == null) {
            return true;
        }
        long[] last = matched.computeIfAbsent(symbol, s -> new long[] {Long.MIN_VALUE, 0});
        int seen = seenAtMatched.merge(symbol, 1, Integer::sum);
        if (time < last[0]) {
            seenAtMatched.put(symbol, 0);
            return false;
        }
        if (time > last[0]) {
            last[0] = time;
            last[1] = 1;
            seenAtMatched.put(symbol, 1);
            return true;
        }
        if (seen <= last[1]) {
            return false;
        }
        last[1] = seen;
        return true;
    }

    private void matchBar(MarketEvent.BarClose event, Runnable settle) {
        String symbol = event.symbol();
        Bar bar = event.bar();
        long close = event.time();
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        if (open == null || open.isEmpty()) {
            if (liquidateIfReached(symbol, bar.low(), bar.high(), bar.open(), close)) {
                settle.run();
            }
            return;
        }
        boolean any = false;
        for (SimOrder o : live(open, close, OrderType.MARKET)) {
            if (o.status.isTerminal()) {
                continue;
            }
            double qty = o.intent.qtyValue() - o.cumQty.doubleValue();
            double slip = model.slippage(qty, bar.open(), bar.high(), bar.low(), bar.volume());
            double price = bar.open() * (1 + o.intent.side().sign() * slip);
            long at = Math.max(bar.openTime(), o.liveAt);
            if (beyondProtection(o.intent, price)) {
                finish(o, OrderStatus.CANCELLED, "slippage beyond tolerance", at, at);
            } else {
                execute(o, o.intent.qty().subtract(o.cumQty), price, false, at);
            }
            any = true;
        }
        settleIf(any, settle);
        any = false;
        for (SimOrder o : live(open, close, OrderType.STOP_MARKET)) {
            if (o.status.isTerminal() || !triggered(o.intent, bar.low(), bar.high())) {
                continue;
            }
            double stop = o.intent.priceValue();
            double trigger = o.intent.side() == Side.Sell ? Math.min(bar.open(), stop) : Math.max(bar.open(), stop);
            double qty = o.intent.qtyValue() - o.cumQty.doubleValue();
            double slip = model.slippage(qty, bar.open(), bar.high(), bar.low(), bar.volume());
            execute(o, o.intent.qty().subtract(o.cumQty), trigger * (1 + o.intent.side().sign() * slip), false, close);
            any = true;
        }
        settleIf(any, settle);
        settleIf(liquidateIfReached(symbol, bar.low(), bar.high(), bar.open(), close), settle);
        any = false;
        for (SimOrder o : live(open, close, OrderType.LIMIT)) {
            if (o.status.isTerminal()) {
                continue;
            }
            double limit = o.intent.priceValue();
            boolean through = o.intent.side() == Side.Buy ? bar.low() < limit : bar.high() > limit;
            if (through) {
                BigDecimal cap = BigDecimal.valueOf(model.participation() * bar.volume());
                BigDecimal qty = o.intent.qty().subtract(o.cumQty).min(cap);
                if (qty.signum() > 0) {
                    execute(o, qty, limit, true, close);
                    any = true;
                }
            }
        }
        settleIf(any, settle);
    }

    private void matchTrade(MarketEvent.Trade trade, Runnable settle) {
        String symbol = trade.symbol();
        long t = trade.time();
        double price = trade.price();
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        boolean any = false;
        if (open != null && !open.isEmpty()) {
            for (SimOrder o : live(open, t + 1, OrderType.MARKET)) {
                if (o.status.isTerminal()) {
                    continue;
                }
                double fillPrice = price * (1 + o.intent.side().sign() * model.fees().slippage());
                if (beyondProtection(o.intent, fillPrice)) {
                    finish(o, OrderStatus.CANCELLED, "slippage beyond tolerance", t, t);
                } else {
                    execute(o, o.intent.qty().subtract(o.cumQty), fillPrice, false, t);
                }
                any = true;
            }
            for (SimOrder o : live(open, t + 1, OrderType.STOP_MARKET)) {
                if (!o.status.isTerminal() && triggered(o.intent, price, price)) {
                    execute(o, o.intent.qty().subtract(o.cumQty),
                            price * (1 + o.intent.side().sign() * model.fees().slippage()), false, t);
                    any = true;
                }
            }
        }
        any |= liquidateIfReached(symbol, price, price, price, t);
        if (open != null && !open.isEmpty()) {
            for (SimOrder o : live(open, t + 1, OrderType.LIMIT)) {
                if (o.status.isTerminal()) {
                    continue;
                }
                double limit = o.intent.priceValue();
                if (o.intent.side() == Side.Buy ? price < limit : price > limit) {
                    BigDecimal qty = o.intent.qty().subtract(o.cumQty).min(BigDecimal.valueOf(trade.qty()));
                    if (qty.signum() > 0) {
                        execute(o, qty, limit, true, t);
                        any = true;
                    }
                }
            }
        }
        settleIf(any, settle);
    }

    private static void settleIf(boolean any, Runnable settle) {
        if (any) {
            settle.run();
        }
    }

    private static boolean beyondProtection(OrderIntent intent, double price) {
        BigDecimal bound = intent.protectionPrice();
        return bound != null && (intent.side() == Side.Buy ? price > bound.doubleValue() : price < bound.doubleValue());
    }

    private boolean liquidateIfReached(String symbol, double low, double high, double open, long time) {
        SimPosition p = positions.get(symbol);
        if (p == null || p.qty.signum() == 0) {
            return false;
        }
        boolean isLong = p.qty.signum() > 0;
        double liq = model.liquidationPrice(isLong, p.avgEntry);
        if (isLong ? low > liq : high < liq) {
            return false;
        }
        double price = isLong ? Math.min(open, liq) : Math.max(open, liq);
        BigDecimal qty = p.qty.abs();
        Side side = isLong ? Side.Sell : Side.Buy;
        String linkId = "liq-" + symbol + "-" + time;
        applyPosition(symbol, side, qty, price);
        Fill fill = new Fill("sim-" + (++execSeq), linkId, symbol, side, qty, BigDecimal.valueOf(price),
                model.fees().fee(qty.doubleValue() * price, false), false, time, OrderPurpose.LIQUIDATION, "liquidation");
        record(fill);
        emit(fill, time);
        emitPosition(symbol, time);
        Map<String, SimOrder> resting = openBySymbol.get(symbol);
        for (SimOrder o : resting == null ? List.<SimOrder>of() : new ArrayList<>(resting.values())) {
            if (o.intent.reduceOnly()) {
                finish(o, OrderStatus.CANCELLED, "position liquidated", time, time);
            }
        }
        saved();
        return true;
    }

    /**
     * Orders of one type live before {@code before}, in submission order (a copy: the kernel may add or cancel
     * orders while the event is matched); no allocation when there is none.
     */
    private static List<SimOrder> live(Map<String, SimOrder> open, long before, OrderType type) {
        List<SimOrder> live = List.of();
        for (SimOrder o : open.values()) {
            if (o.intent.type() == type && o.liveAt < before) {
                if (live.isEmpty()) {
                    live = new ArrayList<>(4);
                }
                live.add(o);
            }
        }
        return live;
    }

    private static boolean triggered(OrderIntent stop, double low, double high) {
        return stop.side() == Side.Sell ? low <= stop.priceValue() : high >= stop.priceValue();
    }

    private void finish(SimOrder o, OrderStatus status, String reason, long time, long deliverAt) {
        o.status = status;
        o.reason = reason;
        Map<String, SimOrder> open = openBySymbol.get(o.intent.symbol());
        if (open != null) {
            open.remove(o.intent.linkId());
        }
        emit(update(o, time, reason), deliverAt);
    }

    private void execute(SimOrder o, BigDecimal wanted, double price, boolean maker, long time) {
        OrderIntent intent = o.intent;
        BigDecimal qty = wanted;
        if (intent.reduceOnly()) {
            BigDecimal pos = positionQty(intent.symbol());
            boolean reduces = pos.signum() != 0 && pos.signum() == -intent.side().sign();
            if (!reduces) {
                finish(o, OrderStatus.CANCELLED, "reduce-only order with no position to reduce", time, time);
                return;
            }
            qty = qty.min(pos.abs());
        }
        applyPosition(intent.symbol(), intent.side(), qty, price);
        o.cumQty = o.cumQty.add(qty);
        boolean done = o.cumQty.compareTo(intent.qty()) >= 0
                || intent.reduceOnly() && positionQty(intent.symbol()).signum() == 0;
        o.status = done ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        if (done) {
            openBySymbol.get(intent.symbol()).remove(intent.linkId());
        }
        Fill fill = new Fill("sim-" + (++execSeq), intent.linkId(), intent.symbol(), intent.side(), qty,
                BigDecimal.valueOf(price), model.fees().fee(qty.doubleValue() * price, maker), maker, time,
                intent.purpose(), intent.reason());
        record(fill);
        emit(fill, time);
        emit(update(o, time, ""), time);
        emitPosition(intent.symbol(), time);
        saved();
    }

    private void record(Fill fill) {
        executions.add(fill);
        if (executions.size() > 2 * KEPT) {
            executions.subList(0, executions.size() - KEPT).clear();
        }
    }

    private void applyPosition(String symbol, Side side, BigDecimal qty, double price) {
        SimPosition p = positions.computeIfAbsent(symbol, s -> new SimPosition());
        BigDecimal signed = side == Side.Buy ? qty : qty.negate();
        if (p.qty.signum() == 0 || p.qty.signum() == signed.signum()) {
            double before = p.qty.abs().doubleValue();
            p.avgEntry = (p.avgEntry * before + price * qty.doubleValue()) / (before + qty.doubleValue());
        } else if (qty.compareTo(p.qty.abs()) > 0) {
            p.avgEntry = price;   // flipped: the rest opened at this price
        }
        p.qty = p.qty.add(signed);
        if (p.qty.signum() == 0) {
            p.avgEntry = 0;
        }
    }

    private OrderUpdate update(SimOrder o, long time, String reason) {
        o.seq = ++updateSeq;
        return new OrderUpdate(o.intent.linkId(), o.intent.symbol(), o.status, o.intent.price(), o.intent.qty(),
                o.cumQty, reason, time, o.seq);
    }

    private void emitPosition(String symbol, long time) {
        SimPosition p = positions.get(symbol);
        emit(new PositionReport(symbol, p == null ? ZERO : p.qty, p == null ? 0 : p.avgEntry, time), time);
    }

    /** Hands a message to the listener, reshaped by the delivery model (dropped, late, duplicated). */
    private void emit(VenueEvent event, long at) {
        if (delivery.isPerfect()) {
            out.onVenueEvent(event, at);
            return;
        }
        if (random.nextDouble() < delivery.dropProbability()) {
            return;
        }
        long when = at;
        if (random.nextDouble() < delivery.lateProbability()) {
            when += 1 + random.nextLong(Math.max(1, delivery.maxDelayMs()));
        }
        out.onVenueEvent(event, when);
        if (random.nextDouble() < delivery.duplicateProbability()) {
            out.onVenueEvent(event, when + random.nextLong(Math.max(1, delivery.maxDelayMs()) + 1));
        }
    }

    // ---- the venue's own view (tests, reconciliation checks) -------------------------------------------------

    /** Open orders of a symbol, in submission order. */
    public List<OrderIntent> openOrders(String symbol) {
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        return open == null ? List.of() : open.values().stream().map(o -> o.intent).toList();
    }

    /** Every open order, in submission order per symbol. */
    public List<OrderIntent> openOrders() {
        List<OrderIntent> all = new ArrayList<>();
        openBySymbol.values().forEach(m -> m.values().forEach(o -> all.add(o.intent)));
        return all;
    }

    /** Net position the venue holds for the symbol: positive long, negative short. */
    public double position(String symbol) {
        return positionQty(symbol).doubleValue();
    }

    /** Net position the venue holds for the symbol, exact. */
    public BigDecimal positionQty(String symbol) {
        SimPosition p = positions.get(symbol);
        return p == null ? ZERO : p.qty;
    }

    /** Liquidation price of the venue's position in the symbol, NaN when flat. */
    public double liquidationPrice(String symbol) {
        SimPosition p = positions.get(symbol);
        return p == null || p.qty.signum() == 0 ? Double.NaN : model.liquidationPrice(p.qty.signum() > 0, p.avgEntry);
    }

    /** Every execution so far (the newest {@value #KEPT} at least), in order. */
    public List<Fill> executions() {
        return List.copyOf(executions);
    }

    /** Orders ever submitted with this purpose and symbol (tests: no intent is placed twice). */
    public long submitted(String symbol, OrderPurpose purpose) {
        return known.values().stream().filter(o -> o.intent.symbol().equals(symbol) && o.intent.purpose() == purpose)
                .count();
    }

    // ---- persistence ----------------------------------------------------------------------------------------

    /** One order as the venue keeps it. */
    public record OrderState(OrderIntent intent, long liveAt, BigDecimal cumQty, OrderStatus status, String reason,
                             long seq) {
    }

    /** A position as the venue keeps it. */
    public record PositionState(String symbol, BigDecimal qty, double avgEntry) {
    }

    /** Where matching stopped for a symbol (a resumed session does not match an event twice). */
    public record MatchedState(String symbol, long time, long count) {
    }

    /** The venue's whole state. */
    public record State(List<OrderState> orders, List<PositionState> positions, List<Fill> executions, long execSeq,
                        long updateSeq, List<String> tickDriven, List<MatchedState> matched) {
    }

    public State state() {
        List<OrderState> orders = new ArrayList<>(known.size());
        int terminal = 0;
        List<SimOrder> all = new ArrayList<>(known.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            SimOrder o = all.get(i);
            if (o.status.isTerminal() && ++terminal > KEPT) {
                continue;
            }
            orders.add(o.state());
        }
        Collections.reverse(orders);
        List<PositionState> pos = new ArrayList<>();
        positions.forEach((s, p) -> pos.add(new PositionState(s, p.qty, p.avgEntry)));
        List<MatchedState> m = new ArrayList<>();
        matched.forEach((s, v) -> m.add(new MatchedState(s, v[0], v[1])));
        return new State(orders, pos, List.copyOf(executions), execSeq, updateSeq, List.copyOf(tickDriven), m);
    }

    private void restore(State s) {
        known.clear();
        openBySymbol.clear();
        for (OrderState os : s.orders()) {
            SimOrder o = new SimOrder();
            o.intent = os.intent();
            o.liveAt = os.liveAt();
            o.cumQty = os.cumQty();
            o.status = os.status();
            o.reason = os.reason();
            o.seq = os.seq();
            known.put(o.intent.linkId(), o);
            if (!o.status.isTerminal()) {
                openBySymbol.computeIfAbsent(o.intent.symbol(), k -> new LinkedHashMap<>()).put(o.intent.linkId(), o);
            }
        }
        positions.clear();
        for (PositionState ps : s.positions()) {
            SimPosition p = new SimPosition();
            p.qty = ps.qty();
            p.avgEntry = ps.avgEntry();
            positions.put(ps.symbol(), p);
        }
        executions.clear();
        executions.addAll(s.executions());
        execSeq = s.execSeq();
        updateSeq = s.updateSeq();
        tickDriven.clear();
        tickDriven.addAll(s.tickDriven());
        matched.clear();
        for (MatchedState ms : s.matched()) {
            matched.put(ms.symbol(), new long[] {ms.time(), ms.count()});
        }
    }

    private void saved() {
        if (store != null) {
            store.save(state());
        }
    }
}
