package kairos.engine.kernel;

import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.TimedEvent;
import kairos.engine.execution.MarketSimulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The one loop of every mode: it takes every event in order on one thread and hands it to the {@link Kernel},
 * which journals and sends after each. Two clocks, one loop:
 * <ul>
 *   <li><b>Replay</b> (backtest, {@code replay}, a persisted paper replay): the {@link ReplayClock} follows the
 *       events, taken an instant at a time. Before the market events of an instant, everything due up to the
 *       start of the market time they cover (a bar's open) is handled; then a simulated venue matches each,
 *       settling its messages with the kernel after each step; then what came due inside them for their symbols
 *       (timers, late messages); then the kernel sees them. So a bar resolves the timers that fall inside it only
 *       after it has been matched: the simulation's time resolution is the feed bar (a tick with trades).</li>
 *   <li><b>Live</b> (paper, live): the clock is the wall clock; events come in arrival order from the
 *       {@link KernelInbox} (posted by the streams' threads) and from an optional source, and timers when the
 *       clock reaches them.</li>
 * </ul>
 * In both, decision points that wait for the end of an instant (patterns, fills, risk events) are taken when time
 * moves on or the inbox runs dry. When a replay's data ends, the venue's messages still on their way are delivered
 * (the journal and the venue agree at the end), timers are not. {@link #stop()} (from any thread) ends the loop
 * after the event in hand.
 */
public final class KernelLoop {
    /** Longest wait for an event in live mode before the loop looks at its timers again. */
    static final long IDLE_MS = 1_000;

    private final Kernel kernel;
    private final KernelInbox inbox;
    private final MarketDataSource source;
    private final MarketSimulation simulation;
    private final ReplayClock replayClock;
    private volatile boolean stopping;
    private MarketEvent lookahead;

    private KernelLoop(Kernel kernel, MarketDataSource source, MarketSimulation simulation, ReplayClock replayClock) {
        this.kernel = kernel;
        this.inbox = kernel.inbox();
        this.source = source;
        this.simulation = simulation;
        this.replayClock = replayClock;
    }

    /** A replay: {@code clock} follows the source's events; {@code simulation} may be null (nothing to match). */
    public static KernelLoop replay(Kernel kernel, MarketDataSource source, MarketSimulation simulation,
                                    ReplayClock clock) {
        if (kernel.clock() != clock) {
            throw new IllegalArgumentException("a replay's kernel must run on the replay clock");
        }
        return new KernelLoop(kernel, source, simulation, clock);
    }

    /**
     * Live: market data and venue messages are posted to the kernel's inbox by other threads, and/or pulled from
     * {@code source} (may be null); {@code simulation} is the paper venue's matcher (null for a real venue).
     */
    public static KernelLoop live(Kernel kernel, MarketDataSource source, MarketSimulation simulation) {
        return new KernelLoop(kernel, source, simulation, null);
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
        if (replayClock != null) {
            runReplay();
        } else {
            runLive();
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
        while (!stopping) {
            KernelInbox.Due d = inbox.peekDue();
            long now = kernel.clock().millis();
            if (d != null && d.at() <= now) {
                inbox.pollDue();
                kernel.handle(d.event());
                kernel.commit();
                continue;
            }
            TimedEvent e = source != null ? source.next() : null;
            if (e == null) {
                if (source != null && source.finished() && !inbox.hasPosted() && inbox.dueCount() == 0) {
                    break;
                }
                long wait = d == null ? IDLE_MS : Math.min(IDLE_MS, d.at() - now);
                e = inbox.takePosted(source == null ? wait : Math.min(wait, 10));
            }
            if (e == null) {
                kernel.endOfInstant();
                continue;
            }
            if (e instanceof MarketEvent m && simulation != null) {
                simulation.onMarket(m, this::settleLive);
            }
            kernel.handle(e);
            kernel.commit();
            TimedEvent next = inbox.peekPosted();
            if (next == null || next.time() > e.time()) {
                kernel.endOfInstant();
            }
        }
        kernel.endOfInstant();
    }

    private void settleLive() {
        KernelInbox.Due d;
        while ((d = inbox.pollMessageDue(kernel.clock().millis())) != null) {
            kernel.handle(d.event());
            kernel.commit();
        }
    }
}
