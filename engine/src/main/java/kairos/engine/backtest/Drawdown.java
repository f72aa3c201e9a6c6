package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import java.util.List;

/**
 * Peak-to-trough drawdown of an equity curve, as a fraction of the running peak, and the longest
 * time spent under water.
 *
 * <p>Under water starts at the last point that set (or equalled) the peak and ends at the first
 * point back at or above it; a curve still under water at the end is measured to {@code endExclusive}.
 *
 * @param maxDrawdown     largest {@code (peak - equity) / peak}, 0..1 for positive equity
 * @param maxDrawdownDays longest time under water, in days
 */
record Drawdown(double maxDrawdown, double maxDrawdownDays) {

    /** Measures {@code points}, starting from a peak of {@code initialEquity} at {@code start}. */
    static Drawdown of(List<EquityPoint> points, double initialEquity, long start, long endExclusive) {
        double peak = initialEquity;
        long peakTime = start;
        boolean underWater = false;
        double maxDrawdown = 0;
        long longest = 0;
        for (EquityPoint p : points) {
            if (p.equity() >= peak) {
                if (underWater) {
                    longest = Math.max(longest, p.time() - peakTime);
                    underWater = false;
                }
                peak = p.equity();
                peakTime = p.time();
            } else {
                underWater = true;
                maxDrawdown = Math.max(maxDrawdown, (peak - p.equity()) / peak);
            }
        }
        if (underWater) {
            longest = Math.max(longest, Math.max(endExclusive, peakTime) - peakTime);
        }
        return new Drawdown(maxDrawdown, longest / (double) DailyReturns.DAY_MILLIS);
    }

    /**
     * The drawdown fraction at each point, against the running peak of the points, seeded with
     * {@code seedPeak} (use the initial equity, or NaN to start from the first point).
     */
    static double[] series(List<EquityPoint> points, double seedPeak) {
        double[] drawdown = new double[points.size()];
        double peak = seedPeak;
        for (int i = 0; i < drawdown.length; i++) {
            double equity = points.get(i).equity();
            if (Double.isNaN(peak) || equity > peak) {
                peak = equity;
            }
            drawdown[i] = peak > 0 ? (peak - equity) / peak : 0;
        }
        return drawdown;
    }
}
