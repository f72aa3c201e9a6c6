package kairos.engine.execution;

/** Receives the venue's executions, in order, on the kernel thread. */
@FunctionalInterface
public interface FillListener {
    void onFill(Fill fill);
}
