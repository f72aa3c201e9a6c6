package kairos.engine.execution;

/** Schedules a {@link Timer} on the kernel's inbox; it comes back as an event once time reaches {@code at}. */
@FunctionalInterface
public interface Scheduler {
    void schedule(long at, String kind, String key, String symbol);
}
