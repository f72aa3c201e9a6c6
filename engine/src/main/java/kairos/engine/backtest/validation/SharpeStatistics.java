package kairos.engine.backtest.validation;

/**
 * How much a Sharpe ratio can be trusted: the probabilistic Sharpe ratio and the minimum track-record length
 * (Bailey and López de Prado, "The Sharpe ratio efficient frontier", Journal of Risk 15(2), 2012) and the deflated
 * Sharpe ratio (Bailey and López de Prado, "The deflated Sharpe ratio: correcting for selection bias, backtest
 * overfitting and non-normality", Journal of Portfolio Management 40(5), 2014).
 *
 * <p>Every Sharpe ratio here is per observation, not annualised: the mean of the returns over their sample
 * standard deviation. Skewness and kurtosis are the moment ratios m3/m2^1.5 and m4/m2² (kurtosis 3 for normal
 * returns, not the excess).
 */
public final class SharpeStatistics {
    /** The Euler–Mascheroni constant of the expected maximum of N standard normals. */
    static final double EULER_GAMMA = 0.5772156649015329;

    private SharpeStatistics() {
    }

    /**
     * The moments of a return series. {@code sharpe} is NaN with fewer than two returns or no variation.
     *
     * @param n        number of returns
     * @param mean     arithmetic mean
     * @param stdev    sample standard deviation (n - 1)
     * @param skewness m3 / m2^1.5 (population moments); 0 without variation
     * @param kurtosis m4 / m2² (3 for normal returns); 3 without variation
     */
    public record Moments(int n, double mean, double stdev, double skewness, double kurtosis) {
        /** mean / stdev per observation. */
        public double sharpe() {
            return n < 2 || !(stdev > 0) ? Double.NaN : mean / stdev;
        }
    }

    public static Moments moments(double[] r) {
        int n = r.length;
        if (n == 0) {
            return new Moments(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : r) {
            mean += v;
        }
        mean /= n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : r) {
            double d = v - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        double stdev = n > 1 ? Math.sqrt(m2 / (n - 1)) : Double.NaN;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double skew = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
        double kurt = m2 > 0 ? m4 / (m2 * m2) : 3;
        return new Moments(n, mean, stdev, skew, kurt);
    }

    /**
     * The probabilistic Sharpe ratio: the probability that the true Sharpe ratio exceeds {@code benchmark}, given
     * the estimate {@code sharpe} from {@code n} returns of that skewness and kurtosis:
     * Φ((SR − SR*) √(n − 1) / √(1 − γ3 SR + (γ4 − 1)/4 SR²)). NaN when it is undefined (n &lt; 2, NaN inputs, or
     * a non-positive variance term).
     */
    public static double probabilisticSharpe(double sharpe, double benchmark, int n, double skewness, double kurtosis) {
        double v = varianceTerm(sharpe, skewness, kurtosis);
        if (n < 2 || !(v > 0) || Double.isNaN(benchmark)) {
            return Double.NaN;
        }
        return NormalDistribution.cdf((sharpe - benchmark) * Math.sqrt(n - 1) / Math.sqrt(v));
    }

    /** 1 − γ3 SR + (γ4 − 1)/4 SR²: the estimator's variance times (n − 1). */
    static double varianceTerm(double sharpe, double skewness, double kurtosis) {
        return 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
    }

    /**
     * The expected maximum Sharpe ratio of {@code trials} independent strategies without skill whose Sharpe
     * estimates have variance {@code variance}: √V ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))), the benchmark of the
     * deflated Sharpe ratio. 0 for a single trial (nothing was selected); NaN without trials or with a NaN
     * variance.
     */
    public static double expectedMaxSharpe(long trials, double variance) {
        if (trials < 1 || Double.isNaN(variance) || variance < 0) {
            return Double.NaN;
        }
        if (trials == 1) {
            return 0;
        }
        double n = trials;
        return Math.sqrt(variance) * ((1 - EULER_GAMMA) * NormalDistribution.inverseCdf(1 - 1 / n)
                + EULER_GAMMA * NormalDistribution.inverseCdf(1 - 1 / (n * Math.E)));
    }

    /**
     * The deflated Sharpe ratio: the probabilistic Sharpe ratio against the expected maximum Sharpe ratio of the
     * {@code trials} configurations tried ({@link #expectedMaxSharpe}).
     */
    public static double deflatedSharpe(double sharpe, int n, double skewness, double kurtosis, long trials,
                                        double trialVariance) {
        return probabilisticSharpe(sharpe, expectedMaxSharpe(trials, trialVariance), n, skewness, kurtosis);
    }

    /**
     * The minimum track-record length: how many returns of these statistics it takes for the probabilistic Sharpe
     * ratio against {@code benchmark} to reach {@code confidence}:
     * 1 + (1 − γ3 SR + (γ4 − 1)/4 SR²) (Φ⁻¹(confidence) / (SR − SR*))². +∞ when the estimate does not exceed the
     * benchmark (no length suffices), NaN when undefined.
     */
    public static double minimumTrackRecordLength(double sharpe, double benchmark, double skewness, double kurtosis,
                                                  double confidence) {
        double v = varianceTerm(sharpe, skewness, kurtosis);
        if (!(v > 0) || Double.isNaN(benchmark) || !(confidence > 0 && confidence < 1)) {
            return Double.NaN;
        }
        if (!(sharpe > benchmark)) {
            return Double.POSITIVE_INFINITY;
        }
        double z = NormalDistribution.inverseCdf(confidence) / (sharpe - benchmark);
        return 1 + v * z * z;
    }

    /** The sample variance (n − 1) of the finite values, NaN with fewer than two. */
    public static double variance(double[] values) {
        int n = 0;
        double mean = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                mean += v;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return ss / (n - 1);
    }
}
