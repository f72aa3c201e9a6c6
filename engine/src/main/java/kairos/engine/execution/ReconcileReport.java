package kairos.engine.execution;

import java.util.List;

/**
 * What one reconciliation with the venue did and found: executions booked that the journal lacked, open orders
 * updated, orphans cancelled, orders queried, and positions that differ (a mismatch the kernel cannot explain).
 */
public record ReconcileReport(int fillsBooked, int ordersUpdated, int orphansCancelled, int ordersQueried,
                              List<String> mismatches, long time) {
    public ReconcileReport {
        mismatches = List.copyOf(mismatches);
    }

    public boolean clean() {
        return mismatches.isEmpty();
    }
}
