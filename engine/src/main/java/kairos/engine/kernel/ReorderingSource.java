package kairos.engine.kernel;

import kairos.engine.domain.MarketEvent;

import java.util.PriorityQueue;

/**
 * Puts a stream that is in arrival order into event-time order: a recording holds messages as they arrived, and
 * the topics' event times interleave a little (a trade stamped before the book update received just ahead of it).
 * An event is let through once the stream has reached {@code windowMs} past it; at equal times, arrival order
 * stays. An event that arrives later than the window behind the others keeps its place after them (its time is
 * earlier than the clock by then: the kernel takes it at the current time).
 */
public final class ReorderingSource implements MarketDataSource {
    private final MarketDataSource in;
    private final long windowMs;
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private long newest = Long.MIN_VALUE;
    private long released = Long.MIN_VALUE;
    private long seq;

    private record Held(long time, long seq, MarketEvent event) implements Comparable<Held> {
        @Override
        public int compareTo(Held o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public ReorderingSource(MarketDataSource in, long windowMs) {
        if (windowMs < 0) {
            throw new IllegalArgumentException("reorder window must be >= 0 ms");
        }
        this.in = in;
        this.windowMs = windowMs;
    }

    @Override
    public MarketEvent next() {
        while (held.isEmpty() || held.peek().time() > newest - windowMs) {
            MarketEvent e = in.next();
            if (e == null) {
                break;
            }
            long t = Math.max(e.time(), released);   // never before what has been let through
            newest = Math.max(newest, t);
            held.add(new Held(t, seq++, e));
        }
        Held h = held.poll();
        if (h == null) {
            return null;
        }
        released = h.time();
        return h.event();
    }

    @Override
    public boolean finished() {
        return held.isEmpty() && in.finished();
    }
}
