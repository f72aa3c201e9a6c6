package kairos.engine.execution;

import java.math.BigDecimal;

/**
 * A venue's report on one order (Bybit's private {@code order} stream, or a query answer): its status, current
 * price (limit price or stop trigger; null for a market order) and quantity (both change when an amend is
 * confirmed), and the cumulative filled quantity at the time of the report, which may lead the executions
 * received. {@code reason} explains a rejection, a cancel or an expiry. {@code venueSeq} orders the venue's
 * reports of one order (Bybit's {@code updatedTime}; the simulator's counter): a report older than one already
 * applied never overrides its price or quantity.
 */
public record OrderUpdate(String linkId, String symbol, OrderStatus status, BigDecimal price, BigDecimal qty,
                          BigDecimal cumQty, String reason, long time, long venueSeq) implements VenueEvent {

    public OrderUpdate {
        cumQty = cumQty == null ? BigDecimal.ZERO : cumQty;
        reason = reason == null ? "" : reason;
    }

    /** A status-only report (tests and client-side transitions). */
    public OrderUpdate(String linkId, String symbol, OrderStatus status, double cumQty, String reason, long time) {
        this(linkId, symbol, status, null, null, BigDecimal.valueOf(cumQty), reason, time, 0);
    }
}
