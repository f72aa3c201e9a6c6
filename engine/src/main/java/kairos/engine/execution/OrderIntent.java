package kairos.engine.execution;

import kairos.engine.domain.Side;

/**
 * An order Kairos wants on the venue. {@code linkId} is deterministic (≤ 36 chars, unique per intent) so that a
 * retried submission can be recognised by the exchange. {@code price} is the limit price or the stop trigger.
 * {@code reason} becomes the trade's exit reason for exits ("stop", "tp1", "time_stop", ...).
 */
public record OrderIntent(String linkId, String symbol, Side side, OrderType type, double qty, double price,
                          boolean reduceOnly, OrderPurpose purpose, String reason, long createdAt) {

    public OrderIntent {
        if (linkId.length() > 36) {
            throw new IllegalArgumentException("orderLinkId longer than 36 chars: " + linkId);
        }
        if (!(qty > 0)) {
            throw new IllegalArgumentException("order quantity must be > 0: " + linkId);
        }
    }
}
