package kairos.engine.backtest;

/** Equity at one moment of the replay; {@code inPosition} when any position was open. */
public record EquityPoint(long time, double equity, boolean inPosition) {
}
