package kairos.engine.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The report a trader reads at a glance: candlesticks with indicators on demand and the trades on them,
 * buy and hold beside the equity, best and worst trade, streaks, winners' and losers' holding times, daily, weekly and
 * monthly returns, the R-multiple chart, a trades table whose rows link to the audit of the decision that opened each
 * trade; and, in headless Chromium, the page draws every chart without a script error (a screenshot is kept in
 * {@code target/report-screenshot.png}). Skipped where Chromium is not installed.
 */
class ReportAtAGlanceTest {
    @TempDir
    Path dir;

    static final long START = Instant.parse("2025-05-05T00:00:00Z").toEpochMilli();

    /** Ten days of 5m random-walk bars, four trades with their entry decisions, the equity at every bar. */
    static ReportData fixture() {
        List<Bar> bars = SyntheticBars.randomWalk(11, START, 300_000, 10 * 288, 150);
        List<EquityPoint> equity = new ArrayList<>();
        double e = 10_000;
        for (int i = 0; i < bars.size(); i++) {
            e += Math.sin(i / 90.0) * 3;
            equity.add(new EquityPoint(bars.get(i).openTime() + 300_000, e, i % 7 == 0));
        }
        List<TradeRecord> trades = List.of(
                new TradeRecord("T1", "SOLUSDT", Side.Buy, "breakout", "Breakout long", bars.get(300).openTime(), 151.2,
                        bars.get(340).openTime(), 153.4, 10, 22, 1.5, 0.1, 20.4, "tp1", 12),
                new TradeRecord("T2", "SOLUSDT", Side.Sell, "momentum", "Momentum short", bars.get(900).openTime(), 149,
                        bars.get(910).openTime(), 150, 10, -10, 1.2, 0, -11.2, "stop", 10),
                new TradeRecord("T3", "SOLUSDT", Side.Sell, "momentum", "Momentum short", bars.get(1500).openTime(), 148,
                        bars.get(1530).openTime(), 149, 5, -5, 0.6, 0, -5.6, "stop", 5),
                new TradeRecord("T4", "SOLUSDT", Side.Buy, "breakout", "Breakout long", bars.get(2000).openTime(), 147,
                        bars.get(2200).openTime(), 152, 4, 20, 0.8, -0.2, 19.4, "trailing", 8));
        List<Decision> decisions = new ArrayList<>();
        for (TradeRecord t : trades) {
            long at = t.entryTime() - 300_000;
            decisions.add(decision(t.symbol() + "-" + (at - 300_000), at - 300_000, "none", null));
            decisions.add(decision(t.symbol() + "-" + at, at, "accepted", new Decision.ProposalRecord(t.side().name(),
                    t.strategy(), t.entryRule(), "market", t.entryPrice(), t.entryPrice() - 1, t.entryPrice() + 2, 1,
                    "why", List.of(), 0)));
        }
        decisions.sort(java.util.Comparator.comparing(Decision::ts));
        Map<String, Object> summary = new LinkedHashMap<>(PerformanceMetrics.compute(trades, equity, 10_000, START,
                START + 10 * 86_400_000L, bars.getFirst().open(), bars.getLast().close()).toMap());
        summary.put("symbols", List.of("SOLUSDT"));
        summary.put("exchange", "bybit");
        summary.put("timeframe", "5m");
        summary.put("warnings", List.of("the filter 'Market: BTC correlation' vetoed all decisions"));
        summary.put("fill_model", "fills on later bars");
        return new ReportData("Kairos backtest SOLUSDT 5m", summary, trades, equity,
                List.of(PriceSeries.ofBars("SOLUSDT", Timeframe.M5, bars)),
                List.of(ReportCandles.of("SOLUSDT", Timeframe.M5, Timeframe.M5, bars, 600)), decisions);
    }

    static Decision decision(String id, long ts, String status, Decision.ProposalRecord proposal) {
        return new Decision(id, Instant.ofEpochMilli(ts).toString(), "SOLUSDT", "bar_close", List.of("Market: trend"),
                List.of(), proposal, new Decision.Verdict(status, "because", null, null, null), List.of(), List.of(),
                "close=150", "h", "none", List.of(), List.of(), List.of(), null, null);
    }

    @Test
    void everySectionATraderReadsIsOnThePage() throws Exception {
        ReportData data = fixture();
        String html = HtmlReport.render(data, HtmlReport.MAX_CHART_POINTS);
        assertThat(html).contains("<div class=\"warnings\" id=\"warnings\">", "vetoed all decisions");
        assertThat(html).contains("<div class=\"card\" data-key=\"net_pnl\"><div class=\"label\">Net profit</div>",
                "<div class=\"label\">Buy and hold</div>");
        // trade statistics: best and worst trade, streaks, winners' and losers' holding times
        assertThat(html).contains("<th>Best trade</th><td>T1: 20.40 (long SOLUSDT, breakout,",
                "<th>Worst trade</th><td>T2: -11.20 (short SOLUSDT, momentum,",
                "<th>Longest winning streak</th><td>1 trade</td>", "<th>Longest losing streak</th><td>2 trades</td>",
                "<th>Average time in a winner</th><td>10 h 00 min (2 winners)</td>",
                "<th>Average time in a loser</th><td>1 h 40 min (2 losers)</td>");
        // daily, weekly and monthly returns beside each other
        assertThat(html).contains("<h3>Daily (UTC)</h3>", "<h3>Weekly (UTC)</h3>", "<h3>Monthly (UTC)</h3>",
                "<tr><th>2025-05-05</th>", "<th>week from</th>", "<tr><th>2025-05</th>");
        // the trades table fits the page and links each trade to its entry decision's audit
        assertThat(html).contains("<table class=\"trades\" id=\"trade-table\">", "table-layout: fixed",
                "<a href=\"#audit-T1\" title=\"the decision that opened it: SOLUSDT-" + (data.trades().getFirst().entryTime() - 300_000) + "\">T1</a>",
                "<details class=\"audit\" id=\"audit-T1\"><summary>T1: long SOLUSDT opened by decision SOLUSDT-",
                "Verdict: accepted - because");
        assertThat(Pattern.compile("<details class=\"audit\"").matcher(html).results().count()).isEqualTo(4);
        JsonNode json = HtmlReportTest.embeddedJson(html);
        JsonNode candles = json.get("candles").get(0);
        assertThat(candles.get("display_timeframe").asText()).as("2,880 bars merged to fit 600 candles").isEqualTo("30m");
        assertThat(candles.get("t").size()).isEqualTo(480).isEqualTo(candles.get("o").size()).isEqualTo(candles.get("c").size());
        assertThat(candles.get("indicators").fieldNames()).toIterable()
                .containsExactly("ema_21", "ema_55", "bb_upper", "bb_middle", "bb_lower");
        assertThat(candles.get("indicators").get("ema_55").get(0).isNull()).as("warming up").isTrue();
        assertThat(candles.get("indicators").get("ema_55").get(479).isNumber()).isTrue();
        assertThat(json.get("buy_and_hold").get("v").get(0).asDouble()).isCloseTo(10_000 * json.get("prices").get(0)
                .get("v").get(0).asDouble() / candles.get("o").get(0).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("r_histogram").get("counts").toString()).isEqualTo("[0,0,2,0,0,0,0,0,1,1,0,0]"); // -1.12R twice, +1.70R, +2.43R
        assertThat(json.get("daily_returns").get("days")).hasSize(10);
    }

    @Test
    void candlesAreMergedExactlyAndIndicatorsTakenAtEachCandlesLastBar() {
        List<Bar> bars = SyntheticBars.randomWalk(3, START, 60_000, 600, 100);
        ReportCandles c = ReportCandles.of("X", Timeframe.M1, Timeframe.M5, bars, 50);
        assertThat(c.strategyTimeframe()).isEqualTo("5m");
        assertThat(c.displayTimeframe()).isEqualTo("15m");
        assertThat(c.openTimes()).hasSize(40);
        List<Bar> first15 = bars.subList(0, 15);
        assertThat(c.open()[0]).isEqualTo(first15.getFirst().open());
        assertThat(c.close()[0]).isEqualTo(first15.getLast().close());
        assertThat(c.high()[0]).isEqualTo(first15.stream().mapToDouble(Bar::high).max().orElseThrow());
        assertThat(c.low()[0]).isEqualTo(first15.stream().mapToDouble(Bar::low).min().orElseThrow());
        // EMA(21) of 5m closes, taken at the third 5m bar of each 15m candle
        kairos.engine.features.calc.Ema ema = kairos.engine.features.calc.Ema.ema(21);
        List<Bar> fives = ReportCandles.merge(bars, 300_000);
        double last = Double.NaN;
        for (int i = 0; i < 30; i++) {
            last = ema.update(fives.get(i).close());
        }
        assertThat(c.indicators().get("ema_21")[9]).isEqualTo(last);
    }

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    static String runChromium(String binary, Path profile, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }

    @Test
    void headlessChromiumDrawsEveryChartWithoutAScriptError() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (Debian: apt-get install chromium); the report screenshot "
                + "test is skipped");
        Path page = dir.resolve("report.html");
        HtmlReport.write(page, fixture());
        String dom = runChromium(chromium, Files.createDirectories(dir.resolve("profile-dom")),
                List.of("--dump-dom", page.toUri().toString()));
        java.util.regex.Matcher body = Pattern.compile("<body[^>]*data-report=\"([^\"]*)\"").matcher(dom);
        assertThat(body.find()).as("the page script ran to its end").isTrue();
        assertThat(body.group(1)).as("no script error").isEqualTo("drawn");
        // ECharts draws into a canvas in each chart: equity, drawdown, one symbol, R multiples, daily returns
        for (String id : List.of("equity-chart", "drawdown-chart", "r-chart", "daily-chart")) {
            assertThat(dom).containsPattern("id=\"" + id + "\"[^>]*_echarts_instance_");
        }
        assertThat(Pattern.compile("<canvas").matcher(dom).results().count()).isGreaterThanOrEqualTo(5);

        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        runChromium(chromium, Files.createDirectories(dir.resolve("profile-shot")),
                List.of("--window-size=1400,2400", "--screenshot=" + png, page.toUri().toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(2400);
        // not a blank page: the charts and tables put many colours on it, the candles red and green among them
        Set<Integer> colours = new HashSet<>();
        boolean green = false;
        boolean red = false;
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                green |= g > 100 && g > r + 50 && g > b + 30;
                red |= r > 150 && r > g + 80 && r > b + 60;
            }
        }
        assertThat(colours.size()).isGreaterThan(200);
        assertThat(green).as("green candles or figures").isTrue();
        assertThat(red).as("red candles or figures").isTrue();
    }
}
