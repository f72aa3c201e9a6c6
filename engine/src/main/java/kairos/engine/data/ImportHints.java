package kairos.engine.data;

import java.nio.file.Path;

import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

/**
 * What the user told {@code data import} about the files ({@code --exchange --market --symbol --timeframe}); each
 * field may be null. A hint overrides what a reader infers from the file name or content. Without hint or
 * inference the exchange is {@value #DEFAULT_EXCHANGE} and the market {@code perp}; symbol and timeframe have no
 * default: a file that does not reveal them is refused with an error asking for the option.
 */
public record ImportHints(String exchange, Market market, String symbol, Timeframe timeframe) {

    public static final String DEFAULT_EXCHANGE = "bybit";
    public static final Market DEFAULT_MARKET = Market.PERP;

    public static ImportHints none() {
        return new ImportHints(null, null, null, null);
    }

    public ImportHints withExchange(String value) {
        return new ImportHints(value, market, symbol, timeframe);
    }

    public ImportHints withMarket(Market value) {
        return new ImportHints(exchange, value, symbol, timeframe);
    }

    public ImportHints withSymbol(String value) {
        return new ImportHints(exchange, market, value, timeframe);
    }

    public ImportHints withTimeframe(Timeframe value) {
        return new ImportHints(exchange, market, symbol, value);
    }

    /**
     * The candle series a file belongs to: hints first, then the inferred values, then defaults.
     *
     * @param inferred what the file name or content says (fields may be null)
     * @throws DataFileException when symbol or timeframe is known from neither
     */
    public SeriesId candleSeries(Path file, FileNameInfo inferred) {
        String sym = first(symbol, inferred.symbol());
        Timeframe tf = timeframe != null ? timeframe : inferred.timeframe();
        if (sym == null || tf == null) {
            throw new DataFileException(file + ": cannot tell the " + (sym == null ? "symbol" : "")
                    + (sym == null && tf == null ? " and " : "") + (tf == null ? "timeframe" : "")
                    + " from the file name; name it like SOLUSDT-5m.csv or SOL_USDT_USDT-5m-futures.feather, or pass "
                    + (sym == null ? "--symbol " : "") + (tf == null ? "--timeframe" : ""));
        }
        return SeriesId.candles(exchangeOr(inferred), marketOr(inferred), sym, tf);
    }

    /**
     * The funding series a file belongs to: hints first, then the inferred values, then defaults.
     *
     * @throws DataFileException when the symbol is known from neither
     */
    public SeriesId fundingSeries(Path file, FileNameInfo inferred) {
        String sym = first(symbol, inferred.symbol());
        if (sym == null) {
            throw new DataFileException(file + ": cannot tell the symbol from the file name; name it like "
                    + "SOLUSDT-funding.csv or SOL_USDT_USDT-8h-funding_rate.feather, or pass --symbol");
        }
        return SeriesId.funding(exchangeOr(inferred), marketOr(inferred), sym);
    }

    private String exchangeOr(FileNameInfo inferred) {
        return first(exchange, first(inferred.exchange(), DEFAULT_EXCHANGE));
    }

    private Market marketOr(FileNameInfo inferred) {
        return market != null ? market : inferred.market() != null ? inferred.market() : DEFAULT_MARKET;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
