package kairos.engine.execution;

/**
 * Receives the venue's executions and order updates, in order, on the kernel thread. Executions and updates of
 * one order may arrive in any order and more than once (a WebSocket replay after a reconnect): the receiver
 * applies fills once per {@code execId} and ignores stale updates.
 */
@FunctionalInterface
public interface FillListener {
    void onFill(Fill fill);

    /** A change of an order's status; ignored by listeners that only book fills. */
    default void onOrderUpdate(OrderUpdate update) {
    }
}
