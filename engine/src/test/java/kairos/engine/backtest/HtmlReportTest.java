package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final Pattern DATA_BLOCK =
            Pattern.compile("<script type=\"application/json\" id=\"kairos-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    static ReportData fixture(String title, List<TradeRecord> trades) {
        Map<String, Object> summary = new LinkedHashMap<>(BacktestFixtures.metrics().toMap());
        summary.put("symbols", List.of("SOLUSDT"));
        summary.put("timeframe", "5m");
        List<EquityPoint> equity = BacktestFixtures.EQUITY;
        long[] times = equity.stream().mapToLong(EquityPoint::time).toArray();
        double[] closes = {100, 104, 106, 112, 110, 128, 50, 58};
        return new ReportData(title, summary, trades, equity, List.of(new PriceSeries("SOLUSDT", times, closes)));
    }

    static JsonNode embeddedJson(String html) throws Exception {
        Matcher m = DATA_BLOCK.matcher(html);
        assertThat(m.find()).as("data block present").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void writesASelfContainedPageWithKpisChartsAndData() throws Exception {
        Path file = dir.resolve("report.html");
        HtmlReport.write(file, fixture("SOLUSDT backtest", BacktestFixtures.TRADES));
        String html = Files.readString(file);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>SOLUSDT backtest</title>");
        // KPI names in words, numbers rounded for people: two decimals, fractions as percentages
        assertThat(html).contains("<tr data-key=\"trades\"><th>Trades</th><td>3</td></tr>",
                "<tr data-key=\"win_rate\"><th>Win rate</th><td>66.67%</td></tr>",
                "<tr data-key=\"profit_factor\"><th>Profit factor (gross profit / gross loss)</th><td>1.83</td></tr>",
                "<tr data-key=\"max_drawdown_days\"><th>Longest drawdown</th><td>2.00 days</td></tr>",
                "<tr data-key=\"final_equity\"><th>Final equity</th><td>1,015.00</td></tr>",
                "<tr data-key=\"symbols\"><th>Traded symbols</th><td>SOLUSDT</td></tr>",
                "<tr data-key=\"timeframe\"><th>Decision timeframe</th><td>5m</td></tr>");
        assertThat(DATA_BLOCK.matcher(html).replaceAll("")).as("the tables, not the data block").doesNotContain("0.66666667",
                "1.83333333");
        assertThat(html).contains("id=\"per_strategy-table\"", "id=\"per_rule-table\"", "<th>Win rate</th>",
                "<tr><th>meanrev</th><td>1</td><td>100.00%</td><td>n/a</td><td>n/a</td><td>23.00</td>");
        assertThat(html).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"price-charts\"",
                "id=\"trade-table\"", "id=\"r-chart\"", "id=\"daily-chart\"", "id=\"stats-table\"",
                "id=\"daily-table\"", "id=\"weekly-table\"", "id=\"monthly-table\"");
        // ECharts inlined, nothing fetched from the network
        assertThat(html).contains("echarts.init", "Apache License");
        assertThat(html).doesNotContainPattern("(?i)src\\s*=\\s*[\"']?https?:");
        assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\ssrc=");
        assertThat(html).doesNotContainPattern("(?i)<link[^>]*href=");
        assertThat(html).doesNotContain("@import", "url(http");

        JsonNode data = embeddedJson(html);
        assertThat(data.get("title").asText()).isEqualTo("SOLUSDT backtest");
        assertThat(data.get("summary").get("trades").asInt()).isEqualTo(3);
        assertThat(data.get("summary").get("per_strategy").get("meanrev").get("profit_factor").isNull()).isTrue();
        assertThat(data.get("equity").get("v")).hasSize(8);
        assertThat(data.get("equity").get("t").get(0).asLong()).isEqualTo(BacktestFixtures.EQUITY.get(0).time());
        assertThat(data.get("drawdown").get("v").get(3).asDouble()).isEqualTo(20.0 / 1010);
        assertThat(data.get("prices").get(0).get("symbol").asText()).isEqualTo("SOLUSDT");
        assertThat(data.get("prices").get(0).get("v").get(5).asDouble()).isEqualTo(128);
        JsonNode t2 = data.get("trades").get(1);
        assertThat(t2.get("id").asText()).isEqualTo("T2");
        assertThat(t2.get("side").asText()).isEqualTo("Sell");
        assertThat(t2.get("entry_rule").asText()).isEqualTo("pullback");
        assertThat(t2.get("net_pnl").asDouble()).isEqualTo(-18);
        assertThat(t2.get("exit_reason").asText()).isEqualTo("stop");
        assertThat(t2.get("stop_price").isNull()).as("no initial risk recorded: no stop marker").isTrue();
    }

    @Test
    void initialStopsAreMarkedOneRFromTheEntry() throws Exception {
        // long 2 @ 100 risking 6 -> stop 97; short 1 @ 110 risking 4 -> stop 114
        TradeRecord longTrade = new TradeRecord("L", "SOLUSDT", kairos.engine.domain.Side.Buy, "s", "r", 0, 100, 60_000,
                106, 2, 12, 1, 1, 10, "tp1", 6);
        TradeRecord shortTrade = new TradeRecord("S", "SOLUSDT", kairos.engine.domain.Side.Sell, "s", "r", 0, 110, 60_000,
                114, 1, -4, 0.5, 0, -4.5, "stop", 4);
        Path file = dir.resolve("stops.html");
        HtmlReport.write(file, fixture("stops", List.of(longTrade, shortTrade)));
        String html = Files.readString(file);
        JsonNode trades = embeddedJson(html).get("trades");
        assertThat(trades.get(0).get("stop_price").asDouble()).isEqualTo(97.0);
        assertThat(trades.get(1).get("stop_price").asDouble()).isEqualTo(114.0);
        assertThat(html).contains("initial stop");
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws Exception {
        String evil = "</script><script>alert('x')</script><!-- & \"";
        TradeRecord t = TradeRecord.of(evil, "SOLUSDT", Side.Buy, evil, evil, BacktestFixtures.START, 1,
                BacktestFixtures.START + 1, 2, 1, 1, 0, 0, evil);
        ReportData data = fixture(evil, List.of(t));
        String html = HtmlReport.render(data, HtmlReport.MAX_CHART_POINTS);

        assertThat(html).doesNotContain("<script>alert");
        // outside the JSON block (where it is an inert, escaped string) the text only appears HTML-escaped
        assertThat(DATA_BLOCK.matcher(html).replaceAll("")).doesNotContain("alert('x')").contains("alert(&#39;x&#39;)");
        assertThat(html).contains("<title>&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;!-- &amp; &quot;</title>");
        Matcher m = DATA_BLOCK.matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<", ">");
        JsonNode json = embeddedJson(html);
        assertThat(json.get("title").asText()).isEqualTo(evil);
        assertThat(json.get("trades").get(0).get("strategy").asText()).isEqualTo(evil);
        // exactly the page's three script elements open and close
        assertThat(Pattern.compile("(?i)<script").matcher(html).results().count()).isEqualTo(3);
        assertThat(Pattern.compile("(?i)</script").matcher(html).results().count()).isEqualTo(3);
    }

    @Test
    void longSeriesAreDownsampledAndOutputIsDeterministic() throws Exception {
        int n = 20_000;
        List<EquityPoint> equity = new ArrayList<>();
        long[] times = new long[n];
        double[] closes = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = BacktestFixtures.START + i * 60_000L;
            closes[i] = 100 + Math.sin(i / 300.0) * 10;
            equity.add(new EquityPoint(times[i], 1000 + Math.cos(i / 400.0) * 50, i % 3 == 0));
        }
        closes[12_345] = 1;
        ReportData data = new ReportData("big", Map.of("trades", 0), List.of(), equity,
                List.of(new PriceSeries("ETHUSDT", times, closes)));
        Path a = dir.resolve("a.html");
        Path b = dir.resolve("b.html");
        HtmlReport.write(a, data, 1_000);
        HtmlReport.write(b, data, 1_000);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

        JsonNode json = embeddedJson(Files.readString(a));
        assertThat(json.get("equity").get("t").size()).isLessThanOrEqualTo(1_000).isGreaterThan(500);
        assertThat(json.get("drawdown").get("v").size()).isLessThanOrEqualTo(1_000);
        JsonNode price = json.get("prices").get(0);
        assertThat(price.get("v").size()).isLessThanOrEqualTo(1_000);
        List<Double> kept = new ArrayList<>();
        price.get("v").forEach(v -> kept.add(v.asDouble()));
        assertThat(kept).contains(1.0);
        assertThat(price.get("t").get(price.get("t").size() - 1).asLong()).isEqualTo(times[n - 1]);
        // with no initial_equity in the summary the drawdown starts from the first point
        assertThat(json.get("drawdown").get("v").get(0).asDouble()).isZero();
        assertThat(Files.size(a)).isLessThan(1_300_000);
    }

    @Test
    void defaultWriteHandlesNoTradesNoPricesAndNonFiniteSummaryValues() throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trades", 0);
        summary.put("sharpe", Double.NaN);
        summary.put("calmar", null);
        summary.put("per_strategy", Map.of());
        ReportData data = new ReportData("empty", summary, List.of(), List.of(), List.of());
        Path file = dir.resolve("empty.html");
        HtmlReport.write(file, data);
        String html = Files.readString(file);
        assertThat(html).contains("<th>Sharpe ratio (annualised, daily returns)</th><td>n/a</td></tr>",
                "<th>Calmar ratio</th><td>n/a</td></tr>", "no trades");
        JsonNode json = embeddedJson(html);
        assertThat(json.get("summary").get("sharpe").isNull()).isTrue();
        assertThat(json.get("trades")).isEmpty();
        assertThat(json.get("prices")).isEmpty();
        assertThat(json.get("equity").get("t")).isEmpty();
    }

    @Test
    void templateFillingIsSinglePassAndStrict() {
        assertThat(HtmlReport.fill("a{{x}}b{{y}}", Map.of("x", "{{y}}$1\\", "y", "Y"))).isEqualTo("a{{y}}$1\\bY");
        assertThatThrownBy(() -> HtmlReport.fill("{{missing}}", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{{missing}}");
        assertThat(HtmlReport.inlineScript("var s = '</SCRIPT>';")).isEqualTo("var s = '<\\/SCRIPT>';");
    }

    @Test
    void echartsComesFromTheWebjar() {
        assertThat(HtmlReport.class.getClassLoader().getResource(HtmlReport.ECHARTS_RESOURCE)).isNotNull();
    }
}
