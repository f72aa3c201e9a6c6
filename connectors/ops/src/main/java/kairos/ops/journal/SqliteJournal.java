package kairos.ops.journal;

import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal in the store ({@code <store>/journal.db}): SQLite in WAL mode, schema by Flyway migrations
 * ({@code db/journal/V*.sql}, the same files a PostgreSQL journal would run). A run is written in one
 * transaction: either all of its decisions, trades and equity are there, or none.
 */
public final class SqliteJournal implements AutoCloseable {
    public static final String FILE = "journal.db";

    private final Connection connection;
    private final Path file;

    private SqliteJournal(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating and migrating when needed) the journal of a store folder. */
    public static SqliteJournal open(Path storeDir) {
        try {
            Files.createDirectories(storeDir);
            Path file = storeDir.resolve(FILE);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(5_000);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            Flyway.configure(SqliteJournal.class.getClassLoader()).dataSource(ds)
                    .locations("classpath:db/journal").load().migrate();
            return new SqliteJournal(ds.getConnection(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(storeDir + ": cannot create the store folder", e);
        } catch (SQLException | FlywayException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException(storeDir.resolve(FILE) + ": cannot open the journal: " + root.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** What a run was: written to the {@code runs} table. */
    public record Run(String kind, String exchange, List<String> symbols, String timeframe, Instant rangeStart,
                      Instant rangeEnd, String rulesetHash, String modelVersion, String summaryJson) {
    }

    Connection connection() {
        return connection;
    }

    /** Work on the journal that is committed whole or rolled back whole. */
    interface Work<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException, IOException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Writes a finished run with its decisions, trades and equity curve in one transaction; returns its id. */
    public long record(Run run, List<Decision> decisions, List<TradeRecord> trades, List<EquityPoint> equity,
                       Instant recordedAt) {
        try {
            return inTransaction(() -> {
                long runId = insertRun(run, recordedAt);
                insertDecisions(runId, decisions);
                insertTrades(runId, trades);
                insertEquity(runId, equity);
                return runId;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": the run was not journaled: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": the run was not journaled", e);
        }
    }

    long insertRun(Run run, Instant recordedAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO runs (kind, recorded_at, exchange, symbols, "
                + "timeframe, range_start, range_end, ruleset_hash, model_version, summary_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, run.kind());
            ps.setString(2, recordedAt.toString());
            ps.setString(3, run.exchange());
            ps.setString(4, String.join(",", run.symbols()));
            ps.setString(5, run.timeframe());
            ps.setString(6, run.rangeStart().toString());
            ps.setString(7, run.rangeEnd().toString());
            ps.setString(8, run.rulesetHash());
            ps.setString(9, run.modelVersion());
            ps.setString(10, run.summaryJson());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void insertDecisions(long runId, List<Decision> decisions) throws SQLException, IOException {
        insertDecisions(runId, 0, decisions);
    }

    /** Appends decisions to a run, numbered from {@code firstSeq}. */
    void insertDecisions(long runId, int firstSeq, List<Decision> decisions) throws SQLException, IOException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO decisions (run_id, seq, id, ts, symbol, "
                + "trigger, verdict, json) VALUES (?,?,?,?,?,?,?,?)")) {
            int seq = firstSeq;
            for (Decision d : decisions) {
                ps.setLong(1, runId);
                ps.setInt(2, seq++);
                ps.setString(3, d.id());
                ps.setString(4, d.ts());
                ps.setString(5, d.symbol());
                ps.setString(6, d.trigger());
                ps.setString(7, d.verdict() == null ? "" : d.verdict().status());
                ps.setString(8, DecisionsJsonl.toJson(d));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void insertTrades(long runId, List<TradeRecord> trades) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO trades (run_id, id, symbol, side, strategy, "
                + "entry_rule, entry_time, entry_price, exit_time, exit_price, qty, gross_pnl, fees, funding, net_pnl, "
                + "exit_reason, initial_risk, entry_decision, exit_decision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (TradeRecord t : trades) {
                ps.setLong(1, runId);
                ps.setString(2, t.id());
                ps.setString(3, t.symbol());
                ps.setString(4, t.side().name());
                ps.setString(5, t.strategy());
                ps.setString(6, t.entryRule());
                ps.setString(7, Instant.ofEpochMilli(t.entryTime()).toString());
                ps.setDouble(8, t.entryPrice());
                ps.setString(9, Instant.ofEpochMilli(t.exitTime()).toString());
                ps.setDouble(10, t.exitPrice());
                ps.setDouble(11, t.qty());
                ps.setDouble(12, t.grossPnl());
                ps.setDouble(13, t.fees());
                ps.setDouble(14, t.funding());
                ps.setDouble(15, t.netPnl());
                ps.setString(16, t.exitReason());
                if (Double.isFinite(t.initialRisk())) {
                    ps.setDouble(17, t.initialRisk());
                } else {
                    ps.setNull(17, java.sql.Types.REAL);
                }
                ps.setString(18, t.entryDecision());
                ps.setString(19, t.exitDecision());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertEquity(long runId, List<EquityPoint> equity) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO equity (run_id, ts, equity, in_position) VALUES (?,?,?,?)")) {
            for (EquityPoint p : equity) {
                ps.setLong(1, runId);
                ps.setString(2, Instant.ofEpochMilli(p.time()).toString());
                ps.setDouble(3, p.equity());
                ps.setInt(4, p.inPosition() ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The decision with this id from the most recent run that has it. */
    public Optional<Decision> decision(String id) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT json FROM decisions WHERE id = ? ORDER BY run_id DESC LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(DecisionsJsonl.fromJson(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": a journaled decision is not valid JSON", e);
        }
    }

    /** Row counts of one run: decisions, trades, equity points (for reports and tests). */
    public List<Long> counts(long runId) {
        List<Long> out = new ArrayList<>();
        for (String table : List.of("decisions", "trades", "equity")) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getLong(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot close the journal: " + e.getMessage(), e);
        }
    }
}
