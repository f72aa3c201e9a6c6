package kairos.engine.kernel;

import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.OrderIntent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The venue requests of one event, held back until the kernel has journaled the state that asked for them
 * (write-ahead: after a crash the journal knows every order that may have reached the venue), then sent in order.
 */
final class Outbox implements ExecutionVenue {
    private final ExecutionVenue venue;
    private final List<Runnable> pending = new ArrayList<>();

    Outbox(ExecutionVenue venue) {
        this.venue = venue;
    }

    ExecutionVenue venue() {
        return venue;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Sends what was held back, in the order it was asked for. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Runnable> batch = List.copyOf(pending);
        pending.clear();
        batch.forEach(Runnable::run);
    }

    @Override
    public void submit(OrderIntent intent) {
        pending.add(() -> venue.submit(intent));
    }

    @Override
    public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
        pending.add(() -> venue.amend(linkId, symbol, price, qty));
    }

    @Override
    public void cancel(String linkId, String symbol) {
        pending.add(() -> venue.cancel(linkId, symbol));
    }

    @Override
    public void cancelAll(String symbol) {
        pending.add(() -> venue.cancelAll(symbol));
    }

    @Override
    public void query(String linkId, String symbol) {
        pending.add(() -> venue.query(linkId, symbol));
    }

    @Override
    public void reconcile(long executionsSince) {
        pending.add(() -> venue.reconcile(executionsSince));
    }
}
