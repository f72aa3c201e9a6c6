package kairos.engine.backtest.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page of validation results (walk-forward folds, stitched out-of-sample equity, Monte Carlo
 * fan chart, stress table, promotion verdict), readable offline: tables are plain HTML, charts are Apache ECharts
 * (inlined from the engine's webjar) drawn from one JSON block. The same content gives the same bytes.
 */
public final class ValidationReport {
    static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** Most points drawn per line; longer lines keep each bucket's lowest and highest point. */
    static final int MAX_POINTS = 4_000;

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<Map<String, Object>> charts = new ArrayList<>();

    public ValidationReport(String title) {
        this.title = title;
    }

    /** A line of a chart: x and y of equal length; {@code x} epoch ms on a time axis or plain numbers. */
    public record Line(String name, double[] x, double[] y, boolean bold) {
        public Line {
            if (x.length != y.length) {
                throw new IllegalArgumentException("chart line " + name + ": " + x.length + " x for " + y.length + " y");
            }
        }
    }

    public ValidationReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public ValidationReport paragraph(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A verdict banner: green when {@code ok}, red otherwise. */
    public ValidationReport banner(boolean ok, String text) {
        body.append("<p class=\"banner ").append(ok ? "ok" : "refused").append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of names and values. */
    public ValidationReport keyValues(String caption, Map<String, ?> values) {
        List<List<Object>> rows = new ArrayList<>();
        values.forEach((k, v) -> rows.add(List.of(k, v == null ? "" : v)));
        return table(caption, List.of("", ""), rows);
    }

    /** A table; numbers are rounded for reading (4 decimals below 1000, 2 above), null and NaN shown as a dash. */
    public ValidationReport table(String caption, List<String> headers, List<List<Object>> rows) {
        if (caption != null && !caption.isEmpty()) {
            body.append("<h3>").append(escape(caption)).append("</h3>\n");
        }
        body.append("<div class=\"wrap\"><table>\n");
        if (headers.stream().anyMatch(h -> !h.isEmpty())) {
            body.append("<thead><tr>");
            for (String h : headers) {
                body.append("<th>").append(escape(h)).append("</th>");
            }
            body.append("</tr></thead>\n");
        }
        body.append("<tbody>\n");
        for (List<Object> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String cell = escape(format(row.get(i)));
                String cls = cellClass(row.get(i));
                body.append(i == 0 ? "<th>" : "<td" + cls + ">").append(cell).append(i == 0 ? "</th>" : "</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table></div>\n");
        return this;
    }

    /** A line chart; {@code timeAxis} reads x as epoch milliseconds. */
    public ValidationReport chart(String caption, String yName, boolean timeAxis, List<Line> lines) {
        String id = "chart-" + charts.size();
        if (caption != null && !caption.isEmpty()) {
            body.append("<h3>").append(escape(caption)).append("</h3>\n");
        }
        body.append("<div id=\"").append(id).append("\" class=\"chart\"></div>\n");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("time", timeAxis);
        c.put("y", yName);
        List<Map<String, Object>> series = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", l.name());
            s.put("bold", l.bold());
            List<double[]> points = new ArrayList<>(Math.min(l.x().length, MAX_POINTS));
            for (int i : thin(l.y(), MAX_POINTS)) {
                if (Double.isFinite(l.y()[i])) {
                    points.add(new double[] {l.x()[i], l.y()[i]});
                }
            }
            s.put("data", points);
            series.add(s);
        }
        c.put("series", series);
        charts.add(c);
        return this;
    }

    /**
     * The indices to draw: all of them up to {@code max}, else the first, the last, and the lowest and highest of
     * each of {@code max / 2 - 1} buckets in order, so that no peak or trough is lost.
     */
    static int[] thin(double[] y, int max) {
        int n = y.length;
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int buckets = max / 2 - 1;
        java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
        keep.add(0);
        keep.add(n - 1);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo]) {
                    lo = i;
                }
                if (y[i] > y[hi]) {
                    hi = i;
                }
            }
            keep.add(lo);
            keep.add(hi);
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    public String render() {
        String data = ValidationJson.write(Map.of("charts", charts))
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "<script type=\"application/json\" id=\"kairos-validation-data\">" + data + "</script>\n<script>\n"
                + echarts().replaceAll("(?i)</(script)", "<\\\\/$1") + "\n</script>\n<script>\n" + SCRIPT + "</script>\n"
                + "</body>\n</html>\n";
    }

    static String format(Object v) {
        return switch (v) {
            case null -> "–";
            case Double d when !Double.isFinite(d) -> "–";
            case Double d -> Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%.2f", d)
                    : trim(String.format(Locale.ROOT, "%.4f", d));
            case Float f -> format((double) f);
            case Boolean b -> b ? "yes" : "no";
            case List<?> l -> String.join(" .. ", l.stream().map(ValidationReport::format).toList());
            default -> v.toString();
        };
    }

    private static String trim(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        String t = s.replaceAll("0+$", "");
        t = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        return t.equals("-0") ? "0" : t;
    }

    private static String cellClass(Object v) {
        if (v instanceof Boolean b) {
            return b ? " class=\"pass\"" : " class=\"fail\"";
        }
        if ("PASS".equals(v) || "passed".equals(v)) {
            return " class=\"pass\"";
        }
        if ("FAIL".equals(v) || "failed".equals(v)) {
            return " class=\"fail\"";
        }
        return "";
    }

    static String escape(String text) {
        return kairos.engine.backtest.HtmlText.escape(text);
    }

    private static String echarts() {
        try (InputStream in = ValidationReport.class.getClassLoader().getResourceAsStream(ECHARTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ECHARTS_RESOURCE + " is not on the classpath (org.webjars.npm:echarts:5.3.1)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ECHARTS_RESOURCE, e);
        }
    }

    private static final String STYLE = """
              body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                     margin: 0 auto; padding: 16px 24px; max-width: 1400px; color: #1f2328; background: #fff; }
              h1 { font-size: 22px; margin: 4px 0 16px; }
              h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
              h3 { font-size: 14px; margin: 16px 0 6px; }
              table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
              th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; white-space: nowrap; }
              th { background: #f6f8fa; font-weight: 600; }
              tbody th { text-align: left; }
              .wrap { max-width: 100%; overflow-x: auto; }
              .chart { width: 100%; height: 340px; }
              .note { color: #57606a; font-size: 12px; max-width: 100em; }
              .banner { font-size: 16px; font-weight: 600; padding: 8px 12px; border-radius: 6px; }
              .banner.ok { background: #dafbe1; color: #1a7f37; }
              .banner.refused { background: #ffebe9; color: #cf222e; }
              td.pass { color: #1a7f37; font-weight: 600; }
              td.fail { color: #cf222e; font-weight: 600; }
            """;

    private static final String SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('kairos-validation-data').textContent);
              data.charts.forEach(function (c) {
                var el = document.getElementById(c.id);
                if (!el || typeof echarts === 'undefined') { return; }
                var chart = echarts.init(el, null, { renderer: 'canvas' });
                chart.setOption({
                  animation: false,
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 70, right: 30, top: 40, bottom: 40 },
                  xAxis: { type: c.time ? 'time' : 'value', scale: true },
                  yAxis: { type: 'value', name: c.y, scale: true },
                  series: c.series.map(function (s) {
                    return { name: s.name, type: 'line', showSymbol: false, data: s.data,
                             lineStyle: { width: s.bold ? 2.5 : 1 } };
                  })
                });
                window.addEventListener('resize', function () { chart.resize(); });
              });
            })();
            """;
}
