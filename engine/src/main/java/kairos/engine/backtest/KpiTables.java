package kairos.engine.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the summary as static HTML tables a trader reads at a glance (readable where scripts are blocked too):
 * every KPI named in words ({@link #label}) with its value rounded for people ({@link #value}: two decimals,
 * fractions as percentages, money with thousands separators, durations with their unit, undefined values as
 * {@code n/a}); then one table per group map ({@code per_strategy}, {@code per_rule}, {@code per_exit_reason}),
 * a row per group. Long texts ({@code fill_model}, {@code sharpe_basis}) go to the notes at the page's end.
 */
final class KpiTables {

    /** Keys whose values are fractions, shown as percentages. */
    static final Set<String> FRACTIONS = Set.of("win_rate", "max_drawdown", "total_return", "exposure_time",
            "buy_and_hold_return", "max_risk_per_trade", "maker_fee", "taker_fee", "slippage", "annualised_return");
    /** Keys in quote currency, shown with two decimals and separators. */
    private static final Set<String> MONEY = Set.of("net_pnl", "expectancy", "fees_paid", "funding_paid",
            "initial_equity", "final_equity", "gross_pnl", "fees", "funding", "best_trade", "worst_trade");
    /** Keys of long explanatory text, shown in the notes instead of the table. */
    static final Set<String> NOTES = Set.of("fill_model", "sharpe_basis", "warnings");

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("trades", "Trades"),
            Map.entry("win_rate", "Win rate"),
            Map.entry("profit_factor", "Profit factor (gross profit / gross loss)"),
            Map.entry("avg_win_loss_ratio", "Average win / average loss"),
            Map.entry("expectancy", "Expectancy per trade"),
            Map.entry("net_pnl", "Net profit"),
            Map.entry("sharpe", "Sharpe ratio (annualised, daily returns)"),
            Map.entry("sortino", "Sortino ratio (annualised)"),
            Map.entry("calmar", "Calmar ratio"),
            Map.entry("max_drawdown", "Maximum drawdown"),
            Map.entry("max_drawdown_days", "Longest drawdown"),
            Map.entry("total_return", "Total return"),
            Map.entry("trades_per_day", "Trades per day"),
            Map.entry("avg_holding_minutes", "Average holding time"),
            Map.entry("fees_paid", "Fees paid"),
            Map.entry("funding_paid", "Funding paid (negative: received)"),
            Map.entry("exposure_time", "Time in a position"),
            Map.entry("buy_and_hold_return", "Buy and hold return"),
            Map.entry("initial_equity", "Initial equity"),
            Map.entry("final_equity", "Final equity"),
            Map.entry("avg_r_multiple", "Average R multiple (net PnL / initial risk)"),
            Map.entry("start", "First bar"),
            Map.entry("end", "End"),
            Map.entry("symbols", "Traded symbols"),
            Map.entry("context_symbols", "Context symbols"),
            Map.entry("timeframe", "Decision timeframe"),
            Map.entry("feed_timeframe", "Bars fed"),
            Map.entry("exchange", "Exchange"),
            Map.entry("market", "Market"),
            Map.entry("ruleset_hash", "Rule set (hash)"),
            Map.entry("model_version", "Model"),
            Map.entry("bars_processed", "Bars replayed"),
            Map.entry("decisions", "Decision points"),
            Map.entry("elapsed_ms", "Replay time"),
            Map.entry("maker_fee", "Maker fee"),
            Map.entry("taker_fee", "Taker fee"),
            Map.entry("slippage", "Base slippage"),
            Map.entry("max_risk_per_trade", "Risk per trade (cap)"),
            Map.entry("latency_ms", "Order latency"),
            Map.entry("leverage", "Leverage"),
            Map.entry("per_strategy", "Per strategy"),
            Map.entry("per_rule", "Per rule"),
            Map.entry("per_exit_reason", "Per exit reason"),
            Map.entry("buy_and_hold", "Buy and hold"),
            Map.entry("fill_model", "Fill model"),
            Map.entry("sharpe_basis", "Sharpe basis"),
            Map.entry("warnings", "Warnings"));

    private KpiTables() {
    }

    /** The KPI name in words; an unknown key becomes its words, capitalised ({@code foo_bar} → "Foo bar"). */
    static String label(String key) {
        String l = LABELS.get(key);
        if (l != null) {
            return l;
        }
        String words = key.replace('_', ' ');
        return words.isEmpty() ? key : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String render(Map<String, ?> summary) {
        StringBuilder scalars = new StringBuilder("<table class=\"kpi\" id=\"kpi-table\">\n<tbody>\n");
        StringBuilder groups = new StringBuilder();
        summary.forEach((key, value) -> {
            if (NOTES.contains(key)) {
                return;
            }
            if (value instanceof Map<?, ?> map && isGroupMap(map)) {
                if (!map.isEmpty()) {
                    groups.append(groupTable(key, map));
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> scalars.append(row(label(key) + ": " + label(String.valueOf(k)).toLowerCase(Locale.ROOT),
                        value(String.valueOf(k), v), String.valueOf(k))));
            } else {
                scalars.append(row(label(key), value(key, value), key));
            }
        });
        return scalars.append("</tbody>\n</table>\n").append(groups).toString();
    }

    private static String row(String label, String value, String key) {
        return "<tr data-key=\"" + HtmlText.escape(key) + "\"><th>" + HtmlText.escape(label) + "</th><td>"
                + HtmlText.escape(value) + "</td></tr>\n";
    }

    private static boolean isGroupMap(Map<?, ?> map) {
        return map.values().stream().allMatch(v -> v instanceof Map<?, ?>);
    }

    private static String groupTable(String key, Map<?, ?> groups) {
        Set<String> columns = new LinkedHashSet<>();
        groups.values().forEach(g -> ((Map<?, ?>) g).keySet().forEach(k -> columns.add(String.valueOf(k))));
        StringBuilder out = new StringBuilder("<h3>").append(HtmlText.escape(label(key))).append("</h3>\n")
                .append("<div class=\"wide\"><table class=\"groups\" id=\"").append(HtmlText.escape(key))
                .append("-table\">\n<thead><tr><th></th>");
        columns.forEach(c -> out.append("<th>").append(HtmlText.escape(label(c))).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        groups.forEach((name, stats) -> {
            out.append("<tr><th>").append(HtmlText.escape(String.valueOf(name))).append("</th>");
            Map<?, ?> row = (Map<?, ?>) stats;
            columns.forEach(c -> out.append("<td>").append(HtmlText.escape(value(c, row.get(c)))).append("</td>"));
            out.append("</tr>\n");
        });
        return out.append("</tbody>\n</table></div>\n").toString();
    }

    /** The display text of one value, rounded for people. */
    static String value(String key, Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add(String.valueOf(i)));
            return parts.isEmpty() ? "none" : String.join(", ", parts);
        }
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "n/a";
        }
        if (FRACTIONS.contains(key)) {
            return percent(d);
        }
        if (MONEY.contains(key)) {
            return decimals(d, 2);
        }
        return switch (key) {
            case "max_drawdown_days" -> decimals(d, 2) + " days";
            case "avg_holding_minutes" -> duration(d);
            case "elapsed_ms" -> decimals(d / 1000, 2) + " s";
            case "latency_ms" -> decimals(d, 0) + " ms";
            case "leverage" -> decimals(d, 2) + "x";
            default -> value instanceof Integer || value instanceof Long || d == Math.rint(d) && Math.abs(d) < 1e15
                    ? decimals(d, 0) : decimals(d, 2);
        };
    }

    /** {@code 41.24%} (two decimals, half-even). */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? decimals(100 * fraction, 2) + "%" : "n/a";
    }

    /** {@code 9,262.16}: rounded half-even to {@code scale} decimals, with thousands separators. */
    static String decimals(double value, int scale) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            rounded = rounded.abs();
        }
        return String.format(Locale.ROOT, "%,." + scale + "f", rounded);
    }

    /** Minutes as people say them: {@code 45 min}, {@code 2 h 05 min}, {@code 3 d 04 h}. */
    static String duration(double minutes) {
        if (!Double.isFinite(minutes)) {
            return "n/a";
        }
        long m = Math.round(minutes);
        if (m < 60) {
            return m + " min";
        }
        if (m < 24 * 60) {
            return String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", m / (24 * 60), (m / 60) % 24);
    }
}
