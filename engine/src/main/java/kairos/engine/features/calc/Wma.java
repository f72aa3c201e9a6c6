package kairos.engine.features.calc;

/** Linearly weighted moving average (weights 1..n, newest heaviest), O(1) per value. NaN inputs are skipped. */
public final class Wma {
    private final int n;
    private final Window w;
    private final double denom;
    private double num;

    public Wma(int n) {
        this.n = n;
        this.w = new Window(n);
        this.denom = n * (n + 1) / 2.0;
    }

    public double update(double x) {
        if (Double.isNaN(x)) {
            return value();
        }
        double prevSum = w.sum();
        boolean wasFull = w.full();
        w.push(x);
        if (!w.full()) {
            return Double.NaN;
        }
        if (!wasFull || w.count() % (64L * n) == 0) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += (n - k) * w.get(k);
            }
            num = s;
        } else {
            num = num + n * x - prevSum;
        }
        return num / denom;
    }

    public double value() {
        return w.full() ? num / denom : Double.NaN;
    }
}
