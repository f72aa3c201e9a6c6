package kairos.engine.kernel;

import kairos.engine.execution.Fill;
import kairos.engine.execution.TradeRecord;

import java.util.List;
import java.util.Optional;

/**
 * Port where a trading kernel keeps its state as each event is handled (SQLite in paper and live mode, nothing in a
 * backtest), and what it restores on start. {@link #save} is one transaction: the state with the fills, closed
 * trades and decision records that came with it, all or nothing; a crash between two saves loses at most the one
 * event being handled, and the venue requests of that event were not sent yet (they go out after the save).
 */
public interface StateJournal {
    /** A backtest's journal: nothing is kept while it runs. */
    StateJournal NONE = new StateJournal() {
        @Override
        public Optional<KernelState> load() {
            return Optional.empty();
        }

        @Override
        public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
        }
    };

    Optional<KernelState> load();

    void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions);
}
