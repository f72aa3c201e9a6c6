package kairos.engine.backtest.validation;

import kairos.engine.kernel.EquityPoint;

import java.util.List;

/**
 * Daily returns of an equity curve over the UTC days of {@code [start, end)}, defined as {@code summary.json}'s Sharpe
 * ratio defines them: a day's close is its last point's equity (points outside the window count in its first or
 * last day), a day without points keeps the previous close (a return of 0), the first day is measured from the
 * initial equity.
 */
public final class DailySeries {
    static final long DAY = 86_400_000L;

    private DailySeries() {
    }

    public static double[] returns(List<EquityPoint> points, double initialEquity, long start, long end) {
        long firstDay = Math.floorDiv(start, DAY);
        int days = (int) (Math.floorDiv(end - 1, DAY) - firstDay + 1);
        if (days <= 0) {
            return new double[0];
        }
        double[] close = new double[days];
        boolean[] seen = new boolean[days];
        for (EquityPoint p : points) {
            int index = (int) Math.max(0, Math.min(days - 1, Math.floorDiv(p.time(), DAY) - firstDay));
            close[index] = p.equity();
            seen[index] = true;
        }
        double[] r = new double[days];
        double previous = initialEquity;
        for (int d = 0; d < days; d++) {
            double today = seen[d] ? close[d] : previous;
            r[d] = today / previous - 1;
            previous = today;
        }
        return r;
    }
}
