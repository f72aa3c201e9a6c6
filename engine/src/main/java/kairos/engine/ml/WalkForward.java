package kairos.engine.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walk-forward evaluation: for each {@link Fold}, train on the purged training window only, then score the test
 * window's rows out of sample and compare with the class-prior baseline estimated on the same training rows.
 * The fold's model is also handed to {@code pnl} (the app runs the kernel backtest over the test window with it)
 * before it is closed.
 */
public final class WalkForward {
    /** Measures the trading result of the rules with a fold's model over the fold's test window. */
    @FunctionalInterface
    public interface FoldPnl {
        Map<String, Object> measure(Fold fold, MlModel model);
    }

    /** Receives progress lines. */
    @FunctionalInterface
    public interface Progress {
        void report(String line);
    }

    private WalkForward() {
    }

    public static Map<String, Object> run(TrainingSet data, List<Fold> folds, TrainerConfig cfg, double takerFee,
                                          FoldPnl pnl, Progress progress) {
        return run(data, folds, cfg, takerFee, pnl, progress, 1);
    }

    /**
     * As {@link #run(TrainingSet, List, TrainerConfig, double, FoldPnl, Progress)}, {@code threads} folds at once (each
     * fold trains its own model and measures it; the reports are in fold order whatever the threads).
     */
    public static Map<String, Object> run(TrainingSet data, List<Fold> folds, TrainerConfig cfg, double takerFee,
                                          FoldPnl pnl, Progress progress, int threads) {
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("the data is too short for one fold of these windows");
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        if (threads <= 1 || folds.size() == 1) {
            for (Fold fold : folds) {
                reports.add(fold(data, fold, cfg, takerFee, pnl, progress));
            }
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.min(threads, folds.size()), r -> {
                        Thread t = new Thread(r, "kairos-walkforward-ml");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                List<java.util.concurrent.Future<Map<String, Object>>> futures = new ArrayList<>();
                for (Fold fold : folds) {
                    futures.add(pool.submit(() -> fold(data, fold, cfg, takerFee, pnl, progress)));
                }
                for (var f : futures) {
                    reports.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the walk-forward was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("a walk-forward fold failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folds", reports);
        out.put("summary", summary(reports));
        return out;
    }

    private static Map<String, Object> fold(TrainingSet data, Fold fold, TrainerConfig cfg, double takerFee, FoldPnl pnl,
                                            Progress progress) {
        long[] times = data.openTimes();
        Labels labels = data.labels();
        long t0 = System.nanoTime();
        PurgedSplit split = PurgedSplit.of(times, labels, fold, cfg.validationFraction(), cfg.embargoMillis());
        int[] test = split.test();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("fold", fold.index());
        f.put("train_from", ModelTrainer.iso(fold.trainFrom()));
        f.put("train_to", ModelTrainer.iso(fold.trainTo()));
        f.put("test_from", ModelTrainer.iso(fold.testFrom()));
        f.put("test_to", ModelTrainer.iso(fold.testTo()));
        f.put("fit_rows", split.fit().length);
        f.put("validation_rows", split.validation().length);
        f.put("test_rows", test.length);
        if (test.length == 0) {
            throw new IllegalArgumentException(fold + " has no labelled test rows (a gap in the data?)");
        }
        try (MlModel model = ModelTrainer.train(data, split, fold, cfg.withVersion("wf-fold-" + fold.index()))) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            int[] y = new int[test.length];
            double[][] probs = new double[test.length][Direction.COUNT];
            double[][] second = new double[test.length][Direction.COUNT];
            int agree = 0;
            for (int k = 0; k < test.length; k++) {
                y[k] = labels.direction(test[k]);
                double[] row = data.features().row(test[k]);
                model.directionProbabilities(row, probs[k]);
                model.secondFamilyProbabilities(row, second[k]);
                if (ScoreMetrics.argmax(probs[k]) == ScoreMetrics.argmax(second[k])) {
                    agree++;
                }
            }
            int[] yFit = new int[split.fit().length];
            for (int k = 0; k < yFit.length; k++) {
                yFit[k] = labels.direction(split.fit()[k]);
            }
            double[] prior = ScoreMetrics.classPrior(yFit, Direction.COUNT);
            f.put("class_prior", classMap(prior));
            f.put("test_class_share", classMap(shares(y)));
            f.put("log_loss", ScoreMetrics.logLoss(probs, y));
            f.put("log_loss_prior", ScoreMetrics.logLossOfPrior(prior, y));
            f.put("log_loss_second_family", ScoreMetrics.logLoss(second, y));
            f.put("auc", ModelTrainer.aucs(probs, y));
            f.put("auc_second_family", ModelTrainer.aucs(second, y));
            f.put("top_decile_hit_rate", ScoreMetrics.topDecileHitRate(probs, y));
            double[] share = shares(y);
            f.put("top_decile_hit_rate_baseline", Math.max(share[0], share[1]));
            f.put("families_agree_share", agree / (double) test.length);
            f.put("calibration_test", reliability(probs, y));
            f.put("signal_pnl", signalPnl(probs, test, labels, takerFee));
            f.put("best_iteration", model.direction().bestIteration());
            f.put("train_seconds", trainSeconds);
            Map<String, Object> trading = pnl.measure(fold, model);
            f.putAll(trading);
        }
        progress.report(String.format(java.util.Locale.ROOT, "%s: log loss %.4f vs prior %.4f, top-decile hit %.3f, pnl %s%s",
                fold, (double) f.get("log_loss"), (double) f.get("log_loss_prior"),
                (double) f.get("top_decile_hit_rate"), f.get("pnl"),
                f.get("no_trade_reason") == null ? "" : " (" + f.get("no_trade_reason") + ")"));
        return f;
    }

    private static double[] shares(int[] y) {
        double[] s = new double[Direction.COUNT];
        for (int c : y) {
            s[c]++;
        }
        for (int c = 0; c < s.length; c++) {
            s[c] = y.length == 0 ? Double.NaN : s[c] / y.length;
        }
        return s;
    }

    private static Map<String, Double> classMap(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            m.put(d.name(), v[d.ordinal()]);
        }
        return m;
    }

    /**
     * Reliability of the calibrated confidence on the test rows: for rows whose top class probability is in
     * [0.5, 0.6), [0.6, 0.7), [0.7, 1], the mean forecast and how often that class happened.
     */
    static List<Map<String, Object>> reliability(double[][] probs, int[] y) {
        double[] lo = {0.5, 0.6, 0.7};
        double[] hi = {0.6, 0.7, 1.01};
        List<Map<String, Object>> out = new ArrayList<>();
        for (int b = 0; b < lo.length; b++) {
            int n = 0;
            double sumP = 0;
            int hits = 0;
            for (int r = 0; r < probs.length; r++) {
                int c = ScoreMetrics.argmax(probs[r]);
                double p = probs[r][c];
                if (p >= lo[b] && p < hi[b]) {
                    n++;
                    sumP += p;
                    hits += y[r] == c ? 1 : 0;
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("confidence_from", lo[b]);
            m.put("rows", n);
            m.put("mean_confidence", n == 0 ? Double.NaN : sumP / n);
            m.put("observed_frequency", n == 0 ? Double.NaN : hits / (double) n);
            out.add(m);
        }
        return out;
    }

    /**
     * Trades the top-decile calls at the decision close with the label's barriers as take-profit and stop: +barrier
     * when the called barrier was hit first, -barrier when the other one was, the horizon-end close otherwise
     * (FLAT: neither hit, or both inside one bar, which counts as a loss to stay conservative); minus the taker fee
     * on entry and exit. Returns the sum of per-trade returns on a 1x notional (overlapping trades allowed).
     */
    static Map<String, Object> signalPnl(double[][] probs, int[] test, Labels labels, double takerFee) {
        int[] top = ScoreMetrics.topDecile(probs);
        double sum = 0;
        int wins = 0;
        for (int k : top) {
            int row = test[k];
            int call = ScoreMetrics.call(probs[k]);
            double entry = labels.entry(row);
            double width = labels.barrier(row);
            int actual = labels.direction(row);
            double gain;
            if (actual == call) {
                gain = width;
            } else if (actual != Direction.FLAT.ordinal()) {
                gain = -width;
            } else if (labels.horizonReturn(row) != labels.horizonReturn(row)) {
                gain = -width;
            } else {
                double move = labels.horizonReturn(row) * (call == Direction.UP.ordinal() ? 1 : -1);
                gain = Math.abs(move) >= width ? -width : move;
            }
            double ret = gain / entry - 2 * takerFee;
            sum += ret;
            wins += ret > 0 ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trades", top.length);
        m.put("win_rate", top.length == 0 ? Double.NaN : wins / (double) top.length);
        m.put("sum_return_after_fees", sum);
        m.put("taker_fee", takerFee);
        return m;
    }

    static Map<String, Object> summary(List<Map<String, Object>> folds) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("folds", folds.size());
        double ll = 0;
        double llp = 0;
        double ll2 = 0;
        double hit = 0;
        double hitBase = 0;
        double pnl = 0;
        double sig = 0;
        int beat = 0;
        long rows = 0;
        double[] auc = new double[Direction.COUNT];
        int[] aucN = new int[Direction.COUNT];
        for (Map<String, Object> f : folds) {
            int n = (int) f.get("test_rows");
            rows += n;
            ll += (double) f.get("log_loss") * n;
            llp += (double) f.get("log_loss_prior") * n;
            ll2 += (double) f.get("log_loss_second_family") * n;
            hit += (double) f.get("top_decile_hit_rate");
            hitBase += (double) f.get("top_decile_hit_rate_baseline");
            if ((double) f.get("log_loss") < (double) f.get("log_loss_prior")) {
                beat++;
            }
            Object p = f.get("pnl");
            if (p instanceof Number num) {
                pnl += num.doubleValue();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> sp = (Map<String, Object>) f.get("signal_pnl");
            sig += (double) sp.get("sum_return_after_fees");
            @SuppressWarnings("unchecked")
            Map<String, Double> a = (Map<String, Double>) f.get("auc");
            for (Direction d : Direction.values()) {
                Double v = a.get(d.name());
                if (v != null && !v.isNaN()) {
                    auc[d.ordinal()] += v;
                    aucN[d.ordinal()]++;
                }
            }
        }
        s.put("test_rows", rows);
        s.put("log_loss", ll / rows);
        s.put("log_loss_prior", llp / rows);
        s.put("log_loss_second_family", ll2 / rows);
        s.put("log_loss_skill", 1 - ll / llp);
        s.put("folds_beating_prior", beat);
        Map<String, Double> meanAuc = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            meanAuc.put(d.name(), aucN[d.ordinal()] == 0 ? Double.NaN : auc[d.ordinal()] / aucN[d.ordinal()]);
        }
        s.put("auc_mean", meanAuc);
        s.put("top_decile_hit_rate_mean", hit / folds.size());
        s.put("top_decile_hit_rate_baseline_mean", hitBase / folds.size());
        s.put("pnl_total", pnl);
        s.put("signal_pnl_sum_return_after_fees", sig);
        s.put("note", "log losses are test-row weighted means; AUC and hit rates are means over folds; "
                + "pnl is the kernel backtest of the rules over each test window with that fold's model attached");
        return s;
    }
}
