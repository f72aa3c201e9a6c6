package kairos.engine.execution;

import java.math.BigDecimal;

/**
 * A venue port that hands every call to another one unchanged: the base of the observers that stand between the
 * kernel and its venue (metrics, benchmarks, crash tests), which override only the calls they watch and call
 * {@code super} to pass them on.
 */
public abstract class ForwardingVenue implements ExecutionVenue {
    private final ExecutionVenue inner;

    protected ForwardingVenue(ExecutionVenue inner) {
        this.inner = inner;
    }

    @Override
    public void submit(OrderIntent intent) {
        inner.submit(intent);
    }

    @Override
    public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
        inner.amend(linkId, symbol, price, qty);
    }

    @Override
    public void cancel(String linkId, String symbol) {
        inner.cancel(linkId, symbol);
    }

    @Override
    public void cancelAll(String symbol) {
        inner.cancelAll(symbol);
    }

    @Override
    public void query(String linkId, String symbol) {
        inner.query(linkId, symbol);
    }

    @Override
    public void reconcile(long executionsSince) {
        inner.reconcile(executionsSince);
    }
}
