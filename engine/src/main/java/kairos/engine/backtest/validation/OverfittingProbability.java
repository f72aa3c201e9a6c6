package kairos.engine.backtest.validation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation (Bailey, Borwein,
 * López de Prado and Zhu, "The probability of backtest overfitting", Journal of Computational Finance 20(4), 2017).
 *
 * <p>Input: a matrix of per-period returns, one row per period (a UTC day here), one column per configuration
 * tried. The rows are cut into {@code S} contiguous blocks of equal size (the oldest {@code T mod S} rows are
 * dropped). For each of the C(S, S/2) ways to pick half the blocks as the in-sample set (the other half being
 * out of sample): the configuration with the best in-sample Sharpe ratio (the first on ties) is selected, its
 * out-of-sample Sharpe ratio ranked among all configurations' (ties share their mean rank), ω = rank / (N + 1)
 * and λ = ln(ω / (1 − ω)). PBO is the share of splits with λ ≤ 0: the in-sample winner at or below the
 * out-of-sample median. A configuration without variation over a set of blocks has Sharpe ratio 0 there.
 *
 * <p>Reading it: near 0 the selection generalises; about 0.5 it is a coin flip (independent configurations
 * without skill); near 1 the selection picks what does worst out of sample, as happens when the configurations
 * differ only by noise around the same total (a winner in one half is a loser in the other).
 */
public final class OverfittingProbability {
    /** Most blocks used; C(16, 8) = 12,870 splits. */
    public static final int DEFAULT_BLOCKS = 16;

    private OverfittingProbability() {
    }

    /**
     * @param pbo                 share of splits whose in-sample winner ranks at or below the out-of-sample median
     * @param splits              C(S, S/2)
     * @param blocks              S
     * @param rowsUsed            S × rows per block
     * @param configurations      N
     * @param logits              λ of every split, in split order
     * @param probabilityOfLoss   share of splits where the winner's out-of-sample Sharpe ratio is below 0
     * @param degradationSlope    least-squares slope of the winner's out-of-sample on its in-sample Sharpe ratio
     * @param meanInSampleSharpe  mean in-sample Sharpe ratio of the winners (per period)
     * @param meanOutOfSampleSharpe mean out-of-sample Sharpe ratio of the winners (per period)
     */
    public record Result(double pbo, int splits, int blocks, int rowsUsed, int configurations, double[] logits,
                         double probabilityOfLoss, double degradationSlope, double meanInSampleSharpe,
                         double meanOutOfSampleSharpe) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pbo", pbo);
            m.put("method", "CSCV (Bailey, Borwein, Lopez de Prado, Zhu): Sharpe ratio per block set, lambda <= 0 counts");
            m.put("splits", splits);
            m.put("blocks", blocks);
            m.put("rows_used", rowsUsed);
            m.put("configurations", configurations);
            m.put("probability_of_loss", probabilityOfLoss);
            m.put("degradation_slope", degradationSlope);
            m.put("mean_in_sample_sharpe", meanInSampleSharpe);
            m.put("mean_out_of_sample_sharpe", meanOutOfSampleSharpe);
            double[] sorted = logits.clone();
            Arrays.sort(sorted);
            m.put("logit_median", sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2]);
            return m;
        }
    }

    /** With up to {@link #DEFAULT_BLOCKS} blocks, as many as the rows allow (at least 2 rows a block). */
    public static Result of(double[][] returns) {
        int rows = returns.length;
        int s = Math.min(DEFAULT_BLOCKS, (rows / 2) / 2 * 2);
        return of(returns, s);
    }

    /**
     * @param returns {@code returns[t][n]}: period t, configuration n; every row the same length
     * @param blocks  S, even, at least 2, at most 24, and at most half the rows
     * @throws IllegalArgumentException naming what is wrong with the matrix or S
     */
    public static Result of(double[][] returns, int blocks) {
        int t = returns.length;
        if (t == 0) {
            throw new IllegalArgumentException("PBO needs a matrix of returns; it has no rows");
        }
        int n = returns[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("PBO needs at least 2 configurations, got " + n);
        }
        for (int r = 0; r < t; r++) {
            if (returns[r].length != n) {
                throw new IllegalArgumentException("PBO: row " + r + " has " + returns[r].length + " columns, not " + n);
            }
        }
        if (blocks < 2 || blocks % 2 != 0 || blocks > 24 || blocks * 2 > t) {
            throw new IllegalArgumentException("PBO: " + blocks + " blocks over " + t
                    + " rows; the blocks must be even, 2..24, at least 2 rows each");
        }
        int size = t / blocks;
        int skip = t - size * blocks;
        double[][] sum = new double[blocks][n];
        double[][] sumSq = new double[blocks][n];
        for (int b = 0; b < blocks; b++) {
            for (int r = skip + b * size; r < skip + (b + 1) * size; r++) {
                for (int c = 0; c < n; c++) {
                    double v = returns[r][c];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("PBO: return at row " + r + ", configuration " + c
                                + " is " + v);
                    }
                    sum[b][c] += v;
                    sumSq[b][c] += v * v;
                }
            }
        }
        int half = blocks / 2;
        int splits = (int) binomial(blocks, half);
        double[] logits = new double[splits];
        double[] isBest = new double[splits];
        double[] oosBest = new double[splits];
        double[] isSharpe = new double[n];
        double[] oosSharpe = new double[n];
        int k = 0;
        int below = 0;
        int losses = 0;
        for (int mask = 0; mask < (1 << blocks); mask++) {
            if (Integer.bitCount(mask) != half) {
                continue;
            }
            for (int c = 0; c < n; c++) {
                double s1 = 0;
                double s2 = 0;
                double o1 = 0;
                double o2 = 0;
                for (int b = 0; b < blocks; b++) {
                    if ((mask & (1 << b)) != 0) {
                        s1 += sum[b][c];
                        s2 += sumSq[b][c];
                    } else {
                        o1 += sum[b][c];
                        o2 += sumSq[b][c];
                    }
                }
                int m = half * size;
                isSharpe[c] = sharpe(s1, s2, m);
                oosSharpe[c] = sharpe(o1, o2, m);
            }
            int best = 0;
            for (int c = 1; c < n; c++) {
                if (isSharpe[c] > isSharpe[best]) {
                    best = c;
                }
            }
            double lower = 0;
            double equal = 0;
            for (int c = 0; c < n; c++) {
                if (oosSharpe[c] < oosSharpe[best]) {
                    lower++;
                } else if (oosSharpe[c] == oosSharpe[best]) {
                    equal++;
                }
            }
            double rank = lower + (equal + 1) / 2; // 1-based, ties at their mean rank
            double omega = rank / (n + 1);
            logits[k] = Math.log(omega / (1 - omega));
            isBest[k] = isSharpe[best];
            oosBest[k] = oosSharpe[best];
            if (logits[k] <= 0) {
                below++;
            }
            if (oosSharpe[best] < 0) {
                losses++;
            }
            k++;
        }
        return new Result(below / (double) splits, splits, blocks, size * blocks, n, logits, losses / (double) splits,
                slope(isBest, oosBest), mean(isBest), mean(oosBest));
    }

    static double sharpe(double sum, double sumSq, int m) {
        double mean = sum / m;
        double var = (sumSq - sum * sum / m) / (m - 1);
        return var > 1e-24 * Math.max(1, sumSq / m) ? mean / Math.sqrt(var) : 0;
    }

    static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Least-squares slope of y on x; NaN when x does not vary. */
    static double slope(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }
}
