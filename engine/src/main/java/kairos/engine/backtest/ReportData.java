package kairos.engine.backtest;

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
 * @param title   shown as the page title and heading (plain text, escaped by the report)
 * @param summary the {@code summary.json} object in its key order, e.g. {@link PerformanceMetrics#toMap()}
 *                plus the run's fields; scalar entries form the KPI table, map-of-map entries such as
 *                {@code per_strategy} a table each. Its {@code initial_equity}, when a number, seeds the
 *                drawdown curve's peak.
 * @param trades  closed positions, shown as markers on their symbol's price chart and in the trade list
 * @param equity  the equity curve, one point per bar
 * @param prices  one close series per traded symbol
 */
public record ReportData(
        String title,
        Map<String, ?> summary,
        List<TradeRecord> trades,
        List<EquityPoint> equity,
        List<PriceSeries> prices) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        trades = List.copyOf(trades);
        equity = List.copyOf(equity);
        prices = List.copyOf(prices);
    }

    /** The initial equity from the summary, or NaN when it has none. */
    double initialEquity() {
        return summary.get("initial_equity") instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
