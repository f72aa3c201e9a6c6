package kairos.engine.execution;

import java.util.List;

/**
 * A reconciliation answer: every open order, every non-flat position and every execution at or after
 * {@code executionsSince}, as the venue saw them at {@code time} (Bybit: {@code /v5/order/realtime},
 * {@code /v5/position/list}, {@code /v5/execution/list}).
 */
public record VenueSnapshot(List<OrderUpdate> openOrders, List<PositionReport> positions, List<Fill> executions,
                            long executionsSince, long time) implements VenueEvent {
    public VenueSnapshot {
        openOrders = List.copyOf(openOrders);
        positions = List.copyOf(positions);
        executions = List.copyOf(executions);
    }

    @Override
    public String symbol() {
        return null;
    }
}
