package kairos.engine.execution;

import kairos.engine.domain.Bar;

/**
 * Where the trailing stop of one position would go after each strategy bar (R6.5-R6.7): the tightest of the
 * enabled methods — Parabolic SAR, a share of the maximum open profit, and structure (beyond the last swing low,
 * for a short the last swing high, of {@code swingBars} bars on each side). It only computes the candidate; the
 * {@link StopProtection} decides whether the stop moves. Its state (best price, SAR, the last bars) is journaled.
 */
final class TrailingStop {
    private final boolean isLong;
    private double best = Double.NaN;
    private ParabolicSar sar;
    private final double[] highs;
    private final double[] lows;
    private int barCount;
    private double swing = Double.NaN;

    TrailingStop(boolean isLong, int swingBars) {
        this.isLong = isLong;
        this.highs = new double[2 * swingBars + 1];
        this.lows = new double[2 * swingBars + 1];
    }

    /**
     * Adds a closed strategy bar and returns the tightest candidate of the enabled methods, NaN when none has one.
     * {@code tick} offsets a structure stop one tick beyond the swing.
     */
    double update(Bar bar, double entry, ExecutionPolicy policy, double tick) {
        best = Double.isNaN(best) ? (isLong ? bar.high() : bar.low())
                : isLong ? Math.max(best, bar.high()) : Math.min(best, bar.low());
        if (sar == null) {
            sar = new ParabolicSar(isLong);
        }
        double sarValue = sar.update(bar.high(), bar.low());
        updateSwing(bar, tick);
        double candidate = Double.NaN;
        if (policy.trailSar()) {
            candidate = tighter(candidate, sarValue);
        }
        if (policy.trailProfitShare() && (isLong ? best > entry : best < entry)) {
            candidate = tighter(candidate, entry + policy.profitShare() * (best - entry));
        }
        if (policy.trailStructure() && !Double.isNaN(swing)) {
            candidate = tighter(candidate, swing);
        }
        return candidate;
    }

    private double tighter(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return isLong ? Math.max(a, b) : Math.min(a, b);
    }

    /** Keeps the last 2k+1 strategy bars; a middle bar whose low (high) is below (above) all others is a swing. */
    private void updateSwing(Bar bar, double tick) {
        int w = highs.length;
        int slot = barCount % w;
        highs[slot] = bar.high();
        lows[slot] = bar.low();
        barCount++;
        if (barCount < w) {
            return;
        }
        int mid = (barCount - 1 - w / 2) % w;
        boolean isSwing = true;
        for (int i = 0; i < w && isSwing; i++) {
            if (i != mid) {
                isSwing = isLong ? lows[mid] < lows[i] : highs[mid] > highs[i];
            }
        }
        if (isSwing) {
            swing = isLong ? lows[mid] - tick : highs[mid] + tick;
        }
    }

    record State(double best, double[] sar, double[] highs, double[] lows, int barCount, double swing) {
    }

    State state() {
        return new State(best, sar == null ? null : sar.state(), highs.clone(), lows.clone(), barCount, swing);
    }

    static TrailingStop restore(boolean isLong, State s) {
        TrailingStop t = new TrailingStop(isLong, (s.highs().length - 1) / 2);
        t.best = s.best();
        t.sar = s.sar() == null ? null : ParabolicSar.restore(isLong, s.sar());
        System.arraycopy(s.highs(), 0, t.highs, 0, t.highs.length);
        System.arraycopy(s.lows(), 0, t.lows, 0, t.lows.length);
        t.barCount = s.barCount();
        t.swing = s.swing();
        return t;
    }
}
