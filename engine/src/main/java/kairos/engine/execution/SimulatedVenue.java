package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backtest and paper venue, with the same port as the real exchange. It acknowledges every order at once
 * ({@code ACCEPTED}, or {@code REJECTED} for a duplicate orderLinkId, Bybit's 110072), and matches open orders
 * against the feed bars that close after the order became live ({@code createdAt + latency}), never the bar the
 * order was decided on. Within one bar, in this order:
 * <ol>
 *   <li>market orders fill at the bar's open, worsened by the {@link VenueModel#slippage slippage model}, as
 *       taker; beyond the order's protection price (slippage tolerance) they are cancelled unfilled;</li>
 *   <li>stop-market orders trigger when the bar trades through the stop and fill at the stop, or at the open when
 *       the bar opens beyond it, worsened by slippage, as taker;</li>
 *   <li>a position still open whose liquidation price the bar reaches is liquidated there (taker fee);</li>
 *   <li>limit orders fill at their price, as maker, only when the bar trades strictly through it (a touch is not a
 *       fill), at most {@code participation × bar volume} per bar — the rest stays open (partial fills).</li>
 * </ol>
 * The order stops → targets is the conservative assumption about the path inside a bar: when one bar reaches
 * both a stop and a take-profit of the same position the stop counts first. Fed with 1m bars under 5m decisions,
 * the 1m bars resolve most of that ordering; with a 5m-only feed the assumption applies to every 5m bar.
 * Reduce-only orders never open or flip a position: they are trimmed to the venue's position, or cancelled.
 * Fills are stamped at the later of the bar's open and the time the order became live.
 */
public final class SimulatedVenue implements ExecutionVenue {
    private static final double EPS = 1e-9;
    private final VenueModel model;
    private final long barMillis;
    private final FillListener listener;
    private final Map<String, Map<String, SimOrder>> openBySymbol = new HashMap<>();
    private final Map<String, SimOrder> known = new HashMap<>();
    private final Map<String, SimPosition> positions = new HashMap<>();
    private long execSeq;

    private static final class SimOrder {
        OrderIntent intent;
        long liveAt;
        double cumQty;
        OrderStatus status = OrderStatus.ACCEPTED;
        String reason = "";

        SimOrder(OrderIntent intent, long liveAt) {
            this.intent = intent;
            this.liveAt = liveAt;
        }

        OrderUpdate update(long time) {
            return new OrderUpdate(intent.linkId(), intent.symbol(), status, cumQty, reason, time);
        }
    }

    private static final class SimPosition {
        double qty;
        double avgEntry;
    }

    /**
     * @param model     fees, slippage, latency, participation, leverage
     * @param barMillis duration of the feed bars passed to {@link #onMarketBar}
     */
    public SimulatedVenue(VenueModel model, long barMillis, FillListener listener) {
        if (barMillis < 1) {
            throw new IllegalArgumentException("bar duration must be >= 1 ms");
        }
        this.model = model;
        this.barMillis = barMillis;
        this.listener = listener;
    }

    @Override
    public void submit(OrderIntent intent) {
        if (known.containsKey(intent.linkId())) {
            listener.onOrderUpdate(new OrderUpdate(intent.linkId(), intent.symbol(), OrderStatus.REJECTED, 0,
                    "110072 duplicate orderLinkId", intent.createdAt()));
            return;
        }
        SimOrder o = new SimOrder(intent, intent.createdAt() + model.latencyMs());
        known.put(intent.linkId(), o);
        openBySymbol.computeIfAbsent(intent.symbol(), s -> new LinkedHashMap<>()).put(intent.linkId(), o);
        listener.onOrderUpdate(o.update(intent.createdAt()));
    }

    @Override
    public void cancelAll(String symbol) {
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        if (open == null || open.isEmpty()) {
            return;
        }
        for (SimOrder o : new ArrayList<>(open.values())) {
            finish(open, o, OrderStatus.CANCELLED, "cancelled", o.intent.createdAt());
        }
    }

    @Override
    public void cancel(String linkId) {
        SimOrder o = known.get(linkId);
        if (o != null && !o.status.isTerminal()) {
            finish(openBySymbol.get(o.intent.symbol()), o, OrderStatus.CANCELLED, "cancelled", o.intent.createdAt());
        }
    }

    @Override
    public boolean amend(String linkId, double price, double qty, long time) {
        SimOrder o = known.get(linkId);
        if (o == null || o.status.isTerminal() || qty <= o.cumQty + EPS) {
            return false;
        }
        o.intent = o.intent.withPriceQty(price, qty, o.intent.createdAt());
        o.liveAt = Math.max(o.liveAt, time + model.latencyMs());
        return true;
    }

    @Override
    public Optional<OrderUpdate> query(String linkId) {
        SimOrder o = known.get(linkId);
        return o == null ? Optional.empty() : Optional.of(o.update(o.intent.createdAt()));
    }

    /** Open orders of a symbol, in submission order. */
    public List<OrderIntent> openOrders(String symbol) {
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        return open == null ? List.of() : open.values().stream().map(o -> o.intent).toList();
    }

    /** Net position the venue holds for the symbol: positive long, negative short. */
    public double position(String symbol) {
        SimPosition p = positions.get(symbol);
        return p == null ? 0 : p.qty;
    }

    /** Liquidation price of the venue's position in the symbol, NaN when flat. */
    public double liquidationPrice(String symbol) {
        SimPosition p = positions.get(symbol);
        return p == null || p.qty == 0 ? Double.NaN : model.liquidationPrice(p.qty > 0, p.avgEntry);
    }

    /** Matches the symbol's open orders against a bar that has just closed. */
    @Override
    public void onMarketBar(String symbol, Bar bar) {
        Map<String, SimOrder> open = openBySymbol.get(symbol);
        if (open == null || open.isEmpty()) {
            if (!positions.isEmpty()) {
                liquidateIfReached(symbol, bar, open);
            }
            return;
        }
        long close = bar.openTime() + barMillis;
        for (SimOrder o : live(open, close, OrderType.MARKET)) {
            if (o.status.isTerminal()) {
                continue;
            }
            double qty = o.intent.qty() - o.cumQty;
            double slip = model.slippage(qty, bar.open(), bar.high(), bar.low(), bar.volume());
            double price = bar.open() * (1 + o.intent.side().sign() * slip);
            double bound = o.intent.protectionPrice();
            if (bound > 0 && (o.intent.side() == Side.Buy ? price > bound : price < bound)) {
                finish(open, o, OrderStatus.CANCELLED, "slippage beyond tolerance", fillTime(o, bar));
                continue;
            }
            execute(open, o, qty, price, false, fillTime(o, bar));
        }
        for (SimOrder o : live(open, close, OrderType.STOP_MARKET)) {
            if (o.status.isTerminal() || !triggered(o.intent, bar)) {
                continue;
            }
            double trigger = o.intent.side() == Side.Sell ? Math.min(bar.open(), o.intent.price())
                    : Math.max(bar.open(), o.intent.price());
            double qty = o.intent.qty() - o.cumQty;
            double slip = model.slippage(qty, bar.open(), bar.high(), bar.low(), bar.volume());
            execute(open, o, qty, trigger * (1 + o.intent.side().sign() * slip), false, fillTime(o, bar));
        }
        liquidateIfReached(symbol, bar, open);
        for (SimOrder o : live(open, close, OrderType.LIMIT)) {
            if (o.status.isTerminal()) {
                continue;
            }
            boolean through = o.intent.side() == Side.Buy ? bar.low() < o.intent.price() : bar.high() > o.intent.price();
            if (through) {
                double qty = Math.min(o.intent.qty() - o.cumQty, model.participation() * bar.volume());
                if (qty > EPS) {
                    execute(open, o, qty, o.intent.price(), true, fillTime(o, bar));
                }
            }
        }
    }

    private void liquidateIfReached(String symbol, Bar bar, Map<String, SimOrder> open) {
        SimPosition p = positions.get(symbol);
        if (p == null || Math.abs(p.qty) < EPS) {
            return;
        }
        boolean isLong = p.qty > 0;
        double liq = model.liquidationPrice(isLong, p.avgEntry);
        if (isLong ? bar.low() > liq : bar.high() < liq) {
            return;
        }
        double price = isLong ? Math.min(bar.open(), liq) : Math.max(bar.open(), liq);
        double qty = Math.abs(p.qty);
        Side side = isLong ? Side.Sell : Side.Buy;
        String linkId = "liq-" + symbol + "-" + bar.openTime();
        applyPosition(symbol, side, qty, price);
        listener.onFill(new Fill("sim-" + (++execSeq), linkId, symbol, side, qty, price,
                model.fees().fee(qty * price, false), false, bar.openTime(), OrderPurpose.LIQUIDATION, "liquidation"));
        for (SimOrder o : open == null ? List.<SimOrder>of() : new ArrayList<>(open.values())) {
            if (o.intent.reduceOnly()) {
                finish(open, o, OrderStatus.CANCELLED, "position liquidated", bar.openTime());
            }
        }
    }

    private long fillTime(SimOrder o, Bar bar) {
        return Math.max(bar.openTime(), o.liveAt);
    }

    /**
     * Orders of one type live before the bar's close, in submission order (a copy: listeners may add or cancel
     * orders while the bar is matched); no allocation when there is none.
     */
    private static List<SimOrder> live(Map<String, SimOrder> open, long barClose, OrderType type) {
        List<SimOrder> live = List.of();
        for (SimOrder o : open.values()) {
            if (o.intent.type() == type && o.liveAt < barClose) {
                if (live.isEmpty()) {
                    live = new ArrayList<>(4);
                }
                live.add(o);
            }
        }
        return live;
    }

    private static boolean triggered(OrderIntent stop, Bar bar) {
        return stop.side() == Side.Sell ? bar.low() <= stop.price() : bar.high() >= stop.price();
    }

    private void finish(Map<String, SimOrder> open, SimOrder o, OrderStatus status, String reason, long time) {
        o.status = status;
        o.reason = reason;
        if (open != null) {
            open.remove(o.intent.linkId());
        }
        listener.onOrderUpdate(o.update(time));
    }

    private void execute(Map<String, SimOrder> open, SimOrder o, double wanted, double price, boolean maker, long time) {
        OrderIntent intent = o.intent;
        double qty = wanted;
        if (intent.reduceOnly()) {
            double pos = position(intent.symbol());
            boolean reduces = Math.abs(pos) > EPS && Math.signum(pos) == -intent.side().sign();
            if (!reduces) {
                finish(open, o, OrderStatus.CANCELLED, "reduce-only order with no position to reduce", time);
                return;
            }
            qty = Math.min(qty, Math.abs(pos));
        }
        applyPosition(intent.symbol(), intent.side(), qty, price);
        o.cumQty += qty;
        boolean done = o.cumQty >= intent.qty() - EPS || intent.reduceOnly() && Math.abs(position(intent.symbol())) < EPS;
        o.status = done ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        if (done) {
            open.remove(intent.linkId());
        }
        listener.onFill(new Fill("sim-" + (++execSeq), intent.linkId(), intent.symbol(), intent.side(), qty, price,
                model.fees().fee(qty * price, maker), maker, time, intent.purpose(), intent.reason()));
        listener.onOrderUpdate(o.update(time));
    }

    private void applyPosition(String symbol, Side side, double qty, double price) {
        SimPosition p = positions.computeIfAbsent(symbol, s -> new SimPosition());
        double signed = side.sign() * qty;
        if (p.qty == 0 || Math.signum(p.qty) == Math.signum(signed)) {
            p.avgEntry = (p.avgEntry * Math.abs(p.qty) + price * qty) / (Math.abs(p.qty) + qty);
        }
        p.qty += signed;
        if (Math.abs(p.qty) < EPS) {
            p.qty = 0;
            p.avgEntry = 0;
        }
    }
}
