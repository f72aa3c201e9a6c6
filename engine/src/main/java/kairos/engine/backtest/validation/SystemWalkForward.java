package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.PerformanceMetrics;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.FundingRate;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.ml.DecisionScorer;
import kairos.engine.ml.Fold;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The walk-forward of the whole system (rules, and the model when there is one) through the backtest entry point:
 * for every fold,
 *
 * <ol>
 *   <li>with a grid of two or more configurations, each is backtested over the fold's train window and the best by the
 *       selection metric is chosen (the first on ties; a run without trades scores 0). The test window is never
 *       looked at to choose;</li>
 *   <li>the chosen configuration is backtested over the test window: the fold's KPIs;</li>
 *   <li>every configuration is backtested over the fold's out-of-sample segment (the test window, cut where the
 *       next fold's test window starts when windows overlap): the chosen one's segments, stitched in fold order,
 *       are the out-of-sample equity and trade list, all of them together the matrix the PBO is estimated on.</li>
 * </ol>
 *
 * Every run replays {@code warmupDays} of bars before its window with entries vetoed ({@link RuleVariant}), so the
 * indicators are warm and nothing trades outside the window. Each run starts from the initial equity; the stitched
 * curve adds the segments' PnL. A fold's model, when there is one, is trained by the caller on the train window
 * only (see {@code kairos.engine.ml.WalkForward}) and scores all of the fold's runs; on its own train window it
 * scores bars it has seen, so the train-window selection is in sample for the model.
 */
public final class SystemWalkForward {
    /** What chooses a configuration on the train window. */
    public enum Selection {
        SHARPE, NET_PNL, PROFIT_FACTOR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Selection parse(String text) {
            for (Selection s : values()) {
                if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--select-by " + text + ": use sharpe, net_pnl or profit_factor");
        }

        /** The score of a run; undefined (no trades, no losses) counts as 0 or the finite extreme. */
        double score(PerformanceMetrics m) {
            double v = switch (this) {
                case SHARPE -> m.sharpe();
                case NET_PNL -> m.netPnl();
                case PROFIT_FACTOR -> m.profitFactor();
            };
            if (Double.isNaN(v)) {
                return 0;
            }
            return Double.isInfinite(v) ? Math.copySign(Double.MAX_VALUE, v) : v;
        }
    }

    /** Makes a fresh scorer for a run whose replay starts at {@code replayStart} (null: no model). */
    @FunctionalInterface
    public interface Scorers {
        DecisionScorer create(long replayStart);
    }

    /**
     * @param warmupDays  days replayed before each window with entries vetoed
     * @param selection   the train-window metric that chooses a configuration
     * @param priorTrials configurations tried before this run on the same question (declared), added to the grid's
     *                    for the deflated Sharpe ratio
     * @param workDir     where the rule variants are written (and deleted)
     */
    public record Settings(int warmupDays, Selection selection, long priorTrials, Path workDir) {
        public Settings {
            if (warmupDays < 0 || warmupDays > 60) {
                throw new IllegalArgumentException("--warmup-days must be within 0 .. 60, got " + warmupDays);
            }
            if (priorTrials < 0) {
                throw new IllegalArgumentException("--prior-trials must not be negative, got " + priorTrials);
            }
        }
    }

    /** One fold's runs. {@code train} holds one outcome per configuration (empty without a grid to choose from). */
    public record FoldRun(Fold fold, int chosen, List<BacktestOutcome> train, BacktestOutcome test,
                          List<BacktestOutcome> segments, long segmentTo) {
    }

    private final BacktestSpec base;
    private final ParameterGrid grid;
    private final Settings settings;
    private final Set<String> watched;
    private final long dataStart;

    public SystemWalkForward(BacktestSpec base, ParameterGrid grid, Settings settings) {
        this.base = base;
        this.grid = grid;
        this.settings = settings;
        this.watched = RuleNames.emergency(base.rulesDir());
        CandleSeries first = base.bars().get(base.symbols().getFirst());
        this.dataStart = first.openTime(0);
    }

    public ParameterGrid grid() {
        return grid;
    }

    public Settings settings() {
        return settings;
    }

    /** Where each fold's out-of-sample segment ends: the next fold's test start, or its own test end. */
    public static long[] segmentEnds(List<Fold> folds) {
        long[] ends = new long[folds.size()];
        for (int i = 0; i < folds.size(); i++) {
            long end = folds.get(i).testTo();
            if (i + 1 < folds.size()) {
                end = Math.min(end, Math.max(folds.get(i).testFrom() + 1, folds.get(i + 1).testFrom()));
            }
            ends[i] = end;
        }
        return ends;
    }

    /** Runs one fold (see the class comment); {@code scorers} null for the rules alone. */
    public FoldRun evaluate(Fold fold, long segmentTo, Scorers scorers) {
        List<BacktestOutcome> train = new ArrayList<>();
        int chosen = 0;
        if (grid.size() > 1) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < grid.size(); c++) {
                BacktestOutcome o = run(fold, c, fold.trainFrom(), fold.trainTo(), scorers);
                train.add(o);
                double score = settings.selection().score(o.metrics());
                if (score > best) {
                    best = score;
                    chosen = c;
                }
            }
        }
        List<BacktestOutcome> segments = new ArrayList<>();
        BacktestOutcome test = null;
        for (int c = 0; c < grid.size(); c++) {
            BacktestOutcome seg = run(fold, c, fold.testFrom(), segmentTo, scorers);
            segments.add(seg);
            if (c == chosen && segmentTo == fold.testTo()) {
                test = seg;
            }
        }
        if (test == null) {
            test = run(fold, chosen, fold.testFrom(), fold.testTo(), scorers);
        }
        return new FoldRun(fold, chosen, train, test, segments, segmentTo);
    }

    /** Runs every fold with the rules alone, {@code threads} folds at once, in fold order in the result. */
    public List<FoldRun> evaluateAll(List<Fold> folds, int threads, Consumer<String> progress) {
        long[] ends = segmentEnds(folds);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, folds.size())), r -> {
            Thread t = new Thread(r, "kairos-walkforward");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FoldRun>> futures = new ArrayList<>();
            for (int i = 0; i < folds.size(); i++) {
                Fold f = folds.get(i);
                long end = ends[i];
                futures.add(pool.submit(() -> {
                    FoldRun r = evaluate(f, end, null);
                    progress.accept(line(r));
                    return r;
                }));
            }
            List<FoldRun> out = new ArrayList<>();
            for (Future<FoldRun> fr : futures) {
                out.add(fr.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the walk-forward was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a walk-forward fold failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The progress line of a finished fold. */
    public String line(FoldRun r) {
        BacktestOutcome t = r.test();
        String why = t.decisions().noTradeReason(t.trades().size());
        return String.format(Locale.ROOT, "%s: %s, %d trades, net pnl %.2f%s", r.fold(), grid.label(r.chosen()),
                t.trades().size(), t.netPnl(), why == null ? "" : " (" + why + ")");
    }

    /** The fold's report (merged into the ML fold report when there is one). */
    public Map<String, Object> foldReport(FoldRun r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("fold", r.fold().index());
        f.put("train_from", Instant.ofEpochMilli(r.fold().trainFrom()).toString());
        f.put("train_to", Instant.ofEpochMilli(r.fold().trainTo()).toString());
        f.put("test_from", Instant.ofEpochMilli(r.fold().testFrom()).toString());
        f.put("test_to", Instant.ofEpochMilli(r.fold().testTo()).toString());
        f.put("segment_to", Instant.ofEpochMilli(r.segmentTo()).toString());
        f.put("chosen_configuration", r.chosen());
        f.put("parameters", grid.configuration(r.chosen()));
        if (!r.train().isEmpty()) {
            List<Double> scores = new ArrayList<>();
            for (BacktestOutcome o : r.train()) {
                scores.add(settings.selection().score(o.metrics()));
            }
            f.put("train_scores", scores);
            f.put("train", kpis(r.train().get(r.chosen())));
        }
        BacktestOutcome t = r.test();
        f.put("test", kpis(t));
        f.put("pnl", t.netPnl());
        f.put("pnl_trades", t.trades().size());
        f.put("pnl_return", t.netPnl() / base.initialEquity());
        f.put("decisions", t.decisions().toMap());
        f.put("no_trade_reason", t.decisions().noTradeReason(t.trades().size()));
        if (grid.size() > 1) {
            List<Double> oosNet = new ArrayList<>();
            for (BacktestOutcome o : r.segments()) {
                oosNet.add(o.netPnl());
            }
            f.put("segment_pnl_by_configuration", oosNet);
        }
        return f;
    }

    static Map<String, Object> kpis(BacktestOutcome o) {
        Map<String, Object> all = o.metrics().toMap();
        Map<String, Object> k = new LinkedHashMap<>();
        for (String key : List.of("trades", "win_rate", "profit_factor", "expectancy", "net_pnl", "sharpe", "sortino",
                "max_drawdown", "total_return", "fees_paid", "funding_paid", "exposure_time", "buy_and_hold_return")) {
            k.put(key, all.get(key));
        }
        return k;
    }

    /** A backtest of configuration {@code c} over {@code [from, to)} after the warm-up. */
    BacktestOutcome run(Fold fold, int c, long from, long to, Scorers scorers) {
        long replayStart = Math.max(dataStart, from - settings.warmupDays() * DailySeries.DAY);
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        for (Map.Entry<String, CandleSeries> e : base.bars().entrySet()) {
            bars.put(e.getKey(), e.getValue().slice(replayStart, to));
        }
        for (String s : base.symbols()) {
            if (bars.get(s).indexAtOrAfter(from) >= bars.get(s).size()) {
                throw new IllegalArgumentException(fold + ": no " + s + " bars in " + Instant.ofEpochMilli(from) + " .. "
                        + Instant.ofEpochMilli(to) + " (a gap in the data?)");
            }
        }
        Map<String, List<FundingRate>> funding = new LinkedHashMap<>(base.funding());
        Path variant = RuleVariant.write(base.rulesDir(), settings.workDir(), grid, c,
                replayStart < from ? from : Long.MIN_VALUE);
        try {
            BacktestSpec spec = new BacktestSpec(base.exchange(), base.symbols(), base.contextSymbols(),
                    base.feedTimeframe(), base.strategyTimeframe(), bars, funding, variant, base.cepDir(),
                    base.initialEquity(), base.venue(), base.execution(), base.riskLimits(), base.instruments(),
                    base.modelVersion());
            return BacktestOutcome.run(spec, scorers == null ? null : () -> scorers.create(replayStart), from, watched);
        } finally {
            RuleVariant.delete(variant);
        }
    }

    /**
     * The continuous out-of-sample run over every fold's segment: each fold's chosen configuration from its test
     * start on, {@code scorers} (null: the rules alone) scoring it.
     */
    public BacktestOutcome continuous(List<FoldRun> runs, Scorers scorers) {
        long from = runs.getFirst().fold().testFrom();
        long to = runs.getLast().segmentTo();
        long replayStart = Math.max(dataStart, from - settings.warmupDays() * DailySeries.DAY);
        List<RuleVariant.Stage> stages = new ArrayList<>();
        for (FoldRun r : runs) {
            stages.add(new RuleVariant.Stage(r.fold().testFrom(), r.chosen()));
        }
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        for (Map.Entry<String, CandleSeries> e : base.bars().entrySet()) {
            bars.put(e.getKey(), e.getValue().slice(replayStart, to));
        }
        Path variant = RuleVariant.writeSchedule(base.rulesDir(), settings.workDir(), grid, stages);
        try {
            BacktestSpec spec = new BacktestSpec(base.exchange(), base.symbols(), base.contextSymbols(),
                    base.feedTimeframe(), base.strategyTimeframe(), bars, new LinkedHashMap<>(base.funding()), variant,
                    base.cepDir(), base.initialEquity(), base.venue(), base.execution(), base.riskLimits(),
                    base.instruments(), base.modelVersion());
            return BacktestOutcome.run(spec, scorers == null ? null : () -> scorers.create(replayStart), from, watched);
        } finally {
            RuleVariant.delete(variant);
        }
    }

    /** {@link #assemble(List, Scorers)} with the rules alone. */
    public Result assemble(List<FoldRun> runs) {
        return assemble(runs, null);
    }

    /**
     * The walk-forward's result from its folds: the continuous out-of-sample run ({@code continuousScorers} scoring
     * it, null for the rules alone), the per-fold reports and the overfitting statistics.
     */
    public Result assemble(List<FoldRun> runs, Scorers continuousScorers) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("the walk-forward has no fold");
        }
        double initial = base.initialEquity();
        int configs = grid.size();
        List<List<EquityPoint>> perConfig = new ArrayList<>();
        double[] configOffset = new double[configs];
        for (int c = 0; c < configs; c++) {
            perConfig.add(new ArrayList<>());
        }
        double segmentsNet = 0;
        for (FoldRun r : runs) {
            segmentsNet += r.segments().get(r.chosen()).netPnl();
            for (int c = 0; c < configs; c++) {
                configOffset[c] = append(perConfig.get(c), r.segments().get(c), configOffset[c], initial);
            }
        }
        BacktestOutcome whole = continuous(runs, continuousScorers);
        List<TradeRecord> trades = whole.trades();
        List<EquityPoint> equity = new ArrayList<>();
        for (EquityPoint p : whole.equity()) {
            if (p.time() >= whole.from()) {
                equity.add(p);
            }
        }
        long start = runs.getFirst().fold().testFrom();
        long end = runs.getLast().segmentTo();
        CandleSeries first = base.bars().get(base.symbols().getFirst());
        int i0 = Math.min(first.size() - 1, first.indexAtOrAfter(start));
        int i1 = Math.max(0, first.indexAtOrAfter(end) - 1);
        PerformanceMetrics oos = PerformanceMetrics.compute(trades, equity, initial, start, end, first.open(i0),
                first.close(i1));
        double[] chosenDaily = DailySeries.returns(equity, initial, start, end);
        double[][] matrix = null;
        if (configs >= 2) {
            int days = chosenDaily.length;
            matrix = new double[days][configs];
            for (int c = 0; c < configs; c++) {
                double[] col = DailySeries.returns(perConfig.get(c), initial, start, end);
                for (int d = 0; d < days; d++) {
                    matrix[d][c] = col[d];
                }
            }
        }
        OverfittingReport stats = OverfittingReport.of(chosenDaily, matrix, configs + settings.priorTrials());
        return new Result(runs, trades, equity, oos, stats, start, end, whole, segmentsNet);
    }

    /** Appends a segment's points from its window start, shifted by the PnL before it; returns the new offset. */
    private static double append(List<EquityPoint> out, BacktestOutcome seg, double offset, double initial) {
        double last = initial;
        for (EquityPoint p : seg.equity()) {
            if (p.time() < seg.from()) {
                continue;
            }
            last = p.equity();
            if (!out.isEmpty() && p.time() <= out.getLast().time()) {
                continue; // the segment's opening point is the previous segment's closing time
            }
            out.add(new EquityPoint(p.time(), p.equity() + offset, p.inPosition()));
        }
        return offset + (last - initial);
    }

    /** A finished walk-forward. */
    public final class Result {
        private final List<FoldRun> folds;
        private final List<TradeRecord> trades;
        private final List<EquityPoint> equity;
        private final PerformanceMetrics oos;
        private final OverfittingReport stats;
        private final long start;
        private final long end;
        private final BacktestOutcome continuous;
        private final double segmentsNet;

        Result(List<FoldRun> folds, List<TradeRecord> trades, List<EquityPoint> equity, PerformanceMetrics oos,
               OverfittingReport stats, long start, long end, BacktestOutcome continuous, double segmentsNet) {
            this.folds = folds;
            this.trades = trades;
            this.equity = equity;
            this.oos = oos;
            this.stats = stats;
            this.start = start;
            this.end = end;
            this.continuous = continuous;
            this.segmentsNet = segmentsNet;
        }

        /** The continuous out-of-sample run the stitched figures come from. */
        public BacktestOutcome continuousRun() {
            return continuous;
        }

        public List<FoldRun> folds() {
            return folds;
        }

        /** A fold's report, as {@code walkforward.json} has it. */
        public Map<String, Object> foldReport(FoldRun r) {
            return SystemWalkForward.this.foldReport(r);
        }

        /** The out-of-sample trades of the continuous run. */
        public List<TradeRecord> trades() {
            return trades;
        }

        /** The out-of-sample equity of the continuous run, from the first test window's start. */
        public List<EquityPoint> equity() {
            return equity;
        }

        public PerformanceMetrics outOfSample() {
            return oos;
        }

        public OverfittingReport statistics() {
            return stats;
        }

        public long start() {
            return start;
        }

        public long end() {
            return end;
        }

        /** The walk-forward summary: out-of-sample KPIs, trials, deflated Sharpe, MinTRL, PBO, parameter stability. */
        public Map<String, Object> summary() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("mode", "system");
            s.put("folds", folds.size());
            s.put("out_of_sample_from", Instant.ofEpochMilli(start).toString());
            s.put("out_of_sample_to", Instant.ofEpochMilli(end).toString());
            Map<String, Object> o = new LinkedHashMap<>(oos.toMap());
            s.put("out_of_sample", o);
            s.put("pnl_total", oos.netPnl());
            s.put("segments_net_pnl", segmentsNet);
            s.put("out_of_sample_decisions", continuous.decisions().toMap());
            s.put("out_of_sample_no_trade_reason", continuous.decisions().noTradeReason(trades.size()));
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("parameters", grid.names());
            g.put("configurations", grid.size());
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                labels.add(grid.label(i));
            }
            g.put("labels", labels);
            g.put("selection", settings.selection().label() + " over the train window (0 for a run without trades)");
            s.put("grid", g);
            s.put("configurations_tried", grid.size());
            s.put("prior_trials", settings.priorTrials());
            s.put("trials", grid.size() + settings.priorTrials());
            s.put("backtests_run", backtests());
            s.put("deflated_sharpe", stats.deflatedSharpeMap());
            s.put("min_track_record_length", stats.minimumTrackRecordMap());
            s.put("pbo", stats.pboMap());
            s.put("parameter_stability", stability());
            int noTrade = 0;
            for (FoldRun r : folds) {
                if (r.test().trades().isEmpty()) {
                    noTrade++;
                }
            }
            s.put("folds_without_trades", noTrade);
            s.put("warmup_days", settings.warmupDays());
            s.put("stitching", "one continuous backtest over every fold's segment, switching to each fold's chosen "
                    + "configuration (and model) where its segment starts, so risk state carries from fold to fold; "
                    + "segments_net_pnl is the sum of the folds' fresh segment runs (risk state reset every fold)");
            return s;
        }

        private int backtests() {
            int n = 0;
            for (FoldRun r : folds) {
                n += r.train().size() + r.segments().size() + (r.segmentTo() == r.fold().testTo() ? 0 : 1);
            }
            return n + 1; // the continuous out-of-sample run
        }

        /** R18.2: the value each parameter took per fold, how often it changed, the share of its commonest value. */
        private Map<String, Object> stability() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String name : grid.names()) {
                List<Object> chosen = new ArrayList<>();
                for (FoldRun r : folds) {
                    chosen.add(grid.configuration(r.chosen()).get(name));
                }
                int changes = 0;
                for (int i = 1; i < chosen.size(); i++) {
                    if (!chosen.get(i).equals(chosen.get(i - 1))) {
                        changes++;
                    }
                }
                Map<Object, Integer> counts = new LinkedHashMap<>();
                chosen.forEach(v -> counts.merge(v, 1, Integer::sum));
                int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("chosen_per_fold", chosen);
                p.put("changes", changes);
                p.put("distinct_values", new LinkedHashSet<>(chosen).size());
                p.put("most_chosen_share", chosen.isEmpty() ? Double.NaN : top / (double) chosen.size());
                out.put(name, p);
            }
            return out;
        }

    }
}
