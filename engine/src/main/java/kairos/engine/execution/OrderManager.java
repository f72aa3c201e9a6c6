package kairos.engine.execution;

import kairos.engine.backtest.TradeRecord;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Venue-agnostic order handling for the kernel: turns accepted entries and exit signals into orders with
 * deterministic {@code orderLinkId}s, places the protective stop and take-profit once an entry fills, books
 * every fill in the {@link Portfolio}, and cancels what is left when a position is flat.
 */
public final class OrderManager implements FillListener {
    private final Map<String, Instrument> instruments;
    private final Portfolio portfolio;
    private final Map<String, PendingEntry> pendingEntries = new HashMap<>();
    private ExecutionVenue venue;

    /** What must be remembered between an entry order and its fill. */
    private record PendingEntry(String linkId, String strategy, String rule, double stop, double target) {
    }

    public OrderManager(Map<String, Instrument> instruments, Portfolio portfolio) {
        this.instruments = Map.copyOf(instruments);
        this.portfolio = portfolio;
    }

    /** Connects the venue orders go to; its fills must come back to {@link #onFill}. */
    public void connect(ExecutionVenue venue) {
        this.venue = venue;
    }

    public ExecutionVenue venue() {
        return venue;
    }

    /** Deterministic orderLinkId: symbol, time and purpose; at most 36 characters. */
    public static String linkId(String symbol, long time, String purpose) {
        return "k" + symbol + "-" + Long.toString(time / 1000, 36) + "-" + purpose;
    }

    public boolean hasPendingEntry(String symbol) {
        return pendingEntries.containsKey(symbol);
    }

    /** Sends an entry sized by the risk guard; the stop and target are placed when it fills. */
    public String submitEntry(String symbol, Side side, boolean limit, double limitPrice, double qty, double stop,
                              double target, String strategy, String rule, long now) {
        Instrument instrument = instruments.get(symbol);
        double price = limit ? instrument.roundPrice(limitPrice, side == Side.Buy ? RoundingMode.FLOOR : RoundingMode.CEILING)
                .doubleValue() : 0;
        String linkId = linkId(symbol, now, "e");
        venue.submit(new OrderIntent(linkId, symbol, side, limit ? OrderType.LIMIT : OrderType.MARKET, qty, price, false,
                OrderPurpose.ENTRY, "entry", now));
        pendingEntries.put(symbol, new PendingEntry(linkId, strategy, rule, stop, target));
        return linkId;
    }

    /** Cancels every resting order of the symbol, the pending entry included (a rule's cancel-all action). */
    public void cancelAll(String symbol) {
        venue.cancelAll(symbol);
        pendingEntries.remove(symbol);
    }

    /** Closes the symbol's whole position at market (reduce-only); {@code reason} becomes the exit reason. */
    public String submitExit(String symbol, String reason, long now) {
        Portfolio.Position position = portfolio.position(symbol);
        if (position == null) {
            return null;
        }
        String linkId = linkId(symbol, now, "x");
        venue.submit(new OrderIntent(linkId, symbol, position.side().opposite(), OrderType.MARKET, position.qty(), 0, true,
                OrderPurpose.EXIT, reason, now));
        return linkId;
    }

    @Override
    public void onFill(Fill fill) {
        String symbol = fill.symbol();
        if (fill.purpose() == OrderPurpose.ENTRY) {
            PendingEntry entry = pendingEntries.remove(symbol);
            if (entry == null) {
                throw new IllegalStateException("entry fill " + fill.execId() + " for " + symbol + " without a pending entry");
            }
            portfolio.apply(fill, entry.strategy(), entry.rule());
            placeProtection(fill, entry);
            return;
        }
        TradeRecord closed = portfolio.apply(fill, null, null);
        if (closed != null) {
            venue.cancelAll(symbol);
        }
    }

    private void placeProtection(Fill fill, PendingEntry entry) {
        Instrument instrument = instruments.get(fill.symbol());
        Side exitSide = fill.side().opposite();
        boolean isLong = fill.side() == Side.Buy;
        venue.submit(new OrderIntent(linkId(fill.symbol(), fill.time(), "s"), fill.symbol(), exitSide,
                OrderType.STOP_MARKET, fill.qty(), entry.stop(), true, OrderPurpose.STOP, "stop", fill.time()));
        if (Double.isFinite(entry.target()) && entry.target() > 0) {
            double target = instrument.roundPrice(entry.target(), isLong ? RoundingMode.CEILING : RoundingMode.FLOOR)
                    .doubleValue();
            venue.submit(new OrderIntent(linkId(fill.symbol(), fill.time(), "t"), fill.symbol(), exitSide,
                    OrderType.LIMIT, fill.qty(), target, true, OrderPurpose.TARGET, "tp1", fill.time()));
        }
    }

    /**
     * Closes every open position at the given last prices, as a taker, with exit reason {@code reason}
     * (a backtest ends with "end_of_data" so that the sum of trade PnL equals the change in equity).
     */
    public void closeAll(String reason, double takerFee, long now, Map<String, Double> lastPrices) {
        for (Portfolio.Position p : List.copyOf(portfolio.openPositions())) {
            double price = lastPrices.getOrDefault(p.symbol(), p.avgEntry());
            venue.cancelAll(p.symbol());
            portfolio.apply(new Fill(reason + "-" + p.symbol() + "-" + now, linkId(p.symbol(), now, "z"), p.symbol(),
                    p.side().opposite(), p.qty(), price, p.qty() * price * takerFee, false, now, OrderPurpose.END_OF_DATA,
                    reason), null, null);
        }
        pendingEntries.clear();
    }
}
