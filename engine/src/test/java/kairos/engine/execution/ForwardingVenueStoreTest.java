package kairos.engine.execution;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingVenueStoreTest {
    @Test
    void loadsAndSavesReachTheStoreBehindUnchanged() {
        SimulatedVenue.State state = new SimulatedVenue.State(List.of(), List.of(), List.of(), 3, 4, List.of(), List.of());
        List<SimulatedVenue.State> saved = new ArrayList<>();
        VenueStore inner = new VenueStore() {
            @Override
            public Optional<SimulatedVenue.State> load() {
                return Optional.of(state);
            }

            @Override
            public void save(SimulatedVenue.State s) {
                saved.add(s);
            }
        };
        VenueStore forwarding = new ForwardingVenueStore(inner) {
        };
        assertThat(forwarding.load()).containsSame(state);
        forwarding.save(state);
        assertThat(saved).containsExactly(state);
    }
}
