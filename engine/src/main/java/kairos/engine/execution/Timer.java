package kairos.engine.execution;

import kairos.engine.domain.TimedEvent;

/**
 * A timer that has come due: {@code kind} says whose and what ({@code ack}, {@code fill_timeout}, {@code slice},
 * {@code query}, {@code exec_wait}, {@code reconcile} ...), {@code key} what it is about (an orderLinkId, a symbol).
 * {@code symbol} is the symbol it concerns, null for the whole account. Timers run on event time: in a replay they
 * fire when the replayed time reaches them.
 */
public record Timer(long time, String kind, String key, String symbol) implements TimedEvent {
}
