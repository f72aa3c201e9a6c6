package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backtest and paper venue. Orders fill against the bars that follow their submission, never the bar they
 * were decided on:
 * <ul>
 *   <li>market orders fill at the next bar's open, worsened by the slippage fraction, as taker;</li>
 *   <li>stop-market orders trigger when the bar trades through the stop and fill at the stop (or at the open
 *       when the bar opens beyond it), worsened by slippage, as taker;</li>
 *   <li>limit orders fill at their price, as maker, only when the bar trades strictly through it (a touch is not
 *       a fill), and expire after {@code limitTimeoutBars} bars;</li>
 *   <li>when one bar reaches both a stop and a take-profit of the same position, the stop is assumed to come
 *       first (the conservative assumption when the bar's path is unknown).</li>
 * </ul>
 * Reduce-only orders never open or flip a position: they are trimmed to the venue's position, or cancelled.
 */
public final class SimulatedVenue implements ExecutionVenue {
    private final FeeSchedule fees;
    private final int limitTimeoutBars;
    private final FillListener listener;
    private final Map<String, Map<String, OpenOrder>> openBySymbol = new HashMap<>();
    private final Map<String, Double> positions = new HashMap<>();
    private long execSeq;

    private static final class OpenOrder {
        final OrderIntent intent;
        int barsSeen;

        OpenOrder(OrderIntent intent) {
            this.intent = intent;
        }
    }

    public SimulatedVenue(FeeSchedule fees, int limitTimeoutBars, FillListener listener) {
        if (limitTimeoutBars < 1) {
            throw new IllegalArgumentException("limitTimeoutBars must be >= 1");
        }
        this.fees = fees;
        this.limitTimeoutBars = limitTimeoutBars;
        this.listener = listener;
    }

    @Override
    public void submit(OrderIntent intent) {
        Map<String, OpenOrder> open = openBySymbol.computeIfAbsent(intent.symbol(), s -> new LinkedHashMap<>());
        if (open.containsKey(intent.linkId())) {
            throw new IllegalStateException("duplicate orderLinkId " + intent.linkId());
        }
        open.put(intent.linkId(), new OpenOrder(intent));
    }

    @Override
    public void cancelAll(String symbol) {
        Map<String, OpenOrder> open = openBySymbol.get(symbol);
        if (open != null) {
            open.clear();
        }
    }

    @Override
    public void cancel(String linkId) {
        for (Map<String, OpenOrder> open : openBySymbol.values()) {
            if (open.remove(linkId) != null) {
                return;
            }
        }
    }

    /** Open orders of a symbol, in submission order. */
    public List<OrderIntent> openOrders(String symbol) {
        Map<String, OpenOrder> open = openBySymbol.get(symbol);
        return open == null ? List.of() : open.values().stream().map(o -> o.intent).toList();
    }

    /** Net position the venue holds for the symbol: positive long, negative short. */
    public double position(String symbol) {
        return positions.getOrDefault(symbol, 0.0);
    }

    /** Matches the symbol's open orders against a bar that has just closed. */
    @Override
    public void onMarketBar(String symbol, Bar bar) {
        Map<String, OpenOrder> open = openBySymbol.get(symbol);
        if (open == null || open.isEmpty()) {
            return;
        }
        for (OpenOrder o : snapshot(open, bar)) {
            if (o.intent.type() == OrderType.MARKET && open.containsKey(o.intent.linkId())) {
                double price = bar.open() * (1 + o.intent.side().sign() * fees.slippage());
                execute(open, o, price, false, bar.openTime());
            }
        }
        for (OpenOrder o : snapshot(open, bar)) {
            if (o.intent.type() == OrderType.STOP_MARKET && open.containsKey(o.intent.linkId()) && triggered(o.intent, bar)) {
                double trigger = o.intent.side() == Side.Sell ? Math.min(bar.open(), o.intent.price())
                        : Math.max(bar.open(), o.intent.price());
                execute(open, o, trigger * (1 + o.intent.side().sign() * fees.slippage()), false, bar.openTime());
            }
        }
        for (OpenOrder o : snapshot(open, bar)) {
            if (o.intent.type() != OrderType.LIMIT || !open.containsKey(o.intent.linkId())) {
                continue;
            }
            boolean through = o.intent.side() == Side.Buy ? bar.low() < o.intent.price() : bar.high() > o.intent.price();
            if (through) {
                execute(open, o, o.intent.price(), true, bar.openTime());
            } else if (!o.intent.reduceOnly() && ++o.barsSeen >= limitTimeoutBars) {
                open.remove(o.intent.linkId());
            }
        }
    }

    private static List<OpenOrder> snapshot(Map<String, OpenOrder> open, Bar bar) {
        List<OpenOrder> live = new ArrayList<>();
        for (OpenOrder o : open.values()) {
            if (o.intent.createdAt() <= bar.openTime()) {
                live.add(o);
            }
        }
        return live;
    }

    private static boolean triggered(OrderIntent stop, Bar bar) {
        return stop.side() == Side.Sell ? bar.low() <= stop.price() : bar.high() >= stop.price();
    }

    private void execute(Map<String, OpenOrder> open, OpenOrder o, double price, boolean maker, long time) {
        OrderIntent intent = o.intent;
        open.remove(intent.linkId());
        double pos = position(intent.symbol());
        double qty = intent.qty();
        if (intent.reduceOnly()) {
            boolean reduces = pos != 0 && Math.signum(pos) == -intent.side().sign();
            if (!reduces) {
                return;
            }
            qty = Math.min(qty, Math.abs(pos));
        }
        double after = pos + intent.side().sign() * qty;
        positions.put(intent.symbol(), Math.abs(after) < 1e-9 ? 0.0 : after);
        double fee = fees.fee(qty * price, maker);
        listener.onFill(new Fill("sim-" + (++execSeq), intent.linkId(), intent.symbol(), intent.side(), qty, price, fee,
                maker, time, intent.purpose(), intent.reason()));
    }
}
