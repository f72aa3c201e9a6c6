package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.EquityPoint;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's static HTML sections besides the KPI tables: warnings, the headline figures, trade statistics,
 * the period returns, the trades table and the decision audits behind it, the notes. Numbers as people read
 * them ({@link KpiTables#value}); every text escaped.
 */
final class ReportSections {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReportSections() {
    }

    static String warnings(Map<String, ?> summary) {
        if (!(summary.get("warnings") instanceof List<?> list) || list.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<div class=\"warnings\" id=\"warnings\"><b>Warnings</b><ul>\n");
        list.forEach(w -> out.append("<li>").append(HtmlText.escape(String.valueOf(w))).append("</li>\n"));
        return out.append("</ul></div>\n").toString();
    }

    /** The figures a trader looks at first, as cards. */
    static String glance(Map<String, ?> s) {
        StringBuilder out = new StringBuilder("<div class=\"cards\" id=\"glance\">\n");
        card(out, "Net profit", s, "net_pnl", signClass(s.get("net_pnl")));
        card(out, "Total return", s, "total_return", signClass(s.get("total_return")));
        card(out, "Buy and hold", s, "buy_and_hold_return", signClass(s.get("buy_and_hold_return")));
        card(out, "Max drawdown", s, "max_drawdown", "");
        card(out, "Win rate", s, "win_rate", "");
        card(out, "Profit factor", s, "profit_factor", "");
        card(out, "Sharpe", s, "sharpe", "");
        card(out, "Trades", s, "trades", "");
        card(out, "Fees paid", s, "fees_paid", "");
        return out.append("</div>\n").toString();
    }

    private static void card(StringBuilder out, String label, Map<String, ?> s, String key, String cls) {
        if (!s.containsKey(key)) {
            return;
        }
        out.append("<div class=\"card\" data-key=\"").append(key).append("\"><div class=\"label\">")
                .append(HtmlText.escape(label)).append("</div><div class=\"value ").append(cls).append("\">")
                .append(HtmlText.escape(KpiTables.value(key, s.get(key)))).append("</div></div>\n");
    }

    private static String signClass(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() > 0 ? "win" : n.doubleValue() < 0 ? "loss" : "" : "";
    }

    static String tradeStats(List<TradeRecord> trades) {
        TradeInsights in = TradeInsights.of(trades);
        StringBuilder out = new StringBuilder("<table class=\"kpi\" id=\"stats-table\"><tbody>\n");
        row(out, "Best trade", in.best() == null ? "n/a" : tradeText(in.best()));
        row(out, "Worst trade", in.worst() == null ? "n/a" : tradeText(in.worst()));
        row(out, "Longest winning streak", in.longestWinStreak() + " trade" + (in.longestWinStreak() == 1 ? "" : "s"));
        row(out, "Longest losing streak", in.longestLossStreak() + " trade" + (in.longestLossStreak() == 1 ? "" : "s"));
        row(out, "Average time in a winner", KpiTables.duration(in.avgWinnerMinutes()) + " (" + in.winners() + " winners)");
        row(out, "Average time in a loser", KpiTables.duration(in.avgLoserMinutes()) + " (" + in.losers() + " losers)");
        return out.append("</tbody></table>\n").toString();
    }

    private static String tradeText(TradeRecord t) {
        return t.id() + ": " + KpiTables.decimals(t.netPnl(), 2) + " (" + side(t) + " " + t.symbol() + ", "
                + t.strategy() + ", " + MINUTE.format(Instant.ofEpochMilli(t.entryTime())) + ", "
                + KpiTables.duration(t.holdingMinutes()) + ", " + t.exitReason() + ")";
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>").append(HtmlText.escape(label)).append("</th><td>").append(HtmlText.escape(value))
                .append("</td></tr>\n");
    }

    /** Daily, weekly and monthly returns side by side. */
    static String periods(List<EquityPoint> equity, double initialEquity) {
        if (!(Double.isFinite(initialEquity) && initialEquity > 0)) {
            return "";
        }
        return "<div class=\"periods\">\n"
                + periodTable("Daily", "daily-table", "day", PeriodReturns.daily(equity, initialEquity))
                + periodTable("Weekly", "weekly-table", "week from", PeriodReturns.weekly(equity, initialEquity))
                + periodTable("Monthly", "monthly-table", "month", monthsOf(PeriodReturns.monthly(equity, initialEquity)))
                + "</div>\n";
    }

    private static Map<String, Double> monthsOf(Map<LocalDate, Double> monthly) {
        Map<String, Double> out = new LinkedHashMap<>();
        monthly.forEach((d, r) -> out.put(d.toString().substring(0, 7), r));
        return out;
    }

    private static String periodTable(String title, String id, String column, Map<?, Double> returns) {
        StringBuilder out = new StringBuilder("<div class=\"period\"><h3>").append(title).append(" (UTC)</h3>")
                .append("<div class=\"scroll\"><table class=\"groups\" id=\"").append(id).append("\">")
                .append("<thead><tr><th>").append(column).append("</th><th>return</th></tr></thead><tbody>\n");
        returns.forEach((k, r) -> out.append("<tr><th>").append(k).append("</th><td class=\"")
                .append(r > 0 ? "win" : r < 0 ? "loss" : "").append("\">").append(KpiTables.percent(r)).append("</td></tr>\n"));
        return out.append("</tbody></table></div></div>\n").toString();
    }

    /** The daily returns for their bar chart: days and returns in percent. */
    static Map<String, Object> dailyJson(List<EquityPoint> equity, double initialEquity) {
        List<String> days = new ArrayList<>();
        List<Double> pct = new ArrayList<>();
        if (Double.isFinite(initialEquity) && initialEquity > 0) {
            PeriodReturns.daily(equity, initialEquity).forEach((d, r) -> {
                days.add(d.toString());
                pct.add(Double.isFinite(r) ? Math.round(r * 1e6) / 1e4 : null);
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        out.put("pct", pct);
        return out;
    }

    /** One row per trade, few enough columns to fit the page; the id links to the entry decision's audit. */
    static String tradeTable(List<TradeRecord> trades, Map<String, Decision> audits) {
        StringBuilder out = new StringBuilder("<table class=\"trades\" id=\"trade-table\">\n<colgroup><col class=\"c-id\">"
                + "<col class=\"c-sym\"><col class=\"c-side\"><col class=\"c-strat\"><col class=\"c-time\"><col class=\"c-px\">"
                + "<col class=\"c-time\"><col class=\"c-px\"><col class=\"c-dur\"><col class=\"c-pnl\"><col class=\"c-r\">"
                + "<col class=\"c-exit\"></colgroup>\n<thead><tr><th>trade</th><th>symbol</th><th>side</th><th>strategy</th>"
                + "<th>entry (UTC)</th><th>entry price</th><th>exit (UTC)</th><th>exit price</th><th>held</th>"
                + "<th>net PnL</th><th>R</th><th>exit reason</th></tr></thead>\n<tbody>\n");
        for (TradeRecord t : trades) {
            Decision d = audits.get(t.id());
            String id = HtmlText.escape(t.id());
            out.append("<tr><td>").append(d == null ? id : "<a href=\"#audit-" + id + "\" title=\"the decision that opened "
                    + "it: " + HtmlText.escape(d.id()) + "\">" + id + "</a>").append("</td><td>")
                    .append(HtmlText.escape(t.symbol())).append("</td><td>").append(side(t)).append("</td><td>")
                    .append(HtmlText.escape(t.strategy())).append("</td><td>")
                    .append(MINUTE.format(Instant.ofEpochMilli(t.entryTime()))).append("</td><td>").append(price(t.entryPrice()))
                    .append("</td><td>").append(MINUTE.format(Instant.ofEpochMilli(t.exitTime()))).append("</td><td>")
                    .append(price(t.exitPrice())).append("</td><td>").append(KpiTables.duration(t.holdingMinutes()))
                    .append("</td><td class=\"").append(t.netPnl() > 0 ? "win" : t.netPnl() < 0 ? "loss" : "").append("\">")
                    .append(KpiTables.decimals(t.netPnl(), 2)).append("</td><td>")
                    .append(Double.isFinite(t.rMultiple()) ? KpiTables.decimals(t.rMultiple(), 2) : "n/a").append("</td><td>")
                    .append(HtmlText.escape(t.exitReason())).append("</td></tr>\n");
        }
        if (trades.isEmpty()) {
            out.append("<tr><td colspan=\"12\">no trades</td></tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** The audit of each trade's entry decision, as {@code kairos explain} prints it, folded. */
    static String audits(List<TradeRecord> trades, Map<String, Decision> audits) {
        if (audits.isEmpty()) {
            return "<p class=\"note\">No decision audits in this report (they are in decisions.jsonl and the journal: "
                    + "./kairos explain --decision ID).</p>\n";
        }
        StringBuilder out = new StringBuilder();
        for (TradeRecord t : trades) {
            Decision d = audits.get(t.id());
            if (d == null) {
                continue;
            }
            String id = HtmlText.escape(t.id());
            out.append("<details class=\"audit\" id=\"audit-").append(id).append("\"><summary>").append(id).append(": ")
                    .append(side(t)).append(' ').append(HtmlText.escape(t.symbol())).append(" opened by decision ")
                    .append(HtmlText.escape(d.id())).append(" (").append(HtmlText.escape(d.ts())).append(")</summary><pre>");
            DecisionText.lines(d).forEach(l -> out.append(HtmlText.escape(l)).append('\n'));
            out.append("</pre></details>\n");
        }
        return out.toString();
    }

    static String notes(Map<String, ?> s) {
        StringBuilder out = new StringBuilder();
        for (String key : List.of("fill_model", "sharpe_basis")) {
            if (s.get(key) != null) {
                out.append("<p class=\"note\"><b>").append(HtmlText.escape(KpiTables.label(key))).append(":</b> ")
                        .append(HtmlText.escape(String.valueOf(s.get(key)))).append("</p>\n");
            }
        }
        return out.toString();
    }

    private static String side(TradeRecord t) {
        return t.side().name().equals("Buy") ? "long" : "short";
    }

    private static String price(double p) {
        return Double.isFinite(p) ? String.format(Locale.ROOT, p >= 100 ? "%,.2f" : p >= 1 ? "%,.4f" : "%.6f", p) : "n/a";
    }
}
