package kairos.ops.journal;

import kairos.engine.execution.Fill;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.StateJson;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.StateJournal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The trading state of a paper or live session in the store's journal ({@code <store>/journal.db}, SQLite in WAL
 * mode, the V2 and V4 migrations): the kernel's state after each event that changed it, and beside it the session's fills,
 * closed trades and decision records, all in one transaction per event. A session is named after the account it
 * trades; opening a name that exists continues it (the restart after a crash), with its run's decisions and trades.
 */
public final class SqliteStateJournal implements StateJournal, AutoCloseable {
    private final SqliteJournal journal;
    private final Connection connection;
    private final String name;
    private final long runId;
    private int nextSeq;
    private List<TradeRecord> writtenTrades;   // the parts as last written (null: not yet, by this journal)
    private List<String> writtenExecIds;
    private final PreparedStatement[] updateSession = new PreparedStatement[4];   // prepared once, kept until close
    private PreparedStatement updateRun;
    private WalCheckpointer checkpointer;   // the WAL's checkpoints off the saving connection (null: not started)

    private SqliteStateJournal(SqliteJournal journal, String name, long runId, int nextSeq) {
        this.journal = journal;
        this.connection = journal.connection();
        this.name = name;
        this.runId = runId;
        this.nextSeq = nextSeq;
    }

    /**
     * Opens the session {@code name} of the store's journal, creating it (and its run) when it does not exist.
     * {@code run} describes the session (kind: paper or live); {@code startedAt} is when it first started.
     */
    public static SqliteStateJournal open(Path storeDir, String name, SqliteJournal.Run run, Instant startedAt) {
        SqliteJournal journal = SqliteJournal.open(storeDir);
        Connection c = journal.connection();
        try {
            c.setAutoCommit(false);
            long runId;
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM sessions WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    runId = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (runId < 0) {
                runId = journal.insertRun(run, startedAt);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (name, run_id, mode) VALUES (?,?,?)")) {
                    ps.setString(1, name);
                    ps.setLong(2, runId);
                    ps.setString(3, run.kind());
                    ps.executeUpdate();
                }
            }
            int seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq) + 1, 0) FROM decisions WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            return new SqliteStateJournal(journal, name, runId, seq);
        } catch (SQLException e) {
            journal.close();
            throw new IllegalStateException(journal.file() + ": cannot open session '" + name + "': " + e.getMessage(), e);
        }
    }

    public long runId() {
        return runId;
    }

    public Path file() {
        return journal.file();
    }

    @Override
    public Optional<KernelState> load() {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT state_json, trades_json, exec_ids_json FROM sessions WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                KernelState state = StateJson.read(rs.getString(1), KernelState.class);
                if (state.version() != KernelState.VERSION) {
                    throw new IllegalStateException(journal.file() + ": session '" + name + "' holds a state of version "
                            + state.version() + ", this Kairos reads version " + KernelState.VERSION);
                }
                Portfolio.State p = state.portfolio();
                List<TradeRecord> trades = rs.getString(2) == null ? p.recentTrades()
                        : List.of(StateJson.read(rs.getString(2), TradeRecord[].class));
                List<String> execIds = rs.getString(3) == null ? p.recentExecIds()
                        : List.of(StateJson.read(rs.getString(3), String[].class));
                return Optional.of(withParts(state, trades, execIds));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(journal.file() + ": cannot read session '" + name + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(journal.file() + ": session '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The state as the journal's {@code state_json} holds it: without the parts written beside it. */
    public static KernelState core(KernelState state) {
        return withParts(state, List.of(), List.of());
    }

    /** {@code state} with the portfolio's recent trades and booked execution ids in place of its own. */
    private static KernelState withParts(KernelState state, List<TradeRecord> trades, List<String> execIds) {
        Portfolio.State p = state.portfolio();
        Portfolio.State account = new Portfolio.State(p.initialEquity(), p.leverage(), p.cash(), p.realized(),
                p.feesPaid(), p.fundingPaid(), p.tradeSeq(), p.positions(), trades, execIds);
        return new KernelState(state.version(), state.time(), state.lastEventTime(), state.rulesetHash(),
                state.modelVersion(), state.risk(), account, state.orders());
    }

    /**
     * Saves the state with what came with it, in one transaction. The recent trades and the booked execution ids
     * (thousands of them in a long session) are written to their own columns, and only when they changed since this
     * journal last wrote them: most saves write the small rest.
     */
    @Override
    public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
        List<TradeRecord> recentTrades = state.portfolio().recentTrades();
        List<String> execIds = state.portfolio().recentExecIds();
        boolean tradesChanged = !recentTrades.equals(writtenTrades);
        boolean execIdsChanged = !execIds.equals(writtenExecIds);
        try {
            journal.inTransaction(() -> {
                PreparedStatement session = updateSession(tradesChanged, execIdsChanged);
                int i = 1;
                session.setString(i++, StateJson.write(core(state)));
                session.setString(i++, Instant.ofEpochMilli(state.time()).toString());
                if (tradesChanged) {
                    session.setString(i++, StateJson.write(recentTrades));
                }
                if (execIdsChanged) {
                    session.setString(i++, StateJson.write(execIds));
                }
                session.setString(i, name);
                session.executeUpdate();
                if (!fills.isEmpty()) {
                    insertFills(fills);
                }
                if (!trades.isEmpty()) {
                    // a trade's record changes once more when the decision that closed it is named: the newest wins
                    try (PreparedStatement ps = connection.prepareStatement("DELETE FROM trades WHERE run_id = ? AND id = ?")) {
                        for (TradeRecord t : trades) {
                            ps.setLong(1, runId);
                            ps.setString(2, t.id());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    journal.insertTrades(runId, trades);
                }
                journal.insertDecisions(runId, nextSeq, decisions);
                if (updateRun == null) {
                    updateRun = connection.prepareStatement("UPDATE runs SET range_end = ?, ruleset_hash = ? WHERE id = ?");
                }
                updateRun.setString(1, Instant.ofEpochMilli(state.time()).toString());
                updateRun.setString(2, state.rulesetHash());
                updateRun.setLong(3, runId);
                updateRun.executeUpdate();
                return null;
            });
            nextSeq += decisions.size();
            if (checkpointer != null) {
                checkpointer.saved();
            }
            writtenTrades = recentTrades;
            writtenExecIds = execIds;
        } catch (SQLException e) {
            throw new IllegalStateException(journal.file() + ": the state of session '" + name + "' was not saved: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(journal.file() + ": the state of session '" + name + "' was not saved", e);
        }
    }

    /** The session's update, prepared once per form (with or without the parts written beside the state). */
    private PreparedStatement updateSession(boolean trades, boolean execIds) throws SQLException {
        int form = (trades ? 1 : 0) | (execIds ? 2 : 0);
        if (updateSession[form] == null) {
            updateSession[form] = connection.prepareStatement("UPDATE sessions SET state_json = ?, state_time = ?, "
                    + "saves = saves + 1" + (trades ? ", trades_json = ?" : "") + (execIds ? ", exec_ids_json = ?" : "")
                    + " WHERE name = ?");
        }
        return updateSession[form];
    }

    private void insertFills(List<Fill> fills) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR IGNORE INTO fills (run_id, exec_id, link_id, "
                + "symbol, side, qty, price, fee, maker, time) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (Fill f : fills) {
                ps.setLong(1, runId);
                ps.setString(2, f.execId());
                ps.setString(3, f.orderLinkId());
                ps.setString(4, f.symbol());
                ps.setString(5, f.side().name());
                ps.setString(6, f.qty().toPlainString());
                ps.setString(7, f.price().toPlainString());
                ps.setDouble(8, f.fee());
                ps.setInt(9, f.maker() ? 1 : 0);
                ps.setString(10, Instant.ofEpochMilli(f.time()).toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Fills journaled for the session, in the order they were booked (tests, reconciliation reports). */
    public List<String> fillIds() {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT exec_id FROM fills WHERE run_id = ? ORDER BY rowid")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(journal.file() + ": cannot read the fills: " + e.getMessage(), e);
        }
    }

    /** A fill as the journal keeps it (quantities and prices as the exchange wrote them). */
    public record JournaledFill(String execId, String linkId, String symbol, String side, String qty, String price,
                                double fee, boolean maker, String time) {
    }

    /** Every fill journaled for the session, in the order they were booked. */
    public List<JournaledFill> fills() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT exec_id, link_id, symbol, side, qty, price, fee, "
                + "maker, time FROM fills WHERE run_id = ? ORDER BY rowid")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                List<JournaledFill> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(new JournaledFill(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getInt(8) == 1, rs.getString(9)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(journal.file() + ": cannot read the fills: " + e.getMessage(), e);
        }
    }

    /** Rows of the session's run: decisions, trades, equity points. */
    public List<Long> counts() {
        return journal.counts(runId);
    }

    /**
     * Moves the WAL's checkpoints off the saving connection: its commits no longer checkpoint (two fsyncs at every
     * ~300th save, on the path of an order), a thread of its own does it every second. A session's journal does this
     * once, when it opens.
     */
    public void checkpointApart() {
        checkpointApart(WalCheckpointer.EVERY_MS);
    }

    /** {@link #checkpointApart()} every {@code everyMs} ms (0: only when asked, for tests). */
    void checkpointApart(long everyMs) {
        if (checkpointer != null) {
            return;
        }
        try {
            checkpointer = WalCheckpointer.start(connection, journal.file(), everyMs);
        } catch (SQLException e) {
            throw new IllegalStateException(journal.file() + ": the journal's WAL checkpoints could not be set up: "
                    + e.getMessage(), e);
        }
    }

    /** The saving connection (tests). */
    Connection connection() {
        return connection;
    }

    /** The checkpointer, when {@link #checkpointApart} started it. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        for (PreparedStatement ps : updateSession) {
            closeQuietly(ps);
        }
        closeQuietly(updateRun);
        journal.close();
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps == null) {
            return;
        }
        try {
            ps.close();
        } catch (SQLException e) {
            // the connection closes next, with whatever it still holds
        }
    }
}
