package kairos.engine.execution;

/**
 * Life of an order as Kairos tracks it. {@code NEW} is "sent, not yet acknowledged"; {@code UNKNOWN} is "sent,
 * and no acknowledgement came within the ack timeout" — the order may or may not rest on the venue, so it is
 * never treated as "not placed": the order manager queries the venue until the answer resolves it.
 * The four terminal states never change again; fills that arrive late (a fill racing a cancel) are still booked.
 */
public enum OrderStatus {
    NEW(0), ACCEPTED(1), PARTIALLY_FILLED(2), FILLED(3), CANCELLED(3), REJECTED(3), EXPIRED(3), UNKNOWN(0);

    private final int rank;

    OrderStatus(int rank) {
        this.rank = rank;
    }

    public boolean isTerminal() {
        return rank == 3;
    }

    /** Progress order used to ignore stale, out-of-order updates: a status never moves to a lower rank. */
    int rank() {
        return rank;
    }
}
