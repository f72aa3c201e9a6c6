package kairos.engine.domain;

/**
 * One OHLCV candle. {@code openTime} is the bar's open in epoch milliseconds UTC; the bar is known at its
 * close, {@code openTime + timeframe}. Volume is in the base asset.
 */
public record Bar(long openTime, double open, double high, double low, double close, double volume) {
}
