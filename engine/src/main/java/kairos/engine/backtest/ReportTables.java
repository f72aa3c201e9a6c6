package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Static HTML tables of the report that need no script: monthly returns (UTC calendar months, each measured from
 * the previous month's closing equity, the first from the initial equity) and the distribution of R multiples
 * (net PnL over the initial risk, in half-R buckets from below −2R to above +3R).
 */
final class ReportTables {
    private static final double[] R_EDGES = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3};

    private ReportTables() {
    }

    /** Month → return fraction (see {@link PeriodReturns#monthly}). */
    static Map<YearMonth, Double> monthlyReturns(List<EquityPoint> equity, double initialEquity) {
        Map<YearMonth, Double> out = new TreeMap<>();
        PeriodReturns.monthly(equity, initialEquity).forEach((d, r) -> out.put(YearMonth.from(d), r));
        return out;
    }

    static String monthly(List<EquityPoint> equity, double initialEquity) {
        StringBuilder out = new StringBuilder("<h3>monthly returns</h3>\n<table class=\"groups\" id=\"monthly-table\">\n"
                + "<thead><tr><th>month (UTC)</th><th>return</th></tr></thead>\n<tbody>\n");
        if (Double.isFinite(initialEquity) && initialEquity > 0) {
            monthlyReturns(equity, initialEquity).forEach((m, r) -> out.append("<tr><th>").append(m).append("</th><td>")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * r)).append("</td></tr>\n"));
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** Counts per R bucket: index 0 is below the first edge, the last above the last edge. */
    static int[] rHistogram(List<TradeRecord> trades) {
        int[] counts = new int[R_EDGES.length + 1];
        for (TradeRecord t : trades) {
            double r = t.rMultiple();
            if (Double.isNaN(r)) {
                continue;
            }
            int i = 0;
            while (i < R_EDGES.length && r >= R_EDGES[i]) {
                i++;
            }
            counts[i]++;
        }
        return counts;
    }

    /** The histogram for the chart: bucket labels and counts. */
    static Map<String, Object> rHistogramJson(List<TradeRecord> trades) {
        int[] counts = rHistogram(trades);
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            labels.add(bucketLabel(i));
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("labels", labels);
        out.put("counts", counts);
        return out;
    }

    private static String bucketLabel(int i) {
        return i == 0 ? "< " + fmt(R_EDGES[0]) : i == R_EDGES.length ? ">= " + fmt(R_EDGES[i - 1])
                : fmt(R_EDGES[i - 1]) + " .. " + fmt(R_EDGES[i]);
    }

    static String rDistribution(List<TradeRecord> trades) {
        int[] counts = rHistogram(trades);
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder out = new StringBuilder("<table class=\"groups\" id=\"r-table\">\n"
                + "<thead><tr><th>R multiple</th><th>trades</th><th></th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < counts.length; i++) {
            String label = bucketLabel(i);
            out.append("<tr><th>").append(HtmlText.escape(label)).append("</th><td>").append(counts[i])
                    .append("</td><td>").append("#".repeat((int) Math.round(40.0 * counts[i] / max)))
                    .append("</td></tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%+.1fR", v);
    }
}
