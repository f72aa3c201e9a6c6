package kairos.ops.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A session journal's WAL checkpoints, on a connection and a thread of their own (ADR 0013). SQLite's automatic
 * checkpoint runs inside the commit that filled the WAL to 1,000 pages — about every 300th state save, two fsyncs
 * on the path of the order waiting for that save (measured: the saves' p99 6.4 ms with it, 1.8 ms without). The
 * session's connection turns it off ({@code PRAGMA wal_autocheckpoint = 0}) and this checkpointer copies the WAL
 * into the database instead, in PASSIVE mode, every {@link #EVERY_MS} ms when anything was saved since its last
 * checkpoint (small, frequent checkpoints: one of 250 saves at a time, SQLite's own pace, stalled the disk for
 * longer — p99 8.5-36 ms against 4.9-6.4 in the same bench); it never waits for the writer nor holds it up, and the next commit after a full checkpoint starts the WAL from its beginning (the file is cut back to
 * {@link SqliteJournal#WAL_LIMIT_BYTES}). A checkpoint that fails is logged and tried again at the next round: the WAL
 * only grows meanwhile, nothing is lost.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** How often the WAL is checkpointed (a session saves ~2-15 times a second at 60x, about once a second at 1x). */
    static final long EVERY_MS = 1_000;
    private final java.util.concurrent.atomic.AtomicLong saves = new java.util.concurrent.atomic.AtomicLong();
    private final Connection connection;
    private final ScheduledExecutorService thread;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

    private WalCheckpointer(Connection connection, ScheduledExecutorService thread) {
        this.connection = connection;
        this.thread = thread;
    }

    /** Turns the automatic checkpoint of {@code session} off and checkpoints {@code file} every {@code everyMs}. */
    static WalCheckpointer start(Connection session, Path file, long everyMs) throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
        }
        Connection own = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = own.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");   // a round that finds the file busy gives up: the next one tries
            st.execute("PRAGMA journal_size_limit = " + SqliteJournal.WAL_LIMIT_BYTES);
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-wal-checkpoint");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        WalCheckpointer c = new WalCheckpointer(own, thread);
        if (everyMs > 0) {
            thread.scheduleWithFixedDelay(c::round, everyMs, everyMs, TimeUnit.MILLISECONDS);
        }
        return c;
    }

    /** A save was committed (the saving thread). */
    void saved() {
        saves.incrementAndGet();
    }

    /**
     * One round of the thread: a checkpoint when anything was saved since the last; a failure is logged once until
     * a round works again.
     */
    void round() {
        long pending = saves.get();
        if (pending == 0) {
            return;
        }
        try {
            checkpoint();
            saves.addAndGet(-pending);
            rounds.incrementAndGet();
            if (failing) {
                LOG.info("journal WAL checkpoints work again");
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn("journal WAL checkpoint failed (tried again in {} ms; the WAL grows meanwhile): {}", EVERY_MS,
                        e.getMessage());
                failing = true;
            }
        }
    }

    /**
     * One PASSIVE checkpoint now, on the caller's thread; returns SQLite's answer: {busy, frames in the WAL, frames
     * checkpointed} (the last two equal: the WAL is all in the database).
     */
    synchronized long[] checkpoint() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** Saves not checkpointed yet (as far as the rounds know). */
    long pending() {
        return saves.get();
    }

    /** Its own connection (tests). */
    Connection connection() {
        return connection;
    }

    /** Whether the last round failed. */
    boolean failing() {
        return failing;
    }

    /** Rounds checkpointed by the thread so far. */
    long rounds() {
        return rounds.get();
    }

    /** Stops the rounds, checkpoints what is left and closes its connection. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                checkpoint();
            } catch (SQLException e) {
                LOG.warn("journal WAL checkpoint at close failed (the next open replays the WAL): {}", e.getMessage());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing held: the session's own connection has every commit
            }
        }
    }
}
