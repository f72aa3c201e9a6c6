package kairos.engine.execution;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/**
 * An execution on the venue. {@code execId} is unique per execution: fills are booked once per execId.
 * {@code qty} and {@code price} are the exchange's figures (a simulated fill's price includes its slippage);
 * {@code fee} is paid in quote currency (>= 0 here; a maker rebate would be negative). {@code purpose} and
 * {@code reason} are hints a simulated venue knows (a liquidation); a live venue leaves them null and the order
 * manager takes them from the order.
 */
public record Fill(String execId, String orderLinkId, String symbol, Side side, BigDecimal qty, BigDecimal price,
                   double fee, boolean maker, long time, OrderPurpose purpose, String reason) implements VenueEvent {

    public Fill {
        if (qty == null || qty.signum() <= 0 || price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("fill " + execId + " needs a positive quantity and price");
        }
    }

    public Fill(String execId, String orderLinkId, String symbol, Side side, double qty, double price, double fee,
                boolean maker, long time, OrderPurpose purpose, String reason) {
        this(execId, orderLinkId, symbol, side, decimal(qty, execId), decimal(price, execId), fee, maker, time,
                purpose, reason);
    }

    private static BigDecimal decimal(double v, String execId) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("fill " + execId + " needs a positive quantity and price");
        }
        return BigDecimal.valueOf(v);
    }

    public double qtyValue() {
        return qty.doubleValue();
    }

    public double priceValue() {
        return price.doubleValue();
    }

    /** Quote value of the fill, qty x price. */
    public double notional() {
        return qty.doubleValue() * price.doubleValue();
    }
}
