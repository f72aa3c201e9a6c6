package kairos.engine.execution;

/**
 * A funding settlement as the venue booked it (Bybit: an execution with {@code execType} {@code Funding}): not a
 * fill, a cash flow of the open position. {@code amount} is what the account paid in quote currency (negative:
 * received). {@code execId} makes it idempotent. A live kernel books funding from these, not from the rate.
 */
public record FundingPayment(String execId, String symbol, double amount, long time) implements VenueEvent {
}
