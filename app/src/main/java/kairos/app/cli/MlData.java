package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

import java.util.List;
import java.util.Locale;

/** The one series {@code train} and {@code walkforward} learn from, resolved from the series options and config. */
record MlData(String exchange, Market market, String symbol, Timeframe timeframe, CandleSeries bars) {

    static MlData load(MarketStore store, KairosConfig config, SeriesOptions series) {
        KairosConfig.Backtest bt = config.backtest();
        String exchange = series.exchange != null ? series.exchange : bt.exchange();
        Market market = Market.parse(series.market != null ? series.market : bt.market());
        List<String> symbols = series.symbols != null ? series.symbols : bt.symbols();
        if (symbols.size() != 1) {
            throw new UserError("--symbol: models are trained on one symbol at a time (got " + symbols + ")");
        }
        String symbol = symbols.getFirst().trim().toUpperCase(Locale.ROOT);
        Timeframe tf = Timeframe.parse(series.timeframe != null ? series.timeframe : bt.timeframe());
        CandleSeries bars = store.candles(SeriesId.candles(exchange, market, symbol, tf), series.fromMillis(),
                series.toMillis());
        if (bars.size() < 1000) {
            throw new UserError("only " + bars.size() + " " + tf + " bars of " + exchange + "/" + market + "/" + symbol
                    + " in the range; training needs at least 1000 (see ./kairos data list)");
        }
        return new MlData(exchange, market, symbol, tf, bars);
    }
}
