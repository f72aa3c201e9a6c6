package kairos.engine.domain;

/**
 * Anything the kernel takes from its inbox: market data, venue messages, timers, operator commands. {@code time}
 * is when the event happened (epoch ms UTC): the exchange's event time for market data and executions, the due
 * time for a timer.
 */
public interface TimedEvent {
    long time();
}
