package kairos.engine.kernel;

import kairos.engine.execution.Fill;
import kairos.engine.execution.TradeRecord;

import java.util.List;
import java.util.Optional;

/**
 * Port where a trading kernel keeps its state as each event is handled (SQLite in paper and live mode, nothing in a
 * backtest), and what it restores on start. {@link #save} is one transaction: the state with the fills, closed
 * trades and decision records that came with it, all or nothing. A journal may write behind (a session's saves
 * are written on a thread of their own, in order): then {@link #sync} is the barrier the kernel passes before it
 * sends any venue request, so an order never leaves before the state that asked for it is on disk; a crash loses
 * at most the saves handed over since the last send, none of which sent anything.
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

    /**
     * Returns once every save handed over so far is on disk (a journal that writes as it is asked: at once); throws
     * when one of them failed, and then nothing may be sent.
     */
    default void sync() {
    }
}
