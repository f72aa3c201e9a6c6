package kairos.engine.execution;

import kairos.engine.domain.MarketEvent;

/**
 * The matching engine of a simulated venue: it sees each market event before the kernel does, as an exchange's
 * matcher sees a trade before its subscribers. Outside the {@link ExecutionVenue} port: a live venue has no such
 * hook. {@code settle} hands what the venue has produced so far to the kernel, whose reactions (a stop placed on a
 * fill) come back as requests before the rest of the event is matched.
 */
@FunctionalInterface
public interface MarketSimulation {
    void onMarket(MarketEvent event, Runnable settle);
}
