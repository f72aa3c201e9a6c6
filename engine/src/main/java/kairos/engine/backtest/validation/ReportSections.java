package kairos.engine.backtest.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sections the validation pages share: Monte Carlo fan and table, stress table, fold table, equity. */
public final class ReportSections {
    private ReportSections() {
    }

    /** The equity fan (5-95% of runs after each number of trades) and the percentile table of every metric. */
    public static void monteCarlo(ValidationReport page, MonteCarloResult r) {
        MonteCarloSettings s = r.settings();
        page.heading("Monte Carlo: " + s.runs() + " " + s.method().label() + " runs of " + r.trades() + " trades");
        page.paragraph(String.format(Locale.ROOT, "Seed %d; extra slippage up to %s bp, skip rate %s, delay %s bp, "
                        + "partial fills %s (at least %s of the quantity); ruin = a drawdown of %s%% from the peak. "
                        + "Equity starts at %s.", s.seed(), ValidationReport.format(s.slippageBps()),
                ValidationReport.format(s.skipRate()), ValidationReport.format(s.delayBps()),
                ValidationReport.format(s.partialRate()), ValidationReport.format(s.partialMin()),
                ValidationReport.format(100 * s.ruinThreshold()), ValidationReport.format(s.initialEquity())));
        int[] x = r.fanTrades();
        double[] xs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = x[i];
        }
        double[][] fan = r.fan();
        String[] names = {"5%", "25%", "median", "75%", "95%"};
        List<ValidationReport.Line> lines = new ArrayList<>();
        for (int q = 0; q < fan.length; q++) {
            lines.add(new ValidationReport.Line(names[q], xs, fan[q], q == 2));
        }
        page.chart("Equity fan (quantiles of the runs after each number of trades)", "equity", false, lines);
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Object> m = r.toMap();
        for (String name : MonteCarlo.metricNames()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> v = (Map<String, Object>) m.get(name);
            rows.add(List.of(name, nz(v.get("observed")), nz(v.get("mean")), nz(v.get("std")), nz(v.get("p1")),
                    nz(v.get("p5")), nz(v.get("p50")), nz(v.get("p95")), nz(v.get("p99"))));
        }
        page.table("Distribution over the runs", List.of("metric", "observed", "mean", "std", "p1", "p5", "p50", "p95",
                "p99"), rows);
        List<List<Object>> ci = new ArrayList<>();
        for (String name : List.of("max_drawdown", "sharpe", "profit_factor")) {
            ci.add(List.of(name, list(r.interval(name, 0.95)), list(r.interval(name, 0.99))));
        }
        page.table("Confidence intervals (R18.4)", List.of("metric", "95%", "99%"), ci);
        page.paragraph(String.format(Locale.ROOT, "Risk of ruin (drawdown of %s%% or more): %s of the runs.",
                ValidationReport.format(100 * s.ruinThreshold()), ValidationReport.format(r.riskOfRuin())));
    }

    /** One row per stress scenario of a {@code stress.json} object. */
    @SuppressWarnings("unchecked")
    public static void stress(ValidationReport page, Map<String, Object> stress) {
        List<Map<String, Object>> scenarios = (List<Map<String, Object>>) stress.get("scenarios");
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> s : scenarios) {
            Map<String, Object> worst = (Map<String, Object>) s.get("worst_trade");
            Map<String, Object> emergency = (Map<String, Object>) s.get("emergency_rules_fired");
            List<Object> row = new ArrayList<>();
            row.add(s.get("name"));
            row.add(nz(s.get("trades")));
            row.add(nz(s.get("net_pnl")));
            row.add(nz(s.get("total_return")));
            row.add(nz(s.get("max_drawdown")));
            row.add(nz(s.get("sharpe")));
            row.add(nz(s.get("profit_factor")));
            row.add(nz(s.get("win_rate")));
            row.add(worst == null ? "–" : worst.get("net_pnl") + " (" + worst.get("exit_reason") + ")");
            row.add(emergency == null || emergency.isEmpty() ? "none" : String.join(", ", emergency.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue()).toList()));
            row.add(s.get("description"));
            rows.add(row);
        }
        page.table(null, List.of("scenario", "trades", "net pnl", "total return", "max drawdown", "sharpe",
                "profit factor", "win rate", "worst trade", "emergency rules fired", "what was injected"), rows);
    }

    private static Object nz(Object v) {
        return v == null ? Double.NaN : v;
    }

    private static List<Object> list(double[] v) {
        List<Object> out = new ArrayList<>();
        for (double d : v) {
            out.add(d);
        }
        return out;
    }
}
