package kairos.engine.backtest.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a candidate rule set (and model) may replace the current one (R25, R10.5): it must build and pass its own
 * rule scenarios, and on the same data, out of sample, it must beat the current set by a margin, keep its 95%
 * Monte Carlo drawdown interval inside the limit, show a significant deflated Sharpe ratio over the trials tried,
 * make enough trades to say anything, not be overfit by its grid (PBO), and not do worse than the current set
 * under stress. Every criterion is reported, passed or not; any failure refuses.
 */
public final class PromotionGate {
    private PromotionGate() {
    }

    /**
     * The limits. {@code margin} is in units of {@code metric} (annualised Sharpe ratio, or quote currency for
     * {@code net_pnl}); {@code maxStressDrawdown} NaN switches the absolute stress limit off.
     */
    public record Criteria(String metric, double margin, double maxDrawdown, double minDeflatedSharpe, int minTrades,
                           double maxPbo, double stressTolerance, double maxStressDrawdown) {
        public Criteria {
            if (!metric.equals("sharpe") && !metric.equals("net_pnl")) {
                throw new IllegalArgumentException("--metric " + metric + ": use sharpe or net_pnl");
            }
            if (!(maxDrawdown > 0 && maxDrawdown <= 1)) {
                throw new IllegalArgumentException("--max-drawdown must be within (0, 1], got " + maxDrawdown);
            }
            if (!(minDeflatedSharpe >= 0 && minDeflatedSharpe < 1)) {
                throw new IllegalArgumentException("--min-deflated-sharpe must be within [0, 1), got " + minDeflatedSharpe);
            }
            if (minTrades < 0) {
                throw new IllegalArgumentException("--min-trades must not be negative, got " + minTrades);
            }
            if (!(maxPbo > 0 && maxPbo <= 1)) {
                throw new IllegalArgumentException("--max-pbo must be within (0, 1], got " + maxPbo);
            }
            if (!(stressTolerance >= 0)) {
                throw new IllegalArgumentException("--stress-tolerance must not be negative, got " + stressTolerance);
            }
            if (!Double.isNaN(maxStressDrawdown) && !(maxStressDrawdown > 0 && maxStressDrawdown <= 1)) {
                throw new IllegalArgumentException("--max-stress-drawdown must be within (0, 1], got " + maxStressDrawdown);
            }
            if (!Double.isFinite(margin)) {
                throw new IllegalArgumentException("--margin must be a number, got " + margin);
            }
        }

        /** Sharpe by 0.25, drawdown 10% (R1.8), DSR 0.95, 30 trades, PBO 0.5, stress no worse by 2 points. */
        public static Criteria defaults() {
            return new Criteria("sharpe", 0.25, 0.10, 0.95, 30, 0.5, 0.02, Double.NaN);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", metric);
            m.put("margin", margin);
            m.put("max_drawdown_ci95", maxDrawdown);
            m.put("min_deflated_sharpe", minDeflatedSharpe);
            m.put("min_trades", minTrades);
            m.put("max_pbo", maxPbo);
            m.put("stress_tolerance", stressTolerance);
            m.put("max_stress_drawdown", maxStressDrawdown);
            return m;
        }
    }

    /**
     * What was learnt of one rule set. Null parts were not measured (a candidate that does not build is refused
     * before any backtest).
     *
     * @param ruleScenarios      scenarios found under {@code tests/}
     * @param scenarioFailures   the failing ones ({@code file: name: what})
     * @param outOfSample        the walk-forward's stitched out-of-sample KPIs ({@code summary.out_of_sample})
     * @param statistics         its deflated Sharpe ratio and PBO
     * @param gridConfigurations configurations of its grid (1 without)
     * @param monteCarlo         bootstrap of its out-of-sample trades, null without trades
     * @param stress             {@code stress.json}'s content
     */
    public record Evidence(String label, String rulesetHash, boolean builds, List<String> buildErrors, int ruleScenarios,
                           List<String> scenarioFailures, Map<String, Object> outOfSample, OverfittingReport statistics,
                           int gridConfigurations, MonteCarloResult monteCarlo, Map<String, Object> stress) {
    }

    /** One criterion's outcome: {@code status} passed, failed or skipped (not applicable). */
    public record Check(String name, String status, String detail, Object value, Object limit) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("status", status);
            m.put("value", value);
            m.put("limit", limit);
            m.put("detail", detail);
            return m;
        }
    }

    public record Verdict(boolean promoted, List<Check> checks) {
        public List<Check> failed() {
            return checks.stream().filter(c -> c.status().equals("failed")).toList();
        }
    }

    public static Verdict evaluate(Evidence candidate, Evidence current, Criteria c) {
        List<Check> checks = new ArrayList<>();
        checks.add(candidate.builds()
                ? pass("rules_build", "the candidate's rules and EPL build", null, null)
                : fail("rules_build", "the candidate does not build: " + String.join("; ", candidate.buildErrors()), null, null));
        if (!candidate.builds()) {
            return new Verdict(false, checks);
        }
        if (candidate.ruleScenarios() == 0) {
            checks.add(fail("rule_scenarios", "the candidate has no rule scenarios (tests/**/*.yaml): untested rules are not "
                    + "promoted (R10.5); add scenarios as in docs/rules-guide.md", 0, ">= 1"));
        } else if (!candidate.scenarioFailures().isEmpty()) {
            checks.add(fail("rule_scenarios", candidate.scenarioFailures().size() + " of " + candidate.ruleScenarios()
                    + " scenarios fail: " + String.join("; ", candidate.scenarioFailures().stream().limit(5).toList()),
                    candidate.scenarioFailures().size(), 0));
        } else {
            checks.add(pass("rule_scenarios", candidate.ruleScenarios() + " scenarios pass", candidate.ruleScenarios(), ">= 1"));
        }
        if (candidate.outOfSample() == null) {
            return new Verdict(false, checks);
        }
        int trades = ((Number) candidate.outOfSample().get("trades")).intValue();
        checks.add(trades >= c.minTrades()
                ? pass("min_trades", trades + " out-of-sample trades", trades, c.minTrades())
                : fail("min_trades", "only " + trades + " out-of-sample trades; fewer than " + c.minTrades()
                + " say nothing about an edge", trades, c.minTrades()));
        double cand = metric(candidate.outOfSample(), c.metric());
        double cur = current == null ? 0 : metric(current.outOfSample(), c.metric());
        String what = c.metric().equals("sharpe") ? "annualised Sharpe ratio" : "net PnL";
        checks.add(cand >= cur + c.margin()
                ? pass("beats_current", String.format(Locale.ROOT, "out-of-sample %s %.3f >= current %.3f + margin %.3f",
                what, cand, cur, c.margin()), cand, cur + c.margin())
                : fail("beats_current", String.format(Locale.ROOT, "out-of-sample %s %.3f < current %.3f + margin %.3f",
                what, cand, cur, c.margin()), cand, cur + c.margin()));
        if (candidate.monteCarlo() == null) {
            checks.add(fail("drawdown_ci95", "no out-of-sample trade to resample: the drawdown interval is unknown", null,
                    c.maxDrawdown()));
        } else {
            double[] ci = candidate.monteCarlo().interval("max_drawdown", 0.95);
            checks.add(ci[1] <= c.maxDrawdown()
                    ? pass("drawdown_ci95", String.format(Locale.ROOT, "95%% Monte Carlo interval of the max drawdown %.2f%% .. "
                    + "%.2f%% is inside %.2f%%", 100 * ci[0], 100 * ci[1], 100 * c.maxDrawdown()), ci[1], c.maxDrawdown())
                    : fail("drawdown_ci95", String.format(Locale.ROOT, "95%% Monte Carlo interval of the max drawdown reaches "
                    + "%.2f%% (limit %.2f%%)", 100 * ci[1], 100 * c.maxDrawdown()), ci[1], c.maxDrawdown()));
        }
        OverfittingReport s = candidate.statistics();
        checks.add(s.deflatedSharpe() >= c.minDeflatedSharpe()
                ? pass("deflated_sharpe", String.format(Locale.ROOT, "deflated Sharpe ratio %.3f over %d trials", s.deflatedSharpe(),
                s.trials()), s.deflatedSharpe(), c.minDeflatedSharpe())
                : fail("deflated_sharpe", String.format(Locale.ROOT, "deflated Sharpe ratio %.3f over %d trials is not "
                        + "significant (annualised Sharpe %.2f against an expected best of %.2f from luck alone)",
                s.deflatedSharpe(), s.trials(), s.sharpe() * Math.sqrt(365), s.benchmark() * Math.sqrt(365)),
                s.deflatedSharpe(), c.minDeflatedSharpe()));
        if (s.pbo() == null) {
            checks.add(skip("pbo", "no grid of configurations to choose from: " + s.pboNote()));
        } else {
            checks.add(s.pbo().pbo() <= c.maxPbo()
                    ? pass("pbo", String.format(Locale.ROOT, "probability of backtest overfitting %.3f over %d configurations",
                    s.pbo().pbo(), s.pbo().configurations()), s.pbo().pbo(), c.maxPbo())
                    : fail("pbo", String.format(Locale.ROOT, "probability of backtest overfitting %.3f over %d configurations: "
                    + "the grid's in-sample winner does not hold out of sample", s.pbo().pbo(), s.pbo().configurations()),
                    s.pbo().pbo(), c.maxPbo()));
        }
        if (candidate.stress() == null) {
            checks.add(skip("stress", "stress not run"));
        } else {
            double worst = StressSuite.worstDrawdown(candidate.stress());
            double base = current == null || current.stress() == null ? Double.NaN : StressSuite.worstDrawdown(current.stress());
            List<String> problems = new ArrayList<>();
            if (!Double.isNaN(base) && worst > base + c.stressTolerance()) {
                problems.add(String.format(Locale.ROOT, "worst stress drawdown %.2f%% is worse than the current set's %.2f%% by "
                        + "more than %.2f points", 100 * worst, 100 * base, 100 * c.stressTolerance()));
            }
            if (!Double.isNaN(c.maxStressDrawdown()) && worst > c.maxStressDrawdown()) {
                problems.add(String.format(Locale.ROOT, "worst stress drawdown %.2f%% exceeds %.2f%%", 100 * worst,
                        100 * c.maxStressDrawdown()));
            }
            checks.add(problems.isEmpty()
                    ? pass("stress", String.format(Locale.ROOT, "worst stress drawdown %.2f%% (current %.2f%%)", 100 * worst,
                    100 * base), worst, Double.isNaN(base) ? c.maxStressDrawdown() : base + c.stressTolerance())
                    : fail("stress", String.join("; ", problems), worst,
                    Double.isNaN(base) ? c.maxStressDrawdown() : base + c.stressTolerance()));
        }
        boolean promoted = checks.stream().noneMatch(x -> x.status().equals("failed"));
        return new Verdict(promoted, checks);
    }

    /** The metric of a walk-forward's out-of-sample KPIs; an undefined Sharpe ratio (flat curve) counts as 0. */
    static double metric(Map<String, Object> oos, String metric) {
        if (oos == null) {
            return 0;
        }
        Object v = oos.get(metric);
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    private static Check pass(String name, String detail, Object value, Object limit) {
        return new Check(name, "passed", detail, value, limit);
    }

    private static Check fail(String name, String detail, Object value, Object limit) {
        return new Check(name, "failed", detail, value, limit);
    }

    private static Check skip(String name, String detail) {
        return new Check(name, "skipped", detail, null, null);
    }
}
