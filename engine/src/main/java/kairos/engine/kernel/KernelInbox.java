package kairos.engine.kernel;

import kairos.engine.domain.TimedEvent;
import kairos.engine.execution.Timer;
import kairos.engine.execution.VenueEvent;

import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's one inbox. Two doors: what other threads post (live market data, a live venue's messages, operator
 * commands), taken in arrival order; and what is due at a time (timers, a simulated venue's messages with their
 * delivery times), taken in time order, ties in the order they were scheduled. The simulated venue's messages can
 * be taken on their own (while it matches an event, see {@code MarketSimulation}). Only the kernel thread takes.
 */
public final class KernelInbox {
    private final LinkedBlockingQueue<TimedEvent> posted = new LinkedBlockingQueue<>();
    /** Status requests, also answered between two events of a long batch (a back-fill), not only in their turn. */
    private final java.util.concurrent.ConcurrentLinkedQueue<KernelCommand.Status> statusRequests =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final PriorityQueue<Due> messages = new PriorityQueue<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>();
    /** Timers on the arrival (wall) clock: a live venue's request timeouts. */
    private final PriorityQueue<Due> wallTimers = new PriorityQueue<>();
    private long seq;

    /** Something due at a time. */
    record Due(long at, long seq, TimedEvent event) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Posts an event from any thread; the kernel takes it in arrival order. */
    public void post(TimedEvent event) {
        posted.add(event);
    }

    /** A status request from any thread: answered between the next two events, and again (a no-op) in its turn. */
    void requestStatus(KernelCommand.Status request) {
        statusRequests.add(request);
        posted.add(request);
    }

    KernelCommand.Status pollStatusRequest() {
        return statusRequests.poll();
    }

    /** A venue message delivered at {@code deliverAt} (kernel thread: the simulated venue answers there). */
    public void deliver(VenueEvent event, long deliverAt) {
        messages.add(new Due(deliverAt, seq++, event));
    }

    /** A timer due at {@code at} (kernel thread). */
    public void schedule(long at, String kind, String key, String symbol) {
        timers.add(new Due(at, seq++, new Timer(at, kind, key, symbol)));
    }

    /**
     * A timer due when the arrival clock (the wall clock of a live session) reaches {@code wallAt}, whatever the
     * market's time: a real venue answers in wall time, also when a simulator's market runs faster (kernel thread).
     */
    public void scheduleWall(long wallAt, String kind, String key, String symbol) {
        wallTimers.add(new Due(wallAt, seq++, new Timer(wallAt, kind, key, symbol)));
    }

    /** The next wall timer due at or before {@code wallNow}, or null. */
    Due pollWallDue(long wallNow) {
        Due d = wallTimers.peek();
        return d != null && d.at <= wallNow ? wallTimers.poll() : null;
    }

    /** When the next wall timer is due, or {@code Long.MAX_VALUE}. */
    long nextWallDue() {
        Due d = wallTimers.peek();
        return d == null ? Long.MAX_VALUE : d.at;
    }

    /** The earliest of everything due (messages and timers). */
    Due peekDue() {
        Due m = messages.peek();
        Due t = timers.peek();
        return m == null ? t : t == null || m.compareTo(t) <= 0 ? m : t;
    }

    Due pollDue() {
        Due first = peekDue();
        if (first != null) {
            (first.event() instanceof Timer ? timers : messages).poll();
        }
        return first;
    }

    /** The next venue message if it is due at or before {@code time} (timers stay), else null. */
    Due pollMessageDue(long time) {
        Due m = messages.peek();
        return m != null && m.at <= time ? messages.poll() : null;
    }

    /** Whether anything (a message or a timer) is due at or before {@code time}. */
    boolean anyDue(long time) {
        Due d = peekDue();
        return d != null && d.at <= time;
    }

    /**
     * The earliest item due at or before {@code time} that concerns {@code symbol} or the whole account (a venue
     * message or timer of that symbol, or of none), or null; items of other symbols stay where they are.
     */
    Due pollDueFor(String symbol, long time) {
        Due best = earliestFor(messages, symbol, time, earliestFor(timers, symbol, time, null));
        if (best != null) {
            (best.event() instanceof Timer ? timers : messages).remove(best);
        }
        return best;
    }

    private static Due earliestFor(PriorityQueue<Due> q, String symbol, long time, Due best) {
        if (q.isEmpty() || q.peek().at > time) {
            return best;
        }
        for (Due d : q) {
            if (d.at <= time && concerns(d.event, symbol) && (best == null || d.compareTo(best) < 0)) {
                best = d;
            }
        }
        return best;
    }

    private static boolean concerns(TimedEvent e, String symbol) {
        String s = switch (e) {
            case Timer t -> t.symbol();
            case VenueEvent v -> v.symbol();
            default -> null;
        };
        return s == null || s.equals(symbol);
    }

    TimedEvent pollPosted() {
        return posted.poll();
    }

    TimedEvent peekPosted() {
        return posted.peek();
    }

    TimedEvent takePosted(long timeoutMs) throws InterruptedException {
        return posted.poll(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
    }

    boolean hasPosted() {
        return !posted.isEmpty();
    }

    int dueCount() {
        return messages.size() + timers.size() + wallTimers.size();
    }
}
