package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code report.html}: one self-contained page, readable offline, with the KPI tables, the
 * equity and drawdown curves, a close-price chart per symbol with trade entry and exit markers, the
 * monthly returns and R-multiple distribution tables ({@link ReportTables}), and the trade list with the rule
 * that opened each trade and its exit reason.
 *
 * <p>Apache ECharts (webjar {@value #ECHARTS_RESOURCE}) and the page script are inlined; the page makes
 * no network request. The data travels as one JSON block ({@code <script type="application/json"
 * id="kairos-data">}) with {@code <}, {@code >} and {@code &} escaped as {@code \\u003c...}, so no text
 * can close the script; NaN becomes {@code null}. Series longer than the chart limit are thinned by
 * {@link ChartDownsampler}, so a year of 1-minute bars still gives a file of a few MB. The output depends
 * only on the data: the same data gives the same bytes.
 */
public final class HtmlReport {

    /** Default most points per chart series. */
    public static final int MAX_CHART_POINTS = 5_000;

    static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String TEMPLATE_RESOURCE = "kairos/engine/backtest/report.html";
    private static final String SCRIPT_RESOURCE = "kairos/engine/backtest/report.js";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(
            new SimpleModule("finite-doubles").addSerializer(Double.class, new FiniteDoubleSerializer()));

    private HtmlReport() {
    }

    /** Writes (or replaces) {@code file} with at most {@link #MAX_CHART_POINTS} points per series. */
    public static void write(Path file, ReportData data) throws IOException {
        write(file, data, MAX_CHART_POINTS);
    }

    /** Writes (or replaces) {@code file} with at most {@code maxChartPoints} (>= 4) points per series. */
    public static void write(Path file, ReportData data, int maxChartPoints) throws IOException {
        Files.writeString(file, render(data, maxChartPoints), StandardCharsets.UTF_8);
    }

    /** The whole page. */
    static String render(ReportData data, int maxChartPoints) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", HtmlText.escape(data.title()));
        values.put("kpis", KpiTables.render(data.summary())
                + ReportTables.monthly(data.equity(), data.initialEquity())
                + ReportTables.rDistribution(data.trades()));
        values.put("echarts", inlineScript(resource(ECHARTS_RESOURCE)));
        values.put("data", dataJson(data, maxChartPoints));
        values.put("script", inlineScript(resource(SCRIPT_RESOURCE)));
        return fill(resource(TEMPLATE_RESOURCE), values);
    }

    /** The JSON embedded in the page, safe inside a script element. */
    static String dataJson(ReportData data, int maxChartPoints) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", data.title());
        root.put("summary", data.summary());
        List<EquityPoint> equity = data.equity();
        long[] times = new long[equity.size()];
        double[] values = new double[equity.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = equity.get(i).time();
            values[i] = equity.get(i).equity();
        }
        root.put("equity", series(times, values, maxChartPoints));
        double[] drawdown = Drawdown.series(equity, data.initialEquity());
        root.put("drawdown", series(times, drawdown, maxChartPoints));
        List<Map<String, Object>> prices = new ArrayList<>();
        for (PriceSeries p : data.prices()) {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("symbol", p.symbol());
            price.putAll(series(p.times(), p.closes(), maxChartPoints));
            prices.add(price);
        }
        root.put("prices", prices);
        root.put("trades", data.trades().stream().map(HtmlReport::tradeJson).toList());
        try {
            return JSON.writeValueAsString(root)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> series(long[] times, double[] values, int maxPoints) {
        int[] keep = ChartDownsampler.minMaxIndices(values, maxPoints);
        long[] t = new long[keep.length];
        double[] v = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            t[i] = times[keep[i]];
            v[i] = values[keep[i]];
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("t", t);
        series.put("v", v);
        return series;
    }

    private static Map<String, Object> tradeJson(TradeRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("symbol", t.symbol());
        m.put("side", t.side().name());
        m.put("strategy", t.strategy());
        m.put("entry_rule", t.entryRule());
        m.put("entry_time", t.entryTime());
        m.put("entry_price", t.entryPrice());
        m.put("exit_time", t.exitTime());
        m.put("exit_price", t.exitPrice());
        m.put("qty", t.qty());
        m.put("gross_pnl", t.grossPnl());
        m.put("fees", t.fees());
        m.put("funding", t.funding());
        m.put("net_pnl", t.netPnl());
        m.put("exit_reason", t.exitReason());
        m.put("r_multiple", t.rMultiple());
        // the initial stop: the entry minus (long) or plus (short) one R per unit
        m.put("stop_price", t.initialRisk() > 0 && t.qty() > 0
                ? t.entryPrice() - t.side().sign() * t.initialRisk() / t.qty() : Double.NaN);
        return m;
    }

    /** Script text that cannot end its {@code <script>} element early. */
    static String inlineScript(String script) {
        return SCRIPT_END.matcher(script).replaceAll("<\\\\/$1");
    }

    /** Replaces each {@code {{name}}} in one pass, so inserted text is never scanned again. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 2_000_000);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("report template has no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath; the engine needs the "
                        + "dependency org.webjars.npm:echarts:5.3.1 and its own resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** JSON has no NaN: writes non-finite doubles as null. */
    private static final class FiniteDoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
