package kairos.engine.kernel;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * Builds bars of a coarser timeframe from closed feed bars, incrementally and exactly as the store's resampler
 * does: open of the first, max high, min low, close of the last, sum of volume, UTC-aligned buckets. A bucket
 * with a missing feed bar is dropped, never completed from fewer bars.
 */
public final class BarAggregator {
    private final Timeframe feed;
    private final Timeframe target;
    private long bucket = Long.MIN_VALUE;
    private long expectedNext;
    private boolean broken;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;

    public BarAggregator(Timeframe feed, Timeframe target) {
        if (!target.isMultipleOf(feed)) {
            throw new IllegalArgumentException(target + " is not a whole multiple of " + feed);
        }
        this.feed = feed;
        this.target = target;
    }

    /** Adds a closed feed bar; returns the coarser bar it completes, or null. */
    public Bar add(Bar bar) {
        long b = target.floor(bar.openTime());
        if (b != bucket) {
            bucket = b;
            broken = bar.openTime() != b;
            open = bar.open();
            high = bar.high();
            low = bar.low();
            volume = 0;
        } else {
            broken |= bar.openTime() != expectedNext;
            high = Math.max(high, bar.high());
            low = Math.min(low, bar.low());
        }
        close = bar.close();
        volume += bar.volume();
        expectedNext = bar.openTime() + feed.millis();
        if (expectedNext == bucket + target.millis()) {
            return broken ? null : new Bar(bucket, open, high, low, close, volume);
        }
        return null;
    }
}
