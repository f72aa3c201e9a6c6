package kairos.engine.kernel;

import kairos.engine.execution.Fill;
import kairos.engine.execution.TradeRecord;

import java.util.List;
import java.util.Optional;

/**
 * A state journal that hands every call to another one unchanged: the base of what stands between the kernel and
 * its journal (the session's writer, metrics, benchmarks, crash tests), which overrides only the calls it watches
 * and calls {@code super} to pass them on.
 */
public abstract class ForwardingStateJournal implements StateJournal {
    private final StateJournal inner;

    protected ForwardingStateJournal(StateJournal inner) {
        this.inner = inner;
    }

    @Override
    public Optional<KernelState> load() {
        return inner.load();
    }

    @Override
    public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
        inner.save(state, fills, trades, decisions);
    }

    @Override
    public void sync() {
        inner.sync();
    }
}
