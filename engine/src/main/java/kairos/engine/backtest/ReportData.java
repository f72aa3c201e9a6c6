package kairos.engine.backtest;

import kairos.engine.kernel.Decision;
import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link HtmlReport} shows, gathered by the backtest command after the replay.
 *
 * @param title     shown as the page title and heading (plain text, escaped by the report)
 * @param summary   the {@code summary.json} object in its key order, e.g. {@link PerformanceMetrics#toMap()}
 *                  plus the run's fields; scalar entries form the KPI table, map-of-map entries such as
 *                  {@code per_strategy} a table each. Its {@code initial_equity}, when a number, seeds the
 *                  drawdown curve's peak; its {@code buy_and_hold_return} and {@code warnings} are shown.
 * @param trades    closed positions, shown as markers on their symbol's chart and in the trade list
 * @param equity    the equity curve, one point per bar
 * @param prices    one close series per traded symbol (the buy-and-hold line; the price chart without candles)
 * @param candles   one candlestick series per traded symbol, with its indicators (may be empty: then prices)
 * @param decisions the run's decision audits; those that opened a trade are embedded, so each trade links to its
 *                  audit (may be empty)
 */
public record ReportData(
        String title,
        Map<String, ?> summary,
        List<TradeRecord> trades,
        List<EquityPoint> equity,
        List<PriceSeries> prices,
        List<ReportCandles> candles,
        List<Decision> decisions) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        trades = List.copyOf(trades);
        equity = List.copyOf(equity);
        prices = List.copyOf(prices);
        candles = List.copyOf(candles);
        decisions = List.copyOf(decisions);
    }

    /** A report with a close-price line per symbol, without candles or decision audits. */
    public ReportData(String title, Map<String, ?> summary, List<TradeRecord> trades, List<EquityPoint> equity,
                      List<PriceSeries> prices) {
        this(title, summary, trades, equity, prices, List.of(), List.of());
    }

    /** The initial equity from the summary, or NaN when it has none. */
    double initialEquity() {
        return summary.get("initial_equity") instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
