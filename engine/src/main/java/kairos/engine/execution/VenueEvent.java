package kairos.engine.execution;

import kairos.engine.domain.TimedEvent;

/**
 * What a venue says, always as an event on the kernel thread, never as the return value of a request: order
 * updates, executions, query answers, positions, the wallet, the connection, reconciliation snapshots. Messages of
 * a real exchange may arrive late, twice, or out of order (an order's {@code Filled} status before its last
 * execution); receivers are idempotent and never take an outcome for granted.
 */
public sealed interface VenueEvent extends TimedEvent
        permits OrderUpdate, Fill, OrderNotFound, RequestRejected, PositionReport, WalletReport, VenueConnection,
        VenueSnapshot, FundingPayment, VenueHealthReport {

    /** The symbol the event is about, or null for account-wide events. */
    String symbol();
}
