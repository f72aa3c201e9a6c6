package kairos.engine.execution;

import java.util.Optional;

/**
 * Where a simulated venue keeps its state between runs (a paper session that resumes after a restart): it is
 * saved after every change, as an exchange would never forget an order.
 */
public interface VenueStore {
    Optional<SimulatedVenue.State> load();

    void save(SimulatedVenue.State state);
}
