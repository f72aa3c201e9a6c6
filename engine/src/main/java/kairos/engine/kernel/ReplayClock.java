package kairos.engine.kernel;

import kairos.engine.domain.Clock;

/** Clock driven by the events being replayed: it shows the time of the event being processed. */
public final class ReplayClock implements Clock {
    private long now;

    public ReplayClock(long start) {
        this.now = start;
    }

    /** Moves time forward to {@code time}; a replay never goes back in time. */
    public void advanceTo(long time) {
        if (time < now) {
            throw new IllegalStateException("replay clock cannot go back from " + now + " to " + time);
        }
        now = time;
    }

    @Override
    public long millis() {
        return now;
    }
}
