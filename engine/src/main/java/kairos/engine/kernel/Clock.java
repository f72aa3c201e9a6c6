package kairos.engine.kernel;

/**
 * The kernel's only source of time. Backtests use {@link ReplayClock} (event time); live trading a system clock
 * adapter. Engine code never reads the wall clock itself.
 */
@FunctionalInterface
public interface Clock {
    /** Current time, epoch milliseconds UTC. */
    long millis();
}
