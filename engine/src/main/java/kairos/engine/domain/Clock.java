package kairos.engine.domain;

/**
 * The kernel's only source of time. Backtests and replays use the kernel's replay clock (event time); paper and
 * live trading a system clock adapter outside the engine. Engine code never reads the wall clock itself.
 */
@FunctionalInterface
public interface Clock {
    /** Current time, epoch milliseconds UTC. */
    long millis();
}
