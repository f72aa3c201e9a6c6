package kairos.engine.kernel;

import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.TimedEvent;

import java.util.List;

/**
 * The market events of one arrival — one venue message (a WebSocket push, a recorded line, a REST page) — taken by
 * the live loop as a unit: the decision points that wait for the end of an instant (patterns, fills, risk events)
 * are taken after the batch, so a session and the replay of its recording decide at the same points. A
 * {@code history} batch is back-filled data (klines fetched on start or after a reconnect): it brings the features
 * and the patterns up to date and decides nothing. {@code arrivedAt}: when it reached Kairos (the wall clock of
 * the session, or the recording's receive time). {@code fallback} names the fallback feed it came from (Binance
 * while the venue's own feed is stale), null for the venue's own.
 */
public record MarketBatch(List<MarketEvent> events, boolean history, long arrivedAt, String fallback)
        implements TimedEvent {

    public MarketBatch {
        events = List.copyOf(events);
    }

    /** A batch of the venue's own feed. */
    public MarketBatch(List<MarketEvent> events, boolean history, long arrivedAt) {
        this(events, history, arrivedAt, null);
    }

    /** A live batch. */
    public static MarketBatch of(List<MarketEvent> events, long arrivedAt) {
        return new MarketBatch(events, false, arrivedAt);
    }

    /** The latest event time in the batch, or its arrival time when empty. */
    @Override
    public long time() {
        long t = Long.MIN_VALUE;
        for (MarketEvent e : events) {
            t = Math.max(t, e.time());
        }
        return t == Long.MIN_VALUE ? arrivedAt : t;
    }
}
