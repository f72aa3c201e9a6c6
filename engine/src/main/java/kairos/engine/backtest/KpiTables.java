package kairos.engine.backtest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the summary as static HTML tables, so the KPIs are readable even where scripts are blocked:
 * one two-column table of the scalar entries (in the summary's order), then one table per entry whose
 * value is a map of groups ({@code per_strategy}, {@code per_rule}), a row per group. Numbers are printed
 * by {@link DecimalText}; fractions also as a percentage; undefined values as {@code n/a}.
 */
final class KpiTables {

    /** Keys whose values are fractions, shown with a percentage next to them. */
    private static final Set<String> FRACTIONS = Set.of(
            "win_rate", "max_drawdown", "total_return", "exposure_time", "buy_and_hold_return");

    private KpiTables() {
    }

    static String render(Map<String, ?> summary) {
        StringBuilder scalars = new StringBuilder("<table class=\"kpi\" id=\"kpi-table\">\n<tbody>\n");
        StringBuilder groups = new StringBuilder();
        summary.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && isGroupMap(map)) {
                groups.append(groupTable(key, map));
            } else {
                scalars.append("<tr><th>").append(HtmlText.escape(key)).append("</th><td>")
                        .append(HtmlText.escape(value(key, value))).append("</td></tr>\n");
            }
        });
        return scalars.append("</tbody>\n</table>\n").append(groups).toString();
    }

    private static boolean isGroupMap(Map<?, ?> map) {
        return map.values().stream().allMatch(v -> v instanceof Map<?, ?>);
    }

    private static String groupTable(String key, Map<?, ?> groups) {
        Set<String> columns = new LinkedHashSet<>();
        groups.values().forEach(g -> ((Map<?, ?>) g).keySet().forEach(k -> columns.add(String.valueOf(k))));
        StringBuilder out = new StringBuilder("<h3>").append(HtmlText.escape(key)).append("</h3>\n")
                .append("<table class=\"groups\" id=\"").append(HtmlText.escape(key)).append("-table\">\n<thead><tr><th></th>");
        columns.forEach(c -> out.append("<th>").append(HtmlText.escape(c)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        groups.forEach((name, stats) -> {
            out.append("<tr><th>").append(HtmlText.escape(String.valueOf(name))).append("</th>");
            Map<?, ?> row = (Map<?, ?>) stats;
            columns.forEach(c -> out.append("<td>").append(HtmlText.escape(value(c, row.get(c)))).append("</td>"));
            out.append("</tr>\n");
        });
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** The display text of one value. */
    static String value(String key, Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return "n/a";
            }
            String text = DecimalText.format(d);
            return FRACTIONS.contains(key) ? text + String.format(java.util.Locale.ROOT, " (%.2f%%)", d * 100) : text;
        }
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add(String.valueOf(i)));
            return String.join(", ", parts);
        }
        return String.valueOf(value);
    }
}
