package kairos.engine.kernel;

/** Port where every decision's audit record goes (a file in backtests, the journal database in live mode). */
@FunctionalInterface
public interface DecisionJournal {
    void record(Decision decision);
}
