package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import java.util.List;

/**
 * Daily returns of an equity curve over UTC calendar days, the basis of Sharpe and Sortino.
 *
 * <p>The replay window {@code [start, endExclusive)} covers the UTC days from the one holding
 * {@code start} to the one holding {@code endExclusive - 1}. A day's closing equity is that of its last
 * point (a point belongs to the UTC day containing its time; points outside the window count in the
 * first or last day); a day without points keeps the previous close, so it has a return of 0. The
 * first day's return is measured from {@code initialEquity}.
 */
final class DailyReturns {

    static final long DAY_MILLIS = 86_400_000L;

    private DailyReturns() {
    }

    static double[] of(List<EquityPoint> points, double initialEquity, long start, long endExclusive) {
        long firstDay = Math.floorDiv(start, DAY_MILLIS);
        int days = (int) (Math.floorDiv(endExclusive - 1, DAY_MILLIS) - firstDay + 1);
        double[] close = new double[days];
        boolean[] seen = new boolean[days];
        for (EquityPoint p : points) {
            long day = Math.floorDiv(p.time(), DAY_MILLIS) - firstDay;
            int index = (int) Math.max(0, Math.min(days - 1, day));
            close[index] = p.equity();
            seen[index] = true;
        }
        double[] returns = new double[days];
        double previous = initialEquity;
        for (int d = 0; d < days; d++) {
            double today = seen[d] ? close[d] : previous;
            returns[d] = today / previous - 1;
            previous = today;
        }
        return returns;
    }

    /** Mean / sample standard deviation, times sqrt(365); NaN with fewer than two days or no variation. */
    static double sharpe(double[] returns) {
        int n = returns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(returns);
        double sumSq = 0;
        for (double r : returns) {
            sumSq += (r - mean) * (r - mean);
        }
        double stdev = Math.sqrt(sumSq / (n - 1));
        return stdev == 0 ? Double.NaN : mean / stdev * Math.sqrt(365);
    }

    /**
     * Mean / downside deviation, times sqrt(365); the downside deviation is sqrt(mean(min(r, 0)^2)) over
     * all days. NaN without any losing day (the ratio would be infinite) or without days.
     */
    static double sortino(double[] returns) {
        if (returns.length == 0) {
            return Double.NaN;
        }
        double sumSq = 0;
        for (double r : returns) {
            double down = Math.min(r, 0);
            sumSq += down * down;
        }
        double downside = Math.sqrt(sumSq / returns.length);
        return downside == 0 ? Double.NaN : mean(returns) / downside * Math.sqrt(365);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
