package kairos.engine.backtest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.data.CandleSeries;
import kairos.engine.ml.Fold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTML pages and the JSON writer: self-contained, escaped, charts fed from one JSON block. */
class ReportsTest {
    @TempDir
    Path dir;

    static JsonNode data(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"kairos-validation-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void aPageIsSelfContainedEscapedAndItsChartsReadTheirData() throws IOException {
        ValidationReport page = new ValidationReport("Title <script>alert(1)</script>");
        page.heading("Heading & more").paragraph("a \"quoted\" 'note'").banner(true, "ok").banner(false, "no")
                .keyValues("kv", Map.of("k", 1.23456789))
                .table("t", List.of("a", "b", "c"), List.of(List.of("row", 1234.5678, Double.NaN), List.of("r2", true, "FAIL")))
                .chart("c", "y", true, List.of(new ValidationReport.Line("line </script>", new double[] {1, 2, 3},
                        new double[] {4, Double.NaN, 6}, true)));
        String html = page.render();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Title &lt;script&gt;", "Heading &amp; more",
                "&quot;quoted&quot; &#39;note&#39;", "banner ok", "banner refused", "1234.57", "1.2346", "class=\"fail\"");
        assertThat(html).doesNotContain("<script>alert").doesNotContainPattern("<script[^>]*src=\"https?://");
        JsonNode d = data(html);
        JsonNode series = d.get("charts").get(0).get("series").get(0);
        assertThat(series.get("name").asText()).isEqualTo("line </script>");
        assertThat(series.get("data")).hasSize(2); // the NaN point is left out
        assertThat(page.render()).isEqualTo(html);
        assertThat(ValidationReport.format(null)).isEqualTo("–");
        assertThat(ValidationReport.format(-0.00001)).isEqualTo("0");
        assertThat(ValidationReport.format(2f)).isEqualTo("2");
        assertThat(ValidationReport.format(List.of(1.0, 2.5))).isEqualTo("1 .. 2.5");
        assertThatThrownBy(() -> new ValidationReport.Line("x", new double[1], new double[2], false)).hasMessageContaining("1 x for 2 y");
        // long lines are thinned to their buckets' extremes: the peak and the trough survive
        double[] y = new double[100_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(i / 1000.0);
        }
        y[54_321] = 5;
        y[7] = -5;
        int[] kept = ValidationReport.thin(y, 4_000);
        assertThat(kept.length).isLessThanOrEqualTo(4_000);
        assertThat(kept).contains(0, 99_999, 54_321, 7);
        assertThat(ValidationReport.thin(new double[] {1, 2, 3}, 10)).containsExactly(0, 1, 2);
    }

    @Test
    void theJsonWriterTurnsEveryNonFiniteNumberIntoNull() {
        String json = ValidationJson.write(Map.of("a", List.of(Double.NaN, 1.0, Double.POSITIVE_INFINITY, Float.NaN, 2f),
                "b", new double[] {Double.NaN, 3}, "c", new float[] {Float.POSITIVE_INFINITY, 1}, "d", new int[] {1, 2},
                "e", new long[] {3}, "f", "text"));
        assertThat(json).doesNotContain("NaN", "Infinity").contains("null", "\"text\"");
        assertThat(ValidationJson.clean(null)).isNull();
    }

    @Test
    void theWalkForwardAndPromotionPagesShowTheirSections() throws IOException {
        CandleSeries market = HourMarket.bars(5, 20, 14, 0.006);
        List<Fold> folds = new kairos.engine.ml.WalkForwardPlan(8, 4, 4).folds(market.openTime(0),
                market.openTime(market.size() - 1) + 3_600_000L);
        SystemWalkForward swf = new SystemWalkForward(HourMarket.spec(market, HourMarket.rules()), ParameterGrid.none(),
                new SystemWalkForward.Settings(1, SystemWalkForward.Selection.SHARPE, 0, dir.resolve("w")));
        SystemWalkForward.Result r = swf.assemble(swf.evaluateAll(folds, 1, line -> { }));
        Map<String, Object> summary = new java.util.LinkedHashMap<>(r.summary());
        summary.put("train_days", 8);
        summary.put("test_days", 4);
        summary.put("step_days", 4);
        summary.put("windows", "as given");
        summary.put("model", "none");
        List<Map<String, Object>> foldReports = r.folds().stream().map(r::foldReport).toList();
        MonteCarloResult mc = MonteCarlo.run(r.trades(), MonteCarloSettings.defaults(10_000).withRuns(200));
        String html = ValidationPages.walkForward("wf", Map.of("summary", summary, "folds", foldReports), r, mc).render();
        assertThat(html).contains("Out of sample, stitched", "Overfitting statistics", "Folds", "Monte Carlo: 200 bootstrap runs",
                "Confidence intervals (R18.4)");
        assertThat(data(html).get("charts")).hasSize(2); // equity, fan
        assertThat(ValidationPages.walkForward("wf", Map.of("summary", summary, "folds", foldReports), r, null).render())
                .contains("No out-of-sample trade to resample");

        Map<String, Object> stress = Map.of("scenarios", List.of(
                Map.of("name", "baseline", "trades", 3, "net_pnl", 1.5, "max_drawdown", 0.01, "description", "as is",
                        "worst_trade", Map.of("net_pnl", -2.0, "exit_reason", "stop"), "emergency_rules_fired", Map.of()),
                Map.of("name", "drop_20pct", "trades", 1, "description", "gap", "emergency_rules_fired",
                        Map.of("Emergency: black swan drawdown", 1))));
        PromotionGate.Evidence ev = new PromotionGate.Evidence("cand", "h", true, List.of(), 2, List.of(), r.outOfSample().toMap(),
                r.statistics(), 1, mc, stress);
        PromotionGate.Verdict v = PromotionGate.evaluate(ev, ev, PromotionGate.Criteria.defaults());
        Map<String, Object> side = new java.util.LinkedHashMap<>();
        side.put("label", "cand");
        side.put("ruleset_hash", "h");
        side.put("walkforward", summary);
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("promoted", v.promoted());
        doc.put("note", "a note");
        doc.put("candidate", side);
        doc.put("current", side);
        String page = ValidationPages.promotion("gate", new Promotion.Result(v, ev, ev, r, null, doc)).render();
        assertThat(page).contains("REFUSED", "Criteria", "Candidate: cand", "Current: cand", "Candidate: stress",
                "black swan drawdown x1", "gap", "a note", "Not run.");
    }
}
