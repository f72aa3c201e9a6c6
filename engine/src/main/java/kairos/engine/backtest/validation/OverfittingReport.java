package kairos.engine.backtest.validation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The overfitting statistics of a walk-forward, from daily returns: the deflated Sharpe ratio of the stitched
 * out-of-sample curve against the trials tried, the minimum track-record length, and the PBO of the grid by CSCV.
 *
 * @param sharpe          daily (per-observation) Sharpe ratio of the stitched out-of-sample curve
 * @param days            its daily returns
 * @param trials          configurations tried (the grid plus those declared as tried before)
 * @param trialVariance   variance of the per-configuration daily Sharpe ratios used for the benchmark
 * @param varianceBasis   where {@code trialVariance} comes from
 * @param benchmark       the expected maximum Sharpe ratio of {@code trials} trials without skill (per day)
 * @param deflatedSharpe  PSR against {@code benchmark}: significant at 95% when at least 0.95
 * @param psrZero         PSR against 0
 * @param minTrlZero      days needed for PSR(0) to reach 95% at these statistics (+∞: never)
 * @param minTrlDeflated  days needed for PSR(benchmark) to reach 95%
 * @param pbo             the PBO result, or null (with {@code pboNote}) when there is no grid to choose from
 */
public record OverfittingReport(SharpeStatistics.Moments moments, double sharpe, int days, long trials,
                                double trialVariance, String varianceBasis, double benchmark, double deflatedSharpe,
                                double psrZero, double minTrlZero, double minTrlDeflated,
                                OverfittingProbability.Result pbo, String pboNote) {
    public static final double CONFIDENCE = 0.95;

    /**
     * @param chosen   daily returns of the walk-forward's stitched out-of-sample curve
     * @param matrix   {@code [day][configuration]} daily out-of-sample returns of every configuration, or null
     * @param trials   configurations tried in total (at least 1)
     */
    public static OverfittingReport of(double[] chosen, double[][] matrix, long trials) {
        SharpeStatistics.Moments m = SharpeStatistics.moments(chosen);
        double sr = m.sharpe();
        if (Double.isNaN(sr)) {
            sr = 0; // a flat curve (no trade): no skill shown
        }
        int n = chosen.length;
        double variance;
        String basis;
        int configs = matrix == null || matrix.length == 0 ? 0 : matrix[0].length;
        double[] trialSharpes = new double[configs];
        for (int c = 0; c < configs; c++) {
            double[] col = new double[matrix.length];
            for (int d = 0; d < matrix.length; d++) {
                col[d] = matrix[d][c];
            }
            double s = SharpeStatistics.moments(col).sharpe();
            trialSharpes[c] = Double.isNaN(s) ? 0 : s;
        }
        double empirical = configs >= 2 ? SharpeStatistics.variance(trialSharpes) : Double.NaN;
        double nullVariance = n > 1 ? (1 + sr * sr / 2) / (n - 1) : Double.NaN;
        if (configs >= 2 && empirical > 0) {
            variance = empirical;
            basis = "variance of the " + configs + " grid configurations' out-of-sample daily Sharpe ratios";
        } else {
            variance = nullVariance;
            basis = "no grid spread to measure: the sampling variance of a daily Sharpe ratio without skill, (1 + SR^2/2)/(T - 1)";
        }
        double benchmark = SharpeStatistics.expectedMaxSharpe(Math.max(1, trials), variance);
        double dsr = SharpeStatistics.probabilisticSharpe(sr, benchmark, n, m.skewness(), m.kurtosis());
        double psr0 = SharpeStatistics.probabilisticSharpe(sr, 0, n, m.skewness(), m.kurtosis());
        double trl0 = SharpeStatistics.minimumTrackRecordLength(sr, 0, m.skewness(), m.kurtosis(), CONFIDENCE);
        double trlDeflated = SharpeStatistics.minimumTrackRecordLength(sr, benchmark, m.skewness(), m.kurtosis(), CONFIDENCE);
        OverfittingProbability.Result pbo = null;
        String note = null;
        if (configs < 2) {
            note = "needs a grid of at least 2 configurations (--grid)";
        } else if (matrix.length < 8) {
            note = "needs at least 8 out-of-sample days, has " + matrix.length;
        } else {
            pbo = OverfittingProbability.of(matrix);
        }
        return new OverfittingReport(m, sr, n, trials, variance, basis, benchmark, dsr, psr0, trl0, trlDeflated, pbo, note);
    }

    /** Significant at 95% after deflation. */
    public boolean significant() {
        return deflatedSharpe >= CONFIDENCE;
    }

    public Map<String, Object> deflatedSharpeMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deflated_sharpe", deflatedSharpe);
        m.put("significant_95", significant());
        m.put("daily_sharpe", sharpe);
        m.put("annualised_sharpe", sharpe * Math.sqrt(365));
        m.put("days", days);
        m.put("skewness", moments.skewness());
        m.put("kurtosis", moments.kurtosis());
        m.put("trials", trials);
        m.put("trial_sharpe_variance", trialVariance);
        m.put("trial_variance_basis", varianceBasis);
        m.put("expected_max_sharpe_daily", benchmark);
        m.put("expected_max_sharpe_annualised", benchmark * Math.sqrt(365));
        m.put("probabilistic_sharpe_vs_0", psrZero);
        m.put("method", "Bailey and Lopez de Prado (2014): PSR of the stitched out-of-sample daily returns against the "
                + "expected maximum Sharpe ratio of the trials");
        return m;
    }

    public Map<String, Object> minimumTrackRecordMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("confidence", CONFIDENCE);
        m.put("days_vs_0", minTrlZero);
        m.put("days_vs_deflated_benchmark", minTrlDeflated);
        m.put("days_observed", days);
        m.put("enough_vs_0", days >= minTrlZero);
        m.put("note", "infinite (null) when the observed Sharpe ratio does not exceed the benchmark: no track record is long enough");
        return m;
    }

    public Map<String, Object> pboMap() {
        if (pbo == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pbo", null);
            m.put("note", pboNote);
            return m;
        }
        return pbo.toMap();
    }
}
