package kairos.engine.execution;

import kairos.engine.rules.VenueHealth;

/**
 * How the venue's connection to one symbol is doing, as the live adapter measures it (API error rate, latency,
 * maintenance, the circuit breaker, suspect data, a coming delisting): it reaches the kernel thread like any venue
 * message, and the risk guard's hard halts and the rules' {@code VenueHealth} fact read the latest.
 */
public record VenueHealthReport(VenueHealth health, long time) implements VenueEvent {
    @Override
    public String symbol() {
        return health.symbol();
    }
}
