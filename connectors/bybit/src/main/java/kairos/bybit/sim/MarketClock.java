package kairos.bybit.sim;

import java.time.Clock;
import java.time.Duration;

/**
 * The exchange's time: the point of the tape the simulator has played up to. Every timestamp the simulator sends
 * ({@code ts}, {@code T}, {@code createdTime}, {@code execTime}, {@code /v5/market/time}) is read here, so a test that
 * steps the tape sees the same timestamps on every run. Stepped, it moves only when a test advances the simulator;
 * paced, a driver thread moves it after the wall clock at a speed factor (60: one wall second plays one exchange
 * minute). A skew shifts the server time the exchange reports and checks signed requests against, as a server
 * clock that runs ahead (positive) or behind would.
 */
public final class MarketClock {
    private final Clock wall;
    private volatile long now;
    private volatile long skew;
    private volatile double speed;
    private volatile long anchorWall;
    private volatile long anchorExchange;

    MarketClock(long start, Clock wall) {
        this.now = start;
        this.wall = wall;
    }

    /** The exchange time reached (epoch ms), without skew. */
    public long now() {
        return now;
    }

    /** What the server reports as its time and checks request timestamps against: {@link #now} plus the skew. */
    public long serverTime() {
        return now + skew;
    }

    /** The skew in ms (positive: the server clock is ahead). */
    public long skewMillis() {
        return skew;
    }

    void skew(Duration skew) {
        this.skew = skew.toMillis();
    }

    /** Speed factor when paced, 0 when stepped. */
    public double speed() {
        return speed;
    }

    void moveTo(long time) {
        if (time < now) {
            throw new IllegalArgumentException("the market clock cannot go back: at " + now + ", asked for " + time);
        }
        now = time;
    }

    /** Starts pacing from the current exchange time: exchange time = start + wall time elapsed × speed. */
    void pace(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed factor must be > 0, got " + factor);
        }
        anchorWall = wall.millis();
        anchorExchange = now;
        speed = factor;
    }

    void stopPacing() {
        speed = 0;
    }

    /** Where pacing wants the exchange clock now. */
    long pacedTarget() {
        return anchorExchange + (long) ((wall.millis() - anchorWall) * speed);
    }

    /** The wall clock plus the skew: what signed requests are checked against when the simulator runs faster than real time. */
    long wallServerTime() {
        return wall.millis() + skew;
    }
}
