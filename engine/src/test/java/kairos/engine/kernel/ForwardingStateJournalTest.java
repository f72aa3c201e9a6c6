package kairos.engine.kernel;

import kairos.engine.execution.Fill;
import kairos.engine.execution.TradeRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingStateJournalTest {
    @Test
    void everyCallReachesTheJournalBehindUnchanged() {
        List<String> calls = new ArrayList<>();
        StateJournal inner = new StateJournal() {
            @Override
            public Optional<KernelState> load() {
                calls.add("load");
                return Optional.empty();
            }

            @Override
            public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                calls.add("save " + fills.size() + " " + trades.size() + " " + decisions.size());
            }

            @Override
            public void sync() {
                calls.add("sync");
            }
        };
        StateJournal forwarding = new ForwardingStateJournal(inner) {
        };
        assertThat(forwarding.load()).isEmpty();
        forwarding.save(null, List.of(), List.of(), List.of());
        forwarding.sync();
        StateJournal.NONE.sync();   // a journal that writes as it is asked has nothing to wait for
        assertThat(calls).containsExactly("load", "save 0 0 0", "sync");
    }
}
