package kairos.engine.backtest;

import kairos.engine.kernel.Decision;
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
 * Writes {@code report.html}: one self-contained page a trader reads at a glance, offline. From the top: the run
 * and its warnings; the headline figures; the equity curve with buy and hold of the first traded symbol beside it,
 * and the drawdown; per symbol, candlesticks with the trades on them (entries, exits, initial stops) and indicators
 * to switch on (EMA 21, EMA 55, Bollinger bands); trade statistics (best and worst trade, longest win and loss
 * streaks, how long winners and losers were held); daily, weekly and monthly returns; the R-multiple histogram;
 * the KPI tables in words; the trades, each row linking to the audit of the decision that opened it; the notes.
 * The tables are static HTML (readable where scripts are blocked); the charts are drawn by the inlined script.
 *
 * <p>Apache ECharts (webjar {@value #ECHARTS_RESOURCE}) and the page script are inlined; the page makes
 * no network request. The data travels as one JSON block ({@code <script type="application/json"
 * id="kairos-data">}) with {@code <}, {@code >} and {@code &} escaped as {@code \\u003c...}, so no text
 * can close the script; NaN becomes {@code null}. Series longer than the chart limit are thinned by
 * {@link ChartDownsampler}, candles merged into a coarser timeframe ({@link ReportCandles}), so a year of 1-minute
 * bars still gives a file of a few MB. The output depends only on the data: the same data gives the same bytes.
 */
public final class HtmlReport {

    /** Default most points per chart series. */
    public static final int MAX_CHART_POINTS = 5_000;
    /** Most candles per symbol chart; more are merged into a coarser timeframe. */
    public static final int MAX_CANDLES = 1_500;

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
        Map<String, Decision> audits = TradeDecisions.entries(data.trades(), data.decisions());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", HtmlText.escape(data.title()));
        values.put("run", HtmlText.escape(runLine(data.summary())));
        values.put("warnings", ReportSections.warnings(data.summary()));
        values.put("glance", ReportSections.glance(data.summary()));
        values.put("stats", ReportSections.tradeStats(data.trades()));
        values.put("periods", ReportSections.periods(data.equity(), data.initialEquity()));
        values.put("rtable", ReportTables.rDistribution(data.trades()));
        values.put("kpis", KpiTables.render(data.summary()));
        values.put("trades", ReportSections.tradeTable(data.trades(), audits));
        values.put("audits", ReportSections.audits(data.trades(), audits));
        values.put("notes", ReportSections.notes(data.summary()));
        values.put("echarts", inlineScript(resource(ECHARTS_RESOURCE)));
        values.put("data", dataJson(data, maxChartPoints));
        values.put("script", inlineScript(resource(SCRIPT_RESOURCE)));
        return fill(resource(TEMPLATE_RESOURCE), values);
    }

    /** "bybit perp SOLUSDT, decisions on 5m closes, 2025-04-11 .. 2025-08-10, rule set 0103.., model none". */
    private static String runLine(Map<String, ?> s) {
        List<String> parts = new ArrayList<>();
        if (s.get("exchange") != null) {
            parts.add(s.get("exchange") + (s.get("market") == null ? "" : " " + s.get("market")) + " "
                    + KpiTables.value("symbols", s.get("symbols")));
        }
        if (s.get("timeframe") != null) {
            parts.add("decisions on " + s.get("timeframe") + " closes" + (s.get("feed_timeframe") == null ? ""
                    : ", " + s.get("feed_timeframe") + " bars fed"));
        }
        if (s.get("context_symbols") instanceof List<?> ctx && !ctx.isEmpty()) {
            parts.add("context " + KpiTables.value("context_symbols", ctx));
        }
        if (s.get("start") != null) {
            parts.add(s.get("start") + " .. " + s.get("end"));
        }
        if (s.get("ruleset_hash") != null) {
            parts.add("rule set " + s.get("ruleset_hash") + ", model " + s.get("model_version"));
        }
        return String.join(" · ", parts);
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
        root.put("buy_and_hold", buyAndHold(data, maxChartPoints));
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
        List<Map<String, Object>> candles = new ArrayList<>();
        for (ReportCandles c : data.candles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", c.symbol());
            m.put("strategy_timeframe", c.strategyTimeframe());
            m.put("display_timeframe", c.displayTimeframe());
            m.put("t", c.openTimes());
            m.put("o", c.open());
            m.put("h", c.high());
            m.put("l", c.low());
            m.put("c", c.close());
            Map<String, List<Double>> indicators = new LinkedHashMap<>();
            c.indicators().forEach((k, v) -> indicators.put(k, nullable(v)));
            m.put("indicators", indicators);
            candles.add(m);
        }
        root.put("candles", candles);
        root.put("trades", data.trades().stream().map(HtmlReport::tradeJson).toList());
        root.put("r_histogram", ReportTables.rHistogramJson(data.trades()));
        root.put("daily_returns", ReportSections.dailyJson(data.equity(), data.initialEquity()));
        try {
            return JSON.writeValueAsString(root)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The values with NaN (an indicator warming up) as null, which the charts leave out. */
    static List<Double> nullable(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }

    /** Equity had the initial equity bought the first traded symbol at its first price and held it. */
    private static Map<String, Object> buyAndHold(ReportData data, int maxPoints) {
        double initial = data.initialEquity();
        if (data.prices().isEmpty() || !(initial > 0)) {
            return series(new long[0], new double[0], maxPoints);
        }
        PriceSeries p = data.prices().getFirst();
        double[] closes = p.closes();
        if (closes.length == 0) {
            return series(new long[0], new double[0], maxPoints);
        }
        double first = data.candles().isEmpty() ? closes[0] : data.candles().getFirst().open()[0];
        double[] v = new double[closes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = initial * closes[i] / first;
        }
        Map<String, Object> out = series(p.times(), v, maxPoints);
        out.put("symbol", p.symbol());
        return out;
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
        m.put("minutes", t.holdingMinutes());
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
