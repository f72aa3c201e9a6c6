package kairos.engine.kernel;

/**
 * Port for market data: a replay of stored series in backtests, Bybit's streams in paper and live mode.
 * Events come in event-time order; {@link #next()} returns null when the source is exhausted.
 */
public interface MarketDataSource {
    MarketEvent next();
}
