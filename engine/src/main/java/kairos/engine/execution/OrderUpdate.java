package kairos.engine.execution;

/**
 * A venue's report on one order (Bybit's private {@code order} stream, or a query answer). {@code cumQty} is the
 * venue's cumulative filled quantity at the time of the report; {@code reason} explains a rejection, a cancel or
 * an expiry.
 */
public record OrderUpdate(String linkId, String symbol, OrderStatus status, double cumQty, String reason, long time) {
}
