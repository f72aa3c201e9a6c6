package kairos.engine.execution;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reconciliation answer: every open order, every non-flat position and every execution at or after
 * {@code executionsSince}, as the venue saw them at {@code time} (Bybit: {@code /v5/order/realtime},
 * {@code /v5/position/list}, {@code /v5/execution/list}).
 *
 * <p>Which executions the positions include is said by execution id, not by time: at the snapshot's own
 * millisecond the venue may have made fills before it read its positions and others after (an exit, then the next
 * entry, on one trade). The positions include every execution before {@code executionsSince}, every listed
 * execution except those in {@code notInPositions} (listed, but made after the venue read its positions: Bybit
 * lists executions after it answered for the positions), and of the executions the snapshot does not list, those
 * before {@code time} (a list that lags; one at {@code time} or later was made after the snapshot).
 */
public record VenueSnapshot(List<OrderUpdate> openOrders, List<PositionReport> positions, List<Fill> executions,
                            long executionsSince, long time, Set<String> notInPositions) implements VenueEvent {
    public VenueSnapshot {
        openOrders = List.copyOf(openOrders);
        positions = List.copyOf(positions);
        executions = List.copyOf(executions);
        notInPositions = Set.copyOf(notInPositions);
    }

    /** A snapshot whose positions include every execution it lists (the simulated venue reads both at once). */
    public VenueSnapshot(List<OrderUpdate> openOrders, List<PositionReport> positions, List<Fill> executions,
                         long executionsSince, long time) {
        this(openOrders, positions, executions, executionsSince, time, Set.of());
    }

    /** Whether the snapshot's positions include an execution. */
    @FunctionalInterface
    public interface Inclusion {
        boolean includes(String execId, long time);
    }

    /** Which executions the snapshot's positions include (see the class comment). */
    public Inclusion inclusion() {
        Set<String> listed = new HashSet<>();
        executions.forEach(f -> listed.add(f.execId()));
        return (execId, t) -> listed.contains(execId) ? !notInPositions.contains(execId)
                : t < executionsSince || t < time;
    }

    @Override
    public String symbol() {
        return null;
    }
}
