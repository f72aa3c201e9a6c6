package kairos.bybit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; its {@link #sleeper} advances it instead of sleeping. */
public final class TestClock extends Clock {
    private final AtomicLong millis;
    private final AtomicLong slept = new AtomicLong();

    public TestClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    /** Total time "slept" through {@link #sleep}. */
    public long slept() {
        return slept.get();
    }

    /** A sleeper for the REST client: moves this clock on, at once. */
    public void sleep(Duration d) {
        slept.addAndGet(d.toMillis());
        advance(d);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
