package kairos.engine.features.calc;

/**
 * Exponential average seeded with the simple mean of its first {@code n} inputs (TA-Lib convention).
 * {@link #ema(int)} uses alpha = 2/(n+1); {@link #wilder(int)} uses Wilder's alpha = 1/n (RMA).
 * NaN inputs are skipped, so a chain of averages starts when its input does.
 */
public final class Ema {
    private final int n;
    private final double alpha;
    private double value = Double.NaN;
    private double seed;
    private int count;

    private Ema(int n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("period must be >= 1: " + n);
        }
        this.n = n;
        this.alpha = alpha;
    }

    public static Ema ema(int n) {
        return new Ema(n, 2.0 / (n + 1));
    }

    public static Ema wilder(int n) {
        return new Ema(n, 1.0 / n);
    }

    /** Feeds {@code x}; returns the average, NaN until {@code n} values have been fed. */
    public double update(double x) {
        if (Double.isNaN(x)) {
            return value;
        }
        if (count < n) {
            seed += x;
            count++;
            if (count == n) {
                value = seed / n;
            }
            return value;
        }
        value += alpha * (x - value);
        return value;
    }

    public double value() {
        return value;
    }
}
