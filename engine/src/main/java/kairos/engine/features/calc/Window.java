package kairos.engine.features.calc;

/**
 * The last {@code n} values of a stream, with an O(1) running sum (re-summed exactly every {@code 64 n} pushes so
 * rounding never accumulates) and O(n) order statistics.
 */
public final class Window {
    private final double[] buf;
    private final int n;
    private long count;
    private double sum;
    private double last = Double.NaN;
    private double evicted = Double.NaN;

    public Window(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + n);
        }
        this.n = n;
        this.buf = new double[n];
    }

    public void push(double x) {
        int i = (int) (count % n);
        evicted = count >= n ? buf[i] : Double.NaN;
        if (count >= n) {
            sum -= buf[i];
        }
        buf[i] = x;
        sum += x;
        last = x;
        count++;
        if (count % (64L * n) == 0) {
            double s = 0;
            for (double v : buf) {
                s += v;
            }
            sum = s;
        }
    }

    public boolean full() {
        return count >= n;
    }

    public int capacity() {
        return n;
    }

    public long count() {
        return count;
    }

    /** Number of values held, at most {@code n}. */
    public int size() {
        return (int) Math.min(count, n);
    }

    /** The value {@code ago} pushes back (0 = newest). */
    public double get(int ago) {
        return buf[(int) ((count - 1 - ago) % n)];
    }

    public double last() {
        return last;
    }

    /** The value pushed out by the last push, NaN while not yet full. */
    public double evicted() {
        return evicted;
    }

    public double sum() {
        return sum;
    }

    /** Mean of the held values; NaN until full. */
    public double mean() {
        return full() ? sum / n : Double.NaN;
    }

    /** Population variance of a full window (two-pass, O(n)); NaN until full. */
    public double populationVariance() {
        if (!full()) {
            return Double.NaN;
        }
        double m = sum / n;
        double s = 0;
        for (double v : buf) {
            double d = v - m;
            s += d * d;
        }
        return s / n;
    }

    /** Sample variance (divisor n-1) of a full window; NaN until full. */
    public double sampleVariance() {
        return full() && n > 1 ? populationVariance() * n / (n - 1) : Double.NaN;
    }

    /** Mean absolute deviation from the mean of a full window; NaN until full. */
    public double meanAbsDeviation() {
        if (!full()) {
            return Double.NaN;
        }
        double m = sum / n;
        double s = 0;
        for (double v : buf) {
            s += Math.abs(v - m);
        }
        return s / n;
    }

    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0, s = size(); k < s; k++) {
            m = Math.max(m, get(k));
        }
        return m;
    }

    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (int k = 0, s = size(); k < s; k++) {
            m = Math.min(m, get(k));
        }
        return m;
    }
}
