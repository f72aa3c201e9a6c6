package kairos.engine.backtest.validation;

import kairos.engine.kernel.EquityPoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The validation report pages: the walk-forward's (folds, stitched equity, Monte Carlo) and the promotion gate's. */
public final class ValidationPages {
    private ValidationPages() {
    }

    /** {@code validation.html} of {@code walkforward --system}. */
    @SuppressWarnings("unchecked")
    public static ValidationReport walkForward(String title, Map<String, Object> doc, SystemWalkForward.Result result,
                                               MonteCarloResult mc) {
        ValidationReport page = new ValidationReport(title);
        Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
        walkForwardSections(page, "", summary, (List<Map<String, Object>>) doc.get("folds"), result.equity(),
                result.outOfSample().initialEquity());
        if (mc != null) {
            ReportSections.monteCarlo(page, mc);
        } else {
            page.heading("Monte Carlo");
            page.paragraph("No out-of-sample trade to resample.");
        }
        return page;
    }

    /** The walk-forward sections: key figures, overfitting statistics, stitched equity, fold table. */
    @SuppressWarnings("unchecked")
    public static void walkForwardSections(ValidationReport page, String prefix, Map<String, Object> summary,
                                           List<Map<String, Object>> folds, List<EquityPoint> equity, double initial) {
        page.heading(prefix + "Out of sample, stitched (" + summary.get("out_of_sample_from") + " .. "
                + summary.get("out_of_sample_to") + ")");
        page.paragraph("Windows " + summary.get("train_days") + " / " + summary.get("test_days") + " / "
                + summary.get("step_days") + " days (" + summary.get("windows") + "); model: " + summary.get("model")
                + ". Every figure is after fees, funding and slippage, on days no choice was made on.");
        Map<String, Object> oos = (Map<String, Object>) summary.get("out_of_sample");
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : List.of("trades", "net_pnl", "total_return", "max_drawdown", "sharpe", "sortino", "win_rate",
                "profit_factor", "fees_paid", "funding_paid", "buy_and_hold_return")) {
            key.put(k, oos.get(k));
        }
        key.put("configurations tried", summary.get("configurations_tried"));
        key.put("prior trials declared", summary.get("prior_trials"));
        key.put("folds without trades", summary.get("folds_without_trades"));
        page.keyValues("Key figures", key);
        Map<String, Object> dsr = (Map<String, Object>) summary.get("deflated_sharpe");
        Map<String, Object> trl = (Map<String, Object>) summary.get("min_track_record_length");
        Map<String, Object> pbo = (Map<String, Object>) summary.get("pbo");
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("deflated Sharpe ratio (>= 0.95 significant)", dsr.get("deflated_sharpe"));
        stats.put("annualised Sharpe, stitched", dsr.get("annualised_sharpe"));
        stats.put("expected max Sharpe of the trials, annualised", dsr.get("expected_max_sharpe_annualised"));
        stats.put("probabilistic Sharpe vs 0", dsr.get("probabilistic_sharpe_vs_0"));
        stats.put("min track record vs 0 (days)", trl.get("days_vs_0"));
        stats.put("min track record vs deflated benchmark (days)", trl.get("days_vs_deflated_benchmark"));
        stats.put("days observed", trl.get("days_observed"));
        stats.put("PBO (CSCV)", pbo.get("pbo") == null ? pbo.get("note") : pbo.get("pbo"));
        page.keyValues("Overfitting statistics", stats);
        double[] t = new double[equity.size()];
        double[] v = new double[equity.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = equity.get(i).time();
            v[i] = equity.get(i).equity();
        }
        page.chart("Stitched out-of-sample equity (start " + ValidationReport.format(initial) + ")", "equity", true,
                List.of(new ValidationReport.Line("equity", t, v, true)));
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> f : folds) {
            Map<String, Object> test = (Map<String, Object>) f.get("test");
            List<Object> row = new ArrayList<>();
            row.add(f.get("fold"));
            row.add(day(f.get("train_from")) + " .. " + day(f.get("train_to")));
            row.add(day(f.get("test_from")) + " .. " + day(f.get("test_to")));
            row.add(label((Map<String, Object>) f.get("parameters")));
            row.add(test == null ? null : test.get("trades"));
            row.add(f.get("pnl"));
            row.add(test == null ? null : test.get("max_drawdown"));
            row.add(test == null ? null : test.get("sharpe"));
            row.add(f.get("log_loss"));
            row.add(f.get("log_loss_prior"));
            row.add(f.get("no_trade_reason") == null ? "" : f.get("no_trade_reason"));
            rows.add(row);
        }
        page.table("Folds", List.of("fold", "train", "test", "parameters chosen", "trades", "net pnl", "max drawdown",
                "sharpe", "log loss", "log loss prior", "why no trade"), rows);
        Map<String, Object> stability = (Map<String, Object>) summary.get("parameter_stability");
        if (stability != null && !stability.isEmpty()) {
            List<List<Object>> st = new ArrayList<>();
            stability.forEach((name, p) -> {
                Map<String, Object> m = (Map<String, Object>) p;
                st.add(List.of(name, String.valueOf(m.get("chosen_per_fold")), m.get("changes"), m.get("most_chosen_share")));
            });
            page.table("Parameter stability (R18.2)", List.of("parameter", "chosen per fold", "changes", "share of the commonest"),
                    st);
        }
    }

    /** {@code promotion.html}: the verdict and its criteria, then each side's walk-forward, Monte Carlo and stress. */
    @SuppressWarnings("unchecked")
    public static ValidationReport promotion(String title, Promotion.Result r) {
        ValidationReport page = new ValidationReport(title);
        Map<String, Object> doc = r.document();
        boolean promoted = (Boolean) doc.get("promoted");
        page.banner(promoted, promoted ? "PROMOTED: the candidate passed every criterion"
                : "REFUSED: " + r.verdict().failed().size() + " criteria failed");
        if (doc.get("note") != null) {
            page.paragraph(String.valueOf(doc.get("note")));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (PromotionGate.Check c : r.verdict().checks()) {
            rows.add(List.of(c.name(), c.status().equals("passed") ? "PASS" : c.status().equals("failed") ? "FAIL" : "skipped",
                    c.value() == null ? "" : c.value(), c.limit() == null ? "" : c.limit(), c.detail()));
        }
        page.table("Criteria", List.of("criterion", "result", "value", "limit", "detail"), rows);
        side(page, "Candidate", (Map<String, Object>) doc.get("candidate"), r.candidateWalkForward(), r.candidate());
        if (doc.get("current") != null) {
            side(page, "Current", (Map<String, Object>) doc.get("current"), r.currentWalkForward(), r.current());
        }
        return page;
    }

    @SuppressWarnings("unchecked")
    private static void side(ValidationReport page, String name, Map<String, Object> side, SystemWalkForward.Result wf,
                             PromotionGate.Evidence e) {
        page.heading(name + ": " + side.get("label") + " (ruleset " + side.get("ruleset_hash") + ")");
        if (wf == null) {
            page.paragraph("Not run.");
            return;
        }
        Map<String, Object> summary = (Map<String, Object>) side.get("walkforward");
        walkForwardSections(page, name + ": ", summary, foldRows(wf), wf.equity(), wf.outOfSample().initialEquity());
        if (e.monteCarlo() != null) {
            ReportSections.monteCarlo(page, e.monteCarlo());
        }
        if (e.stress() != null) {
            page.heading(name + ": stress");
            ReportSections.stress(page, e.stress());
        }
    }

    /** Fold rows rebuilt from a walk-forward result (the promotion document keeps only its summary). */
    private static List<Map<String, Object>> foldRows(SystemWalkForward.Result wf) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SystemWalkForward.FoldRun f : wf.folds()) {
            out.add(wf.foldReport(f));
        }
        return out;
    }

    private static String day(Object iso) {
        String s = String.valueOf(iso);
        return s.length() >= 10 ? s.substring(0, 10) : s;
    }

    private static String label(Map<String, Object> params) {
        if (params == null || params.isEmpty()) {
            return "as the rules are";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
