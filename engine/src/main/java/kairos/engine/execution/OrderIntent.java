package kairos.engine.execution;

import kairos.engine.domain.Side;

/**
 * An order Kairos wants on the venue. {@code linkId} is deterministic (≤ 36 chars, unique per intent) so that a
 * retried submission can be recognised by the exchange. {@code price} is the limit price or the stop trigger.
 * {@code reason} becomes the trade's exit reason for exits ("stop", "tp1", "time_stop", ...).
 * {@code protectionPrice} bounds the fill price of a market order (Bybit's slippage tolerance): a buy never fills
 * above it, a sell never below; 0 means no bound.
 */
public record OrderIntent(String linkId, String symbol, Side side, OrderType type, double qty, double price,
                          boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt,
                          double protectionPrice) {

    /** The longest orderLinkId Bybit accepts. */
    public static final int MAX_LINK_ID = 36;

    public OrderIntent {
        if (linkId.isEmpty() || linkId.length() > MAX_LINK_ID) {
            throw new IllegalArgumentException("orderLinkId must have 1 to 36 chars: " + linkId);
        }
        if (!(qty > 0)) {
            throw new IllegalArgumentException("order quantity must be > 0: " + linkId);
        }
    }

    public OrderIntent(String linkId, String symbol, Side side, OrderType type, double qty, double price,
                       boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt) {
        this(linkId, symbol, side, type, qty, price, reduceOnly, purpose, reason, createdAt, 0);
    }

    OrderIntent withPriceQty(double newPrice, double newQty, long time) {
        return new OrderIntent(linkId, symbol, side, type, newQty, newPrice, reduceOnly, purpose, reason, time,
                protectionPrice);
    }
}
