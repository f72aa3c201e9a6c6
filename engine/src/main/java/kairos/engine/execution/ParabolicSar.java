package kairos.engine.execution;

/**
 * Wilder's Parabolic SAR of one open position, used as a trailing-stop candidate (R6.5). Starts at the first
 * strategy bar after the entry (SAR at that bar's low for a long, its high for a short, acceleration 0.02, step
 * 0.02, maximum 0.2) and never reverses: when price crosses it, the position's stop is hit first.
 */
final class ParabolicSar {
    static final double START = 0.02;
    static final double STEP = 0.02;
    static final double MAX = 0.2;

    private final boolean isLong;
    private double sar = Double.NaN;
    private double ep = Double.NaN;
    private double af = START;
    private double prevExtreme = Double.NaN;

    ParabolicSar(boolean isLong) {
        this.isLong = isLong;
    }

    /**
     * Adds a closed bar; returns the SAR for the next bar: {@code SAR + AF × (EP − SAR)}, never beyond this bar's
     * or the previous bar's low (high for a short).
     */
    double update(double high, double low) {
        if (Double.isNaN(ep)) {
            ep = isLong ? high : low;
            sar = isLong ? low : high;
        } else if (isLong ? high > ep : low < ep) {
            ep = isLong ? high : low;
            af = Math.min(MAX, af + STEP);
        }
        double next = sar + af * (ep - sar);
        double extreme = isLong ? low : high;
        if (isLong) {
            next = Math.min(next, Double.isNaN(prevExtreme) ? extreme : Math.min(extreme, prevExtreme));
        } else {
            next = Math.max(next, Double.isNaN(prevExtreme) ? extreme : Math.max(extreme, prevExtreme));
        }
        prevExtreme = extreme;
        sar = next;
        return sar;
    }

    double value() {
        return sar;
    }

    /** The indicator's state for the journal: SAR, extreme point, acceleration, previous bar's extreme. */
    double[] state() {
        return new double[] {sar, ep, af, prevExtreme};
    }

    static ParabolicSar restore(boolean isLong, double[] s) {
        ParabolicSar p = new ParabolicSar(isLong);
        p.sar = s[0];
        p.ep = s[1];
        p.af = s[2];
        p.prevExtreme = s[3];
        return p;
    }
}
