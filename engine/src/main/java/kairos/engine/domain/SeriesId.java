package kairos.engine.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * Identity of a stored market-data series. {@code timeframe} is null for a funding series.
 */
public record SeriesId(String exchange, Market market, String symbol, Timeframe timeframe) implements Comparable<SeriesId> {

    public SeriesId {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(market, "market");
        Objects.requireNonNull(symbol, "symbol");
        exchange = exchange.toLowerCase(Locale.ROOT);
        symbol = symbol.toUpperCase(Locale.ROOT);
        if (!exchange.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("exchange '" + exchange + "' must be letters, digits, '-' or '_'");
        }
        if (!symbol.matches("[A-Z0-9_-]+")) {
            throw new IllegalArgumentException("symbol '" + symbol + "' must be letters, digits, '-' or '_'");
        }
    }

    public static SeriesId candles(String exchange, Market market, String symbol, Timeframe timeframe) {
        return new SeriesId(exchange, market, symbol, Objects.requireNonNull(timeframe, "timeframe"));
    }

    public static SeriesId funding(String exchange, Market market, String symbol) {
        return new SeriesId(exchange, market, symbol, null);
    }

    public boolean isFunding() {
        return timeframe == null;
    }

    public SeriesId withTimeframe(Timeframe tf) {
        return new SeriesId(exchange, market, symbol, tf);
    }

    /** Human form, e.g. {@code bybit/perp/SOLUSDT/5m} or {@code bybit/perp/SOLUSDT/funding}. */
    @Override
    public String toString() {
        return exchange + "/" + market.label() + "/" + symbol + "/" + (timeframe == null ? "funding" : timeframe.label());
    }

    @Override
    public int compareTo(SeriesId o) {
        return toString().compareTo(o.toString());
    }
}
