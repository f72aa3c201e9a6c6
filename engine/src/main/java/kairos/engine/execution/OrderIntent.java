package kairos.engine.execution;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/**
 * An order Kairos wants on the venue. {@code linkId} is deterministic (≤ 36 chars, unique per intent) so that a
 * retried submission is recognised by the exchange. {@code qty} and {@code price} are exact decimals on the
 * instrument's step and tick; {@code price} is the limit price or the stop trigger, null for a market order.
 * {@code reason} becomes the trade's exit reason for exits ("stop", "tp1", "time_stop", ...).
 * {@code protectionPrice} bounds the fill price of a market order (Bybit's slippage tolerance): a buy never fills
 * above it, a sell never below; null means no bound.
 */
public record OrderIntent(String linkId, String symbol, Side side, OrderType type, BigDecimal qty, BigDecimal price,
                          boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt,
                          BigDecimal protectionPrice) {

    /** The longest orderLinkId Bybit accepts. */
    public static final int MAX_LINK_ID = 36;

    public OrderIntent {
        if (linkId == null || linkId.isEmpty() || linkId.length() > MAX_LINK_ID) {
            throw new IllegalArgumentException("orderLinkId must have 1 to 36 chars: " + linkId);
        }
        if (qty == null || qty.signum() <= 0) {
            throw new IllegalArgumentException("order quantity must be > 0: " + linkId);
        }
        if (type != OrderType.MARKET && (price == null || price.signum() <= 0)) {
            throw new IllegalArgumentException(type + " order " + linkId + " needs a price > 0");
        }
        if (type == OrderType.MARKET) {
            price = null;
        }
        if (protectionPrice != null && protectionPrice.signum() <= 0) {
            protectionPrice = null;
        }
    }

    public OrderIntent(String linkId, String symbol, Side side, OrderType type, BigDecimal qty, BigDecimal price,
                       boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt) {
        this(linkId, symbol, side, type, qty, price, reduceOnly, purpose, reason, createdAt, null);
    }

    /** Doubles for tests: quantity and price as written (0 price: none). */
    public OrderIntent(String linkId, String symbol, Side side, OrderType type, double qty, double price,
                       boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt) {
        this(linkId, symbol, side, type, BigDecimal.valueOf(qty), price > 0 ? BigDecimal.valueOf(price) : null,
                reduceOnly, purpose, reason, createdAt, null);
    }

    /** The limit price or stop trigger as a double, NaN for a market order. */
    public double priceValue() {
        return price == null ? Double.NaN : price.doubleValue();
    }

    public double qtyValue() {
        return qty.doubleValue();
    }

    /** The same order with a new price and quantity (an amend). */
    public OrderIntent withPriceQty(BigDecimal newPrice, BigDecimal newQty) {
        return new OrderIntent(linkId, symbol, side, type, newQty, newPrice, reduceOnly, purpose, reason, createdAt,
                protectionPrice);
    }

    /** The same order with another exit reason (a trailed stop reads "trailing"). */
    public OrderIntent withReason(String newReason) {
        return new OrderIntent(linkId, symbol, side, type, qty, price, reduceOnly, purpose, newReason, createdAt,
                protectionPrice);
    }
}
