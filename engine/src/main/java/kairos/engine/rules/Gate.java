package kairos.engine.rules;

/**
 * NaN-aware comparisons for rule conditions. A filter blocks when its check does not pass, and a NaN input must
 * not pass: write {@code !Gate.above(adx, $f.adxMin)}, never {@code !(adx > $f.adxMin)}. Drools may rewrite a
 * negated comparison into its complement ({@code adx <= min}) when it compiles a constraint to bytecode after a
 * number of evaluations, and the complement is also false for NaN, so the raw form would let NaN through once
 * the constraint is compiled, and differently from one run to the next. These methods keep the meaning fixed.
 */
public final class Gate {
    private Gate() {
    }

    /** {@code v > t}; false when either is NaN. */
    public static boolean above(double v, double t) {
        return v > t;
    }

    /** {@code v < t}; false when either is NaN. */
    public static boolean below(double v, double t) {
        return v < t;
    }

    /** {@code v >= t}; false when either is NaN. */
    public static boolean atLeast(double v, double t) {
        return v >= t;
    }

    /** {@code v <= t}; false when either is NaN. */
    public static boolean atMost(double v, double t) {
        return v <= t;
    }

    /**
     * {@code |v| > t} with |v| rounded to 9 decimals, so that a boundary such as |0.45 − 0.30| compares as the
     * 0.15 it is, not as binary 0.15000000000000002; false when either is NaN.
     */
    public static boolean absAbove(double v, double t) {
        return Math.rint(Math.abs(v) * 1e9) / 1e9 > t;
    }

    /** {@code a > b > c} (a rising stack when read close, fast, slow); false when any is NaN. */
    public static boolean stacked(double a, double b, double c) {
        return a > b && b > c;
    }

    /** {@code |v − ref| <= band}; false when any is NaN. */
    public static boolean near(double v, double ref, double band) {
        return Math.abs(v - ref) <= band;
    }
}
