package kairos.engine.execution;

import kairos.engine.domain.Side;

/**
 * An execution on the venue. {@code execId} is unique per execution (fills are applied once per execId);
 * {@code fee} is paid in quote currency (>= 0 here; a maker rebate would be negative).
 */
public record Fill(String execId, String orderLinkId, String symbol, Side side, double qty, double price, double fee,
                   boolean maker, long time, OrderPurpose purpose, String reason) {
}
