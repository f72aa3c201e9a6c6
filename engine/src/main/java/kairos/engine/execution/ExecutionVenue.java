package kairos.engine.execution;

import kairos.engine.domain.Bar;

import java.util.Optional;

/**
 * Port to where orders go: the simulated venue in backtest and paper mode, Bybit in live mode. Calls come from
 * the kernel thread only; executions and order updates come back through the {@link FillListener} given at
 * construction. A venue acknowledges a submitted order with an {@link OrderUpdate} ({@code ACCEPTED} or
 * {@code REJECTED}); an order that gets no acknowledgement is "unknown" until {@link #query} resolves it.
 */
public interface ExecutionVenue {

    /** Places an order; it can match from {@code intent.createdAt()} plus the venue's latency on. */
    void submit(OrderIntent intent);

    /** Cancels every open order of the symbol (reduce-only protective orders included). */
    void cancelAll(String symbol);

    /** Cancels one open order; unknown ids are ignored. */
    void cancel(String linkId);

    /**
     * Changes the price (limit price or stop trigger) and quantity of an open order, effective from {@code time}
     * plus latency. Returns false when the order is no longer open (filled, cancelled or unknown to the venue).
     */
    boolean amend(String linkId, double price, double qty, long time);

    /** The venue's current view of an order, or empty when the venue has never seen it. */
    Optional<OrderUpdate> query(String linkId);

    /**
     * A closed market bar of a symbol. A simulated venue matches its open orders against it; a real exchange
     * venue ignores it (the exchange matches).
     */
    default void onMarketBar(String symbol, Bar bar) {
    }
}
