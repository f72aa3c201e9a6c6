package kairos.engine.execution;

import kairos.engine.domain.Bar;

/**
 * Port to where orders go: the simulated venue in backtest and paper mode, Bybit in live mode. Calls come from
 * the kernel thread only; executions come back through the {@link FillListener} given at construction.
 */
public interface ExecutionVenue {

    /** Places an order; it is live from {@code intent.createdAt()} on. */
    void submit(OrderIntent intent);

    /** Cancels every open order of the symbol (reduce-only protective orders included). */
    void cancelAll(String symbol);

    /** Cancels one open order; unknown ids are ignored. */
    void cancel(String linkId);

    /**
     * A closed market bar of a symbol. A simulated venue matches its open orders against it; a real exchange
     * venue ignores it (the exchange matches).
     */
    default void onMarketBar(String symbol, Bar bar) {
    }
}
