package kairos.ops.journal;

import kairos.engine.execution.Fill;
import kairos.engine.execution.ForwardingVenueStore;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.VenueStore;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.ForwardingStateJournal;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.StateJournal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state writes of a paper or live session — the kernel's state journal and the paper venue's state file — done
 * behind the kernel, so that it does not wait for the disk after every event, only before it sends
 * ({@link StateJournal#sync}, ADR 0013).
 * <p>
 * What is waiting is written together, the venue first: the newest venue state (each is the whole state), then the
 * journal's saves merged into one (the newest kernel state with every fill, trade and decision of the saves, one
 * transaction). So the paper venue's file is never behind the journal — after a crash the journal never knows of a
 * fill the venue lacks — though it may be ahead of it, as an exchange is; and no order is sent before the state that
 * asked for it is written. The writer's own thread ({@code kairos-state-writer}) writes once nothing more was asked
 * for {@value #QUIET_NANOS} ns (the events of one market batch go together); a kernel about to send does not wait
 * for it: {@link #sync} writes what is waiting on the caller's thread when the writer is idle, and leaves the
 * batch's decision records (the audit, not needed before a send) to the writer, which writes them next with the
 * newest state.
 * <p>
 * A write that fails stops the writer: nothing waiting with it or asked after it is written (a later state without
 * the failed one's fills and decisions would be a hole in the journal), and every later save and sync throws, so
 * nothing more is sent. The store and the journal are written by one thread at a time and read (loaded) before
 * anything is asked.
 */
public final class WriteBehind implements AutoCloseable {
    /** How long the writer's thread waits for the asks to pause before it writes what is waiting. */
    static final long QUIET_NANOS = 1_000_000;
    private final long quietNanos;
    private final Object lock = new Object();
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final Thread thread;
    private Throwable failure;
    private boolean closing;
    private boolean writing;   // a batch is being written, by the writer's thread or a caller of sync
    private final Map<StateJournal, LeftDecisions> left = new LinkedHashMap<>();   // decisions a sync left
    private long written;
    private long lastAskedNanos;
    private long savesAsked;
    private long savesWritten;

    public WriteBehind() {
        this(QUIET_NANOS);
    }

    /** A writer whose thread writes after {@code quietNanos} without asks (tests: long, so syncs do the writing). */
    WriteBehind(long quietNanos) {
        this.quietNanos = quietNanos;
        thread = Thread.ofPlatform().name("kairos-state-writer").daemon(true).start(this::drain);
    }

    /** One write asked for. */
    private sealed interface Write {
    }

    private record VenueWrite(VenueStore store, SimulatedVenue.State state) implements Write {
    }

    private record JournalSave(StateJournal journal, KernelState state, List<Fill> fills, List<TradeRecord> trades,
                               List<Decision> decisions) implements Write {
    }

    /** Decision records a sync left for the writer's thread, with the newest state written (never in the queue). */
    private record LeftDecisions(StateJournal journal, KernelState state, List<Decision> decisions) implements Write {
    }

    /** What a batch wrote per journal: the state, and the decisions it left for later (a sync's batch). */
    private record Written(KernelState state, List<Decision> left) {
    }

    /** {@code journal}, written behind: its saves go to this writer, {@link StateJournal#sync} waits for it. */
    public StateJournal journal(StateJournal journal) {
        return new ForwardingStateJournal(journal) {
            @Override
            public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                synchronized (lock) {
                    enqueue(new JournalSave(journal, state, fills, trades, decisions));
                    savesAsked++;
                }
            }

            @Override
            public void sync() {
                WriteBehind.this.sync();
            }
        };
    }

    /** {@code store}, written behind: of the states waiting, the newest is the one written. */
    public VenueStore venueStore(VenueStore store) {
        return new ForwardingVenueStore(store) {
            @Override
            public void save(SimulatedVenue.State state) {
                synchronized (lock) {
                    enqueue(new VenueWrite(store, state));
                }
            }
        };
    }

    private void enqueue(Write write) {
        failIfFailed();
        if (closing) {
            throw new IllegalStateException("the session's state writer is closed: the write was not made");
        }
        boolean idle = queue.isEmpty();   // the writer's thread waits without a timeout only then
        queue.addLast(write);
        lastAskedNanos = System.nanoTime();
        if (idle) {
            lock.notifyAll();
        }
    }

    /**
     * Returns once every write asked so far is done; throws when one failed (the kernel then sends nothing). When the
     * writer's thread is not in the middle of a write, the caller writes what is waiting itself, on its own thread
     * (a kernel about to send does not wait for another thread to wake up), and leaves the decision records to the
     * writer's thread. The time spent here is summed in {@link #waitedNanos}.
     */
    public void sync() {
        writeHere(false);
    }

    /** Returns once everything asked is written, the decision records a sync left included (a session's end). */
    public void flush() {
        writeHere(true);
    }

    private void writeHere(boolean all) {
        long t0 = System.nanoTime();
        try {
            while (true) {
                List<Write> batch;
                synchronized (lock) {
                    while (true) {
                        failIfFailed();
                        if (queue.isEmpty() && (!all || left.isEmpty())) {
                            return;
                        }
                        batch = take(all);
                        if (batch != null) {
                            break;
                        }
                        lock.wait();
                    }
                }
                complete(batch, !all);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the session's state was being written: nothing sent", e);
        } finally {
            waitedNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private void failIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("the session's state could not be written, nothing more is sent: "
                    + failure.getMessage(), failure);
        }
    }

    /** Nanoseconds spent in {@link #sync} so far, waiting for the writer or writing (any thread). */
    public long waitedNanos() {
        return waitedNanos.get();
    }

    /** Journal saves asked for and not written yet (any thread). */
    public long savesPending() {
        synchronized (lock) {
            return savesAsked - savesWritten;
        }
    }

    /** Writes made so far: a venue state or a journal transaction, however many were asked and merged into it. */
    public long written() {
        synchronized (lock) {
            return written;
        }
    }

    private void drain() {
        while (true) {
            List<Write> batch;
            synchronized (lock) {
                try {
                    while ((batch = quietTake()) == null) {
                        if (failure != null || closing && queue.isEmpty() && left.isEmpty()) {
                            return;
                        }
                        lock.wait(queue.isEmpty() && left.isEmpty() ? 0 : 1);
                    }
                } catch (InterruptedException e) {
                    return;   // the JVM is going down: what is not written is lost, as in a crash
                }
            }
            if (!complete(batch, false)) {
                return;
            }
        }
    }

    /**
     * Under the lock, for the writer's thread: what is waiting, once nothing was asked for {@link #QUIET_NANOS} (the
     * events of one market batch are written together, and a kernel about to send writes them itself, at once).
     */
    private List<Write> quietTake() {
        return closing || System.nanoTime() - lastAskedNanos >= quietNanos ? take(true) : null;
    }

    /**
     * Under the lock: what is waiting, taken to be written by the caller (the writer's thread takes the decisions a
     * sync left as well); null when there is nothing or a write is on.
     */
    private List<Write> take(boolean writer) {
        if (writing || queue.isEmpty() && (!writer || left.isEmpty())) {
            return null;
        }
        writing = true;
        List<Write> batch = new ArrayList<>(queue.size() + 1);
        if (writer) {
            batch.addAll(left.values());
            left.clear();
        }
        batch.addAll(queue);   // left in the queue until written: sync waits for them
        return batch;
    }

    /**
     * Writes a batch taken, outside the lock, then marks it done; false when it failed (the writer stops). A sync's
     * batch ({@code sync}) leaves its decision records to the writer's thread: they are not needed before a send.
     */
    private boolean complete(List<Write> batch, boolean sync) {
        Map<StateJournal, Written> written;
        try {
            written = write(batch, sync);
        } catch (Throwable e) {
            synchronized (lock) {
                failure = e;
                queue.clear();
                left.clear();
                writing = false;
                lock.notifyAll();
            }
            return false;
        }
        synchronized (lock) {
            int saves = 0;
            for (Write w : batch) {
                if (w instanceof LeftDecisions) {
                    continue;
                }
                if (queue.pollFirst() instanceof JournalSave) {
                    saves++;
                }
            }
            written.forEach((journal, w) -> {
                LeftDecisions before = left.get(journal);
                if (before != null || !w.left().isEmpty()) {   // the newest state goes with them when they are written
                    List<Decision> all = new ArrayList<>(before == null ? List.of() : before.decisions());
                    all.addAll(w.left());
                    left.put(journal, new LeftDecisions(journal, w.state(), all));
                }
            });
            this.written += written.size() + batch.stream().filter(VenueWrite.class::isInstance)
                    .map(w -> ((VenueWrite) w).store()).distinct().count();
            savesWritten += saves;
            writing = false;
            lock.notifyAll();
        }
        return true;
    }

    /**
     * Writes a batch: the newest state of each venue store, then each journal's saves as one (after the decisions a
     * sync left, with the newest state). Returns, per journal written, the state written and the decisions left.
     */
    private static Map<StateJournal, Written> write(List<Write> batch, boolean sync) {
        Map<VenueStore, SimulatedVenue.State> venues = new LinkedHashMap<>();
        Map<StateJournal, List<Write>> journals = new LinkedHashMap<>();
        for (Write w : batch) {
            switch (w) {
                case VenueWrite v -> venues.put(v.store(), v.state());
                case JournalSave j -> journals.computeIfAbsent(j.journal(), k -> new ArrayList<>()).add(j);
                case LeftDecisions d -> journals.computeIfAbsent(d.journal(), k -> new ArrayList<>()).add(d);
            }
        }
        venues.forEach(VenueStore::save);
        Map<StateJournal, Written> written = new LinkedHashMap<>();
        journals.forEach((journal, list) -> {
            KernelState state = null;
            List<Fill> fills = new ArrayList<>();
            Map<String, TradeRecord> trades = new LinkedHashMap<>();   // a trade's newest record wins
            List<Decision> decisions = new ArrayList<>();
            for (Write w : list) {
                if (w instanceof LeftDecisions d) {
                    state = d.state();
                    decisions.addAll(d.decisions());
                } else if (w instanceof JournalSave j) {
                    state = j.state();
                    fills.addAll(j.fills());
                    j.trades().forEach(t -> {
                        trades.remove(t.id());
                        trades.put(t.id(), t);
                    });
                    decisions.addAll(j.decisions());
                }
            }
            List<Decision> now = sync ? List.of() : decisions;
            journal.save(state, fills, List.copyOf(trades.values()), now);
            written.put(journal, new Written(state, sync ? decisions : List.of()));
        });
        return written;
    }

    /**
     * Writes what is still waiting, then ends the writer (waits for it). A failure was already raised by the save or
     * sync after it; close does not raise it again.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
