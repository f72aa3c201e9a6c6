package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepException;
import kairos.engine.ml.Fold;
import kairos.engine.rules.RuleBook;
import kairos.engine.rules.RuleBuildException;
import kairos.engine.rules.RuleScenarios;
import kairos.engine.rules.RulesetHash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The promotion gate's run: the candidate's preconditions (its rules and EPL build, its rule scenarios exist and
 * pass), then for the candidate and the current set on the same data and folds the system walk-forward, a Monte
 * Carlo bootstrap of the out-of-sample trades and the stress suite, and the {@link PromotionGate} verdict.
 */
public final class Promotion {
    private Promotion() {
    }

    /** Runs a side's walk-forward folds (the app supplies one that trains a model per fold when there is one). */
    @FunctionalInterface
    public interface FoldRunner {
        List<SystemWalkForward.FoldRun> run(SystemWalkForward swf, List<Fold> folds);

        /** After {@link #run}: the scorer of the continuous out-of-sample run (each fold's model in turn), or null. */
        default SystemWalkForward.Scorers continuousScorers() {
            return null;
        }
    }

    /**
     * One rule set under test.
     *
     * @param spec        the backtest inputs, its {@code rulesDir} the set's rules
     * @param grid        the grid its parameters are chosen from per fold ({@link ParameterGrid#none()} without)
     * @param priorTrials configurations declared as tried before on this data
     * @param folds       how its folds are run (null: the rules alone, {@code threads} folds at once)
     * @param scorers     the scorer factory of its stress runs (null: no model)
     */
    public record Side(String label, BacktestSpec spec, ParameterGrid grid, long priorTrials, FoldRunner folds,
                       java.util.function.Supplier<kairos.engine.ml.DecisionScorer> scorers) {
    }

    /** How the runs are made; {@code stress} null leaves the stress suite out (its criterion is then skipped). */
    public record Settings(int warmupDays, SystemWalkForward.Selection selection, int threads, int monteCarloRuns,
                           long seed, StressSuite.Settings stress, Path workDir) {
    }

    /** The verdict, and everything measured for {@code promotion.json}. */
    public record Result(PromotionGate.Verdict verdict, PromotionGate.Evidence candidate, PromotionGate.Evidence current,
                         SystemWalkForward.Result candidateWalkForward, SystemWalkForward.Result currentWalkForward,
                         Map<String, Object> document) {
    }

    public static Result run(Side candidate, Side current, List<Fold> folds, Settings settings,
                             PromotionGate.Criteria criteria, Consumer<String> progress) {
        Path rules = candidate.spec().rulesDir();
        List<String> buildErrors = new ArrayList<>();
        RuleBook book = null;
        try {
            book = RuleBook.build(rules);
        } catch (RuleBuildException e) {
            buildErrors.addAll(e.errors());
        }
        try {
            CepEngine.compileAll(candidate.spec().cepDir());
        } catch (CepException e) {
            buildErrors.add("EPL: " + e.getMessage());
        }
        String hash = RulesetHash.of(rules, candidate.spec().cepDir());
        int scenarios = 0;
        List<String> failures = List.of();
        if (book != null) {
            RuleScenarios.Report report = RuleScenarios.run(book, rules.resolve("tests"));
            scenarios = report.scenarios();
            failures = report.failures();
        }
        boolean builds = buildErrors.isEmpty();
        boolean preconditions = builds && scenarios > 0 && failures.isEmpty();
        if (!preconditions) {
            PromotionGate.Evidence ev = new PromotionGate.Evidence(candidate.label(), hash, builds, buildErrors, scenarios,
                    failures, null, null, candidate.grid().size(), null, null);
            PromotionGate.Verdict v = PromotionGate.evaluate(ev, null, criteria);
            Map<String, Object> doc = document(v, ev, null, null, null, criteria,
                    "the candidate failed its preconditions; no walk-forward, Monte Carlo or stress was run");
            return new Result(v, ev, null, null, null, doc);
        }
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("the data is shorter than one walk-forward fold; use shorter "
                    + "--train-days/--test-days (e.g. --train-days 30 --test-days 7 --step-days 7)");
        }
        progress.accept("promote: walk-forward of the candidate");
        SystemWalkForward.Result candWf = walkForward(candidate, folds, settings, progress);
        progress.accept("promote: walk-forward of the current set");
        SystemWalkForward.Result curWf = walkForward(current, folds, settings, progress);
        MonteCarloResult candMc = monteCarlo(candWf, candidate.spec(), settings);
        MonteCarloResult curMc = monteCarlo(curWf, current.spec(), settings);
        Map<String, Object> candStress = null;
        Map<String, Object> curStress = null;
        if (settings.stress() != null) {
            progress.accept("promote: stress of the candidate");
            candStress = StressSuite.run(candidate.spec(), settings.stress(), candidate.scorers(), progress);
            progress.accept("promote: stress of the current set");
            curStress = StressSuite.run(current.spec(), settings.stress(), current.scorers(), progress);
        }
        PromotionGate.Evidence cand = new PromotionGate.Evidence(candidate.label(), hash, true, List.of(), scenarios,
                List.of(), candWf.outOfSample().toMap(), candWf.statistics(), candidate.grid().size(), candMc, candStress);
        PromotionGate.Evidence cur = new PromotionGate.Evidence(current.label(),
                RulesetHash.of(current.spec().rulesDir(), current.spec().cepDir()), true, List.of(), 0, List.of(),
                curWf.outOfSample().toMap(), curWf.statistics(), current.grid().size(), curMc, curStress);
        PromotionGate.Verdict v = PromotionGate.evaluate(cand, cur, criteria);
        Map<String, Object> doc = document(v, cand, cur, candWf, curWf, criteria, null);
        return new Result(v, cand, cur, candWf, curWf, doc);
    }

    private static SystemWalkForward.Result walkForward(Side side, List<Fold> folds, Settings s, Consumer<String> progress) {
        SystemWalkForward swf = new SystemWalkForward(side.spec(), side.grid(),
                new SystemWalkForward.Settings(s.warmupDays(), s.selection(), side.priorTrials(), s.workDir()));
        List<SystemWalkForward.FoldRun> runs = side.folds() != null ? side.folds().run(swf, folds)
                : swf.evaluateAll(folds, s.threads(), line -> progress.accept("promote: " + side.label() + " " + line));
        return swf.assemble(runs, side.folds() == null ? null : side.folds().continuousScorers());
    }

    private static MonteCarloResult monteCarlo(SystemWalkForward.Result wf, BacktestSpec spec, Settings s) {
        if (wf.trades().isEmpty()) {
            return null;
        }
        return MonteCarlo.run(wf.trades(), new MonteCarloSettings(s.monteCarloRuns(), s.seed(),
                MonteCarloSettings.Method.BOOTSTRAP, 0, 0, 0, 0, 0.5, MonteCarloSettings.DEFAULT_RUIN_THRESHOLD,
                spec.initialEquity(), Math.max(1, s.threads())));
    }

    private static Map<String, Object> document(PromotionGate.Verdict v, PromotionGate.Evidence cand,
                                                PromotionGate.Evidence cur, SystemWalkForward.Result candWf,
                                                SystemWalkForward.Result curWf, PromotionGate.Criteria criteria,
                                                String note) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("promoted", v.promoted());
        List<Map<String, Object>> failed = new ArrayList<>();
        v.failed().forEach(c -> failed.add(c.toMap()));
        doc.put("failed_criteria", failed);
        List<Map<String, Object>> all = new ArrayList<>();
        v.checks().forEach(c -> all.add(c.toMap()));
        doc.put("criteria", all);
        doc.put("limits", criteria.toMap());
        if (note != null) {
            doc.put("note", note);
        }
        doc.put("candidate", side(cand, candWf));
        doc.put("current", cur == null ? null : side(cur, curWf));
        return doc;
    }

    private static Map<String, Object> side(PromotionGate.Evidence e, SystemWalkForward.Result wf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", e.label());
        m.put("ruleset_hash", e.rulesetHash());
        m.put("builds", e.builds());
        if (!e.buildErrors().isEmpty()) {
            m.put("build_errors", e.buildErrors());
        }
        m.put("rule_scenarios", e.ruleScenarios());
        if (!e.scenarioFailures().isEmpty()) {
            m.put("scenario_failures", e.scenarioFailures());
        }
        m.put("grid_configurations", e.gridConfigurations());
        if (wf != null) {
            m.put("walkforward", wf.summary());
        }
        if (e.monteCarlo() != null) {
            Map<String, Object> mc = new LinkedHashMap<>();
            Map<String, Object> full = e.monteCarlo().toMap();
            for (String k : List.of("runs", "trades", "seed", "method", "final_pnl", "max_drawdown", "sharpe", "profit_factor",
                    "longest_losing_streak", "ci95", "ci99", "ruin_threshold", "risk_of_ruin")) {
                mc.put(k, full.get(k));
            }
            m.put("montecarlo", mc);
        }
        if (e.stress() != null) {
            m.put("stress", e.stress());
        }
        return m;
    }
}
