package kairos.engine.rules;

/**
 * Small comparison helpers for rule conditions, with Java's meaning (every comparison with NaN is false). Rule
 * conditions do not need them: plain DRL ({@code rsi < 30}, {@code !(adx > min)}) means the same, compiled or
 * interpreted (see {@link NanSafeConstraints}). They stay for rules that read better with them and for rule files
 * written before; {@link #absAbove} also rounds, which a plain comparison does not.
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

    /** {@code v < t} for whole numbers (counts, hours, minutes). */
    public static boolean below(int v, int t) {
        return v < t;
    }

    /** {@code v <= t} for whole numbers. */
    public static boolean atMost(int v, int t) {
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
