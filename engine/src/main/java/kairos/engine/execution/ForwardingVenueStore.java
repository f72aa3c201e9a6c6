package kairos.engine.execution;

import java.util.Optional;

/**
 * A venue store that hands every call to another one unchanged: the base of what stands between a simulated venue
 * and its store (the session's writer, benchmarks, crash tests), which overrides only the calls it watches and calls
 * {@code super} to pass them on.
 */
public abstract class ForwardingVenueStore implements VenueStore {
    private final VenueStore inner;

    protected ForwardingVenueStore(VenueStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<SimulatedVenue.State> load() {
        return inner.load();
    }

    @Override
    public void save(SimulatedVenue.State state) {
        inner.save(state);
    }
}
