package kairos.engine.backtest.validation;

/**
 * The standard normal distribution, to double precision: the cumulative distribution function by Marsaglia's
 * Taylor series for |x| &lt; 3 (J. Stat. Software 11(4), 2004; absolute error below 1e-15) and Laplace's continued
 * fraction for the tails beyond (relative error below 1e-14), its inverse by Acklam's rational approximation
 * refined with one Halley step against that CDF.
 */
public final class NormalDistribution {
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    private NormalDistribution() {
    }

    /** P(Z &lt;= x); NaN for NaN, 0 below -38, 1 above 38. */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < -38) {
            return 0;
        }
        if (x > 38) {
            return 1;
        }
        if (Math.abs(x) >= 3) {
            // in the tails the series loses relative precision (0.5 + s cancels); the continued fraction keeps it
            double tail = upperTail(Math.abs(x));
            return x > 0 ? 1 - tail : tail;
        }
        double s = x;
        double t = 0;
        double b = x;
        double q = x * x;
        double i = 1;
        while (s != t) {
            t = s;
            i += 2;
            b *= q / i;
            s = t + b;
        }
        return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
    }

    /** 1 - cdf(x) for x &gt;= 3 by Laplace's continued fraction, 100 terms. */
    private static double upperTail(double x) {
        double f = x;
        for (int k = 100; k >= 1; k--) {
            f = x + k / f;
        }
        return density(x) / f;
    }

    /** The density exp(-x²/2) / sqrt(2π). */
    public static double density(double x) {
        return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    }

    /** The x with cdf(x) = p, for p in (0, 1); -∞ at 0, +∞ at 1, NaN outside [0, 1]. */
    public static double inverseCdf(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else if (p <= 1 - P_LOW) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        // one Halley step: the rational approximation is good to 1.15e-9, the step brings it to the CDF's precision
        double e = cdf(x) - p;
        double u = e / density(x);
        return x - u / (1 + x * u / 2);
    }
}
