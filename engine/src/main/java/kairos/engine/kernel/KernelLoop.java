package kairos.engine.kernel;

import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.TimedEvent;
import kairos.engine.execution.MarketSimulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The one loop of every mode: it takes every event in order on one thread and hands it to the {@link Kernel},
 * which journals and sends after each. Two drivers, one kernel:
 * <ul>
 *   <li><b>Replay of stored data</b> (backtest, a session on an event file): the {@link ReplayClock} follows the
 *       events, taken an instant at a time. Before the market events of an instant, everything due up to the
 *       start of the market time they cover (a bar's open) is handled; then a simulated venue matches each,
 *       settling its messages with the kernel after each step; then what came due inside them for their symbols
 *       (timers, late messages); then the kernel sees them. So a bar resolves the timers that fall inside it only
 *       after it has been matched: the simulation's time resolution is the feed bar (a tick with trades).</li>
 *   <li><b>Live</b> (paper, live, and the replay of a recording or of a session, which must decide as the session
 *       did): market data comes as {@link MarketBatch}es in arrival order — posted to the {@link KernelInbox} by
 *       the streams' threads, or pulled from a {@link BatchSource} — with the venue's messages and operator
 *       commands between them. The kernel's clock is still event time (the exchange's timestamps: a simulator may
 *       run its market faster than the wall clock); it moves with the market events, never back, and when the
 *       feeds fall silent for {@link #SILENCE_MS} of wall time it moves on by the wall time that passed, so a dead
 *       feed is noticed. A real venue's request timeouts run on the wall clock ({@link Kernel#realVenue}).
 *       The decision points that wait for the end of an instant are taken after each batch.</li>
 * </ul>
 * In both, decision points that wait for the end of an instant (patterns, fills, risk events) are also taken when
 * time moves on. When a replay's data ends, the venue's messages still on their way are delivered (the journal and
 * the venue agree at the end), timers are not. {@link #stop()} (from any thread) ends the loop after the event in
 * hand.
 */
public final class KernelLoop {
    /** Longest wait for an event in live mode before the loop looks at its timers again. */
    static final long IDLE_MS = 1_000;
    /** Wall time without market data after which a live loop moves event time on by itself. */
    public static final long SILENCE_MS = 1_000;

    private final Kernel kernel;
    private final KernelInbox inbox;
    private final MarketDataSource source;
    private final BatchSource batches;
    private final MarketSimulation simulation;
    private final ReplayClock replayClock;
    private final LongSupplier wall;
    private final boolean live;
    private volatile boolean stopping;
    private MarketEvent lookahead;

    private KernelLoop(Kernel kernel, MarketDataSource source, BatchSource batches, MarketSimulation simulation,
                       ReplayClock replayClock, LongSupplier wall, boolean live) {
        if (kernel.clock() != replayClock) {
            throw new IllegalArgumentException("the kernel must run on the loop's event clock");
        }
        this.kernel = kernel;
        this.inbox = kernel.inbox();
        this.source = source;
        this.batches = batches;
        this.simulation = simulation;
        this.replayClock = replayClock;
        this.wall = wall;
        this.live = live;
    }

    /** A replay: {@code clock} follows the source's events; {@code simulation} may be null (nothing to match). */
    public static KernelLoop replay(Kernel kernel, MarketDataSource source, MarketSimulation simulation,
                                    ReplayClock clock) {
        return new KernelLoop(kernel, source, null, simulation, clock, clock::millis, false);
    }

    /**
     * Live: market batches, venue messages and commands posted to the kernel's inbox by other threads, and/or
     * batches pulled from {@code source} (may be null: the loop then runs until {@link #stop()}); {@code simulation}
     * is the paper venue's matcher (null for a real venue); {@code clock} the kernel's event clock; {@code wall} the
     * arrival clock (the wall clock; a replay of a recording passes the recorded receive times).
     */
    public static KernelLoop live(Kernel kernel, BatchSource source, MarketSimulation simulation, ReplayClock clock,
                                  LongSupplier wall) {
        return new KernelLoop(kernel, null, source, simulation, clock, wall, true);
    }

    /** Ends the loop after the event in hand (any thread). */
    public void stop() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Runs until the data ends (replay) or {@link #stop()}. */
    public void run() throws InterruptedException {
        kernel.start();
        if (live) {
            runLive();
        } else {
            runReplay();
        }
    }

    /**
     * Market events of one instant are taken together: every one is matched by the simulated venue (with the clock
     * inside its stretch of time) before the clock moves to the instant and the kernel sees them, so one symbol's
     * bar does not move the clock past another's fills.
     */
    private void runReplay() {
        List<MarketEvent> batch = new ArrayList<>(4);
        while (!stopping) {
            MarketEvent m = lookahead != null ? lookahead : source.next();
            lookahead = null;
            if (m == null) {
                break;
            }
            batch.clear();
            batch.add(m);
            long start = m.dataStart();
            MarketEvent next;
            while ((next = source.next()) != null && next.time() == m.time()) {
                batch.add(next);
                start = Math.min(start, next.dataStart());
            }
            lookahead = next;
            handlePosted();
            deliverDue(start);
            if (simulation != null) {
                for (MarketEvent e : batch) {
                    simulation.onMarket(e, () -> settle(m.time()));
                }
            }
            for (MarketEvent e : batch) {
                deliverDueFor(e.symbol(), m.time());
            }
            advance(m.time());
            for (MarketEvent e : batch) {
                kernel.handle(e);
                kernel.commit();
            }
        }
        kernel.endOfInstant();
        settle(Long.MAX_VALUE);   // the data has ended: what the venue still has on its way arrives; timers do not fire
        kernel.endOfInstant();
    }

    /** Everything due at or before {@code time}, in time order. */
    private void deliverDue(long time) {
        KernelInbox.Due d;
        while ((d = inbox.peekDue()) != null && d.at() <= time) {
            inbox.pollDue();
            advance(d.at());
            kernel.handle(d.event());
            kernel.commit();
        }
    }

    /**
     * What came due inside a market event's stretch of time for its symbol (a fill timeout, a late message),
     * after the event has been matched and before the kernel sees it. Other symbols' items wait for the next
     * event's start: at equal times, another symbol's bar has not been matched yet.
     */
    private void deliverDueFor(String symbol, long time) {
        if (!inbox.anyDue(time)) {
            return;
        }
        KernelInbox.Due d;
        while ((d = inbox.pollDueFor(symbol, time)) != null) {
            advance(d.at());
            kernel.handle(d.event());
            kernel.commit();
        }
    }

    /** The simulated venue's messages due at or before {@code time}, while it matches a market event. */
    private void settle(long time) {
        KernelInbox.Due d;
        while ((d = inbox.pollMessageDue(time)) != null) {
            advance(d.at());
            kernel.handle(d.event());
            kernel.commit();
        }
    }

    /** Moves the replay clock forward; an instant that ends first takes its waiting decision points. */
    private void advance(long time) {
        if (time > replayClock.millis()) {
            kernel.endOfInstant();
            replayClock.advanceTo(time);
        }
    }

    private void handlePosted() {
        TimedEvent e;
        while ((e = inbox.pollPosted()) != null) {
            kernel.handle(e);
            kernel.commit();
        }
    }

    private void runLive() throws InterruptedException {
        long quietWall = wall.getAsLong();
        long quietTime = replayClock.millis();
        while (!stopping) {
            handleWallDue();
            TimedEvent e = inbox.pollPosted();
            if (e == null && batches != null) {
                e = batches.next();
            }
            if (e == null) {
                if (batches != null && batches.finished() && !inbox.hasPosted()) {
                    break;
                }
                long now = wall.getAsLong();
                if (now - quietWall >= SILENCE_MS) {   // the feeds are silent: event time moves on with the wall
                    long t = quietTime + (now - quietWall);
                    deliverDue(t);
                    advance(t);
                }
                long wait = Math.min(IDLE_MS, Math.max(1, inbox.nextWallDue() - now));
                e = inbox.takePosted(batches != null ? Math.min(wait, 10) : wait);
                if (e == null) {
                    kernel.endOfInstant();
                    continue;
                }
            }
            if (e instanceof MarketBatch b) {
                onBatch(b);
                if (!b.events().isEmpty()) {
                    quietWall = wall.getAsLong();
                    quietTime = replayClock.millis();
                }
            } else {
                kernel.handle(e);
                kernel.commit();
            }
            kernel.endOfInstant();
        }
        kernel.endOfInstant();
    }

    /** One arrival's market events, each matched (paper) then handled, as a replay handles an instant's. */
    private void onBatch(MarketBatch b) {
        if (!b.events().isEmpty()) {
            kernel.dataFrom(b.fallback());
            kernel.arrivedAt(b.arrivedAt());
        }
        kernel.history(b.history());
        try {
            for (MarketEvent m : b.events()) {
                deliverDue(m.dataStart());
                if (simulation != null && !b.history()) {
                    simulation.onMarket(m, () -> settle(m.time()));
                }
                deliverDueFor(m.symbol(), m.time());
                advance(m.time());
                kernel.handle(m);
                kernel.commit();
                kernel.answerStatusRequests();
            }
        } finally {
            kernel.history(false);
        }
    }

    /** A real venue's request timeouts that are due on the wall clock. */
    private void handleWallDue() {
        KernelInbox.Due d;
        while ((d = inbox.pollWallDue(wall.getAsLong())) != null) {
            kernel.handle(d.event());
            kernel.commit();
        }
    }
}
