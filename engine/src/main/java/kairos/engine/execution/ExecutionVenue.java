package kairos.engine.execution;

import java.math.BigDecimal;

/**
 * Port to where orders go: the simulated venue in backtest, replay and paper mode, Bybit in live mode. Calls come
 * from the kernel thread and return at once; every result — acknowledgement, rejection, fill, cancel, amend, query
 * answer — comes back later, and only, as a {@link VenueEvent} to the {@link VenueListener} given to the venue.
 * Prices and quantities are exact decimals on the instrument's tick and step.
 */
public interface ExecutionVenue {

    /**
     * Places an order. Answered by an {@link OrderUpdate}: {@code ACCEPTED}, or {@code REJECTED} with the reason.
     * A submission whose orderLinkId the venue already has (Bybit's 110072) is not a new order: it is answered with
     * that order's state ("already placed").
     */
    void submit(OrderIntent intent);

    /** Changes the price (limit price or stop trigger) and total quantity of an open order; answered by an update or a {@link RequestRejected}. */
    void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty);

    /** Cancels one open order; answered by its {@code CANCELLED} update or a {@link RequestRejected}. */
    void cancel(String linkId, String symbol);

    /** Cancels every open order of the symbol (reduce-only protective orders included). */
    void cancelAll(String symbol);

    /** Asks for an order's state: answered by its executions and an {@link OrderUpdate}, or {@link OrderNotFound}. */
    void query(String linkId, String symbol);

    /** Asks for a {@link VenueSnapshot}: open orders, positions, and executions at or after {@code executionsSince}. */
    void reconcile(long executionsSince);
}
