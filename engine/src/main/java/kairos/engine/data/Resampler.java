package kairos.engine.data;

import java.util.Arrays;

import kairos.engine.domain.Timeframe;

/**
 * Aggregates candles into a coarser timeframe, exactly: open of the first bar, highest high, lowest low, close of
 * the last bar, summed volume. Buckets are aligned to UTC boundaries ({@link Timeframe#floor}).
 *
 * <p>A bucket is emitted only when it is complete, i.e. every finer bar in it is present. So a bucket that
 * contains a gap is dropped (the coarse series then has a gap too, never an invented bar), and so is a bucket at
 * either end of the data that is only partly covered, in particular the last one while it has not closed yet: a
 * backtest must never see a coarse bar before all of its minutes happened.
 */
public final class Resampler {

    private Resampler() {
    }

    /**
     * @throws IllegalArgumentException when {@code target} is not a whole multiple of the finer timeframe
     */
    public static CandleSeries resample(CandleSeries finer, Timeframe target) {
        Timeframe source = finer.timeframe();
        if (!target.isMultipleOf(source)) {
            throw new IllegalArgumentException("cannot resample " + source + " candles to " + target + ": " + target
                    + " is not a whole multiple of " + source);
        }
        if (target == source) {
            return finer;
        }
        int perBucket = (int) (target.millis() / source.millis());
        int n = finer.size();
        int cap = n / perBucket + 1;
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int out = 0;
        int i = 0;
        while (i < n) {
            long bucket = target.floor(finer.openTime(i));
            long end = bucket + target.millis();
            int j = i;
            double hi = finer.high(i);
            double lo = finer.low(i);
            double vol = 0;
            while (j < n && finer.openTime(j) < end) {
                hi = Math.max(hi, finer.high(j));
                lo = Math.min(lo, finer.low(j));
                vol += finer.volume(j);
                j++;
            }
            if (j - i == perBucket) {
                t[out] = bucket;
                o[out] = finer.open(i);
                h[out] = hi;
                l[out] = lo;
                c[out] = finer.close(j - 1);
                v[out] = vol;
                out++;
            }
            i = j;
        }
        return new CandleSeries(target, Arrays.copyOf(t, out), Arrays.copyOf(o, out), Arrays.copyOf(h, out),
                Arrays.copyOf(l, out), Arrays.copyOf(c, out), Arrays.copyOf(v, out));
    }
}
