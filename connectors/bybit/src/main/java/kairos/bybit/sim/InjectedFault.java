package kairos.bybit.sim;

/** A fault the simulator applied, at exchange time {@code time}: what a test asserts its client survived. */
public record InjectedFault(long time, String kind, String detail) {
}
