package kairos.engine.kernel;

import java.util.AbstractList;
import java.util.Arrays;

/**
 * The account journal of a replay, one row per event time: equity, and the parts it is made of (cash,
 * unrealised PnL, fees and funding paid so far, margin and exposure). Kept as parallel primitive arrays so that
 * recording a row allocates nothing on the replay's hot path (the arrays grow by doubling); read as a
 * {@code List<EquityPoint>} view. A row at the same time as the last one replaces it.
 */
public final class EquityCurve extends AbstractList<EquityPoint> {
    private long[] time = new long[1024];
    private double[] equity = new double[1024];
    private double[] cash = new double[1024];
    private double[] unrealized = new double[1024];
    private double[] fees = new double[1024];
    private double[] funding = new double[1024];
    private double[] margin = new double[1024];
    private double[] exposure = new double[1024];
    private int size;

    /** Appends a row, or replaces the last one when {@code t} equals its time; earlier times are ignored. */
    public void record(long t, double eq, double cashValue, double unrealizedPnl, double feesPaid,
                       double fundingPaid, double marginUsed, double exposureValue) {
        if (!Double.isFinite(eq)) {
            throw new IllegalArgumentException("equity at " + t + " must be finite, got " + eq);
        }
        int i;
        if (size > 0 && t == time[size - 1]) {
            i = size - 1;
        } else if (size == 0 || t > time[size - 1]) {
            if (size == time.length) {
                grow();
            }
            i = size++;
        } else {
            return;
        }
        time[i] = t;
        equity[i] = eq;
        cash[i] = cashValue;
        unrealized[i] = unrealizedPnl;
        fees[i] = feesPaid;
        funding[i] = fundingPaid;
        margin[i] = marginUsed;
        exposure[i] = exposureValue;
    }

    private void grow() {
        int n = time.length * 2;
        time = Arrays.copyOf(time, n);
        equity = Arrays.copyOf(equity, n);
        cash = Arrays.copyOf(cash, n);
        unrealized = Arrays.copyOf(unrealized, n);
        fees = Arrays.copyOf(fees, n);
        funding = Arrays.copyOf(funding, n);
        margin = Arrays.copyOf(margin, n);
        exposure = Arrays.copyOf(exposure, n);
    }

    /** Re-records the last row with new values (used after the end-of-data close). */
    public void replaceLast(double eq, double cashValue, double unrealizedPnl, double feesPaid, double fundingPaid,
                            double marginUsed, double exposureValue) {
        if (size > 0) {
            record(time[size - 1], eq, cashValue, unrealizedPnl, feesPaid, fundingPaid, marginUsed, exposureValue);
        }
    }

    @Override
    public EquityPoint get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return new EquityPoint(time[index], equity[index], exposure[index] > 0);
    }

    @Override
    public int size() {
        return size;
    }

    public long time(int i) { return time[i]; }
    public double equity(int i) { return equity[i]; }
    public double cash(int i) { return cash[i]; }
    public double unrealized(int i) { return unrealized[i]; }
    public double fees(int i) { return fees[i]; }
    public double funding(int i) { return funding[i]; }
    public double margin(int i) { return margin[i]; }
    public double exposure(int i) { return exposure[i]; }
}
