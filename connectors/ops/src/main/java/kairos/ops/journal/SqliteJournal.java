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
import java.util.Set;
import java.util.HashSet;
import java.util.Optional;

/**
 * The journal in the store ({@code <store>/journal.db}): SQLite in WAL mode, schema by Flyway migrations
 * ({@code db/journal/V*.sql}, the same files a PostgreSQL journal would run). A run is written in one
 * transaction: either all of its decisions, trades and equity are there, or none. Decision audits are stored
 * compactly ({@link DecisionBlocks}); {@link #prune} keeps the newest runs, so the file stays bounded. After each
 * run the write-ahead log is checkpointed and truncated, so {@code journal.db-wal} does not keep the run's size.
 */
public final class SqliteJournal implements AutoCloseable {
    public static final String FILE = "journal.db";
    /** The write-ahead log is cut back to this after a checkpoint. */
    static final long WAL_LIMIT_BYTES = 1 << 20;

    private final Connection connection;
    private final Path file;

    private SqliteJournal(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    static final String MIGRATIONS = "db/journal";
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("^V([0-9._]+)__.*\\.sql$");

    /**
     * True when every migration on the class path is applied already: then Flyway is not started at all (its start
     * costs about a second of a command's start-up); any migration missing, and Flyway migrates as always.
     */
    static boolean upToDate(Connection connection) {
        java.util.Set<String> available = availableMigrations();
        if (available.isEmpty()) {
            return false;
        }
        java.util.Set<String> applied = new java.util.HashSet<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return false; // a new journal: no history table yet
        }
        return applied.containsAll(available);
    }

    /** Versions of the migration scripts on the class path ({@code V3__x.sql} is "3"), from the jar or the folder. */
    static java.util.Set<String> availableMigrations() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try {
            java.util.Enumeration<java.net.URL> roots = SqliteJournal.class.getClassLoader().getResources(MIGRATIONS);
            while (roots.hasMoreElements()) {
                java.net.URL url = roots.nextElement();
                List<String> names = new ArrayList<>();
                if (url.getProtocol().equals("jar")) {
                    java.net.JarURLConnection jar = (java.net.JarURLConnection) url.openConnection();
                    jar.setUseCaches(false);
                    try (java.util.jar.JarFile file = jar.getJarFile()) {
                        file.stream().map(java.util.jar.JarEntry::getName)
                                .filter(n -> n.startsWith(MIGRATIONS + "/") && n.indexOf('/', MIGRATIONS.length() + 1) < 0)
                                .forEach(n -> names.add(n.substring(MIGRATIONS.length() + 1)));
                    }
                } else if (url.getProtocol().equals("file")) {
                    try (var list = Files.list(Path.of(url.toURI()))) {
                        list.forEach(p -> names.add(p.getFileName().toString()));
                    }
                } else {
                    return java.util.Set.of(); // unknown packaging: let Flyway look
                }
                for (String n : names) {
                    java.util.regex.Matcher m = VERSION.matcher(n);
                    if (m.matches()) {
                        out.add(m.group(1).replace('_', '.'));
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return java.util.Set.of();
        }
        return out;
    }

    /** Opens (creating and migrating when needed) the journal of a store folder. */
    public static SqliteJournal open(Path storeDir) {
        try {
            Files.createDirectories(storeDir);
            Path file = storeDir.resolve(FILE);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // WAL with synchronous=NORMAL: a commit is in the OS before it returns (it survives kill -9 and a crash
            // of Kairos) but is not fsynced one by one; a power loss may lose the last commits, never corrupt the
            // file, and the start's reconciliation with the venue recovers what they held (ADR 0008, amendment)
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(5_000);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            Connection connection = ds.getConnection();
            if (!upToDate(connection)) {
                // outOfOrder: a journal migrated to a later version still takes a lower-numbered migration added later
                Flyway.configure(SqliteJournal.class.getClassLoader()).dataSource(ds)
                        .locations("classpath:" + MIGRATIONS).outOfOrder(true).load().migrate();
            }
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_size_limit = " + WAL_LIMIT_BYTES);
            }
            return new SqliteJournal(connection, file);
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
            long id = inTransaction(() -> {
                long runId = insertRun(run, recordedAt);
                insertDecisions(runId, decisions);
                insertTrades(runId, trades);
                insertEquity(runId, equity);
                return runId;
            });
            checkpoint();
            return id;
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

    /**
     * Appends decisions to a run, numbered from {@code firstSeq}, as blocks after the run's last one (a live session
     * appends a block per state save).
     */
    void insertDecisions(long runId, int firstSeq, List<Decision> decisions) throws SQLException, IOException {
        if (decisions.isEmpty()) {
            return;
        }
        int nextBlock;
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT COALESCE(MAX(block) + 1, 0) FROM decision_blocks WHERE run_id = ?")) {
            q.setLong(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                nextBlock = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO decision_blocks (run_id, block, "
                + "first_seq, count, ids, data) VALUES (?,?,?,?,?,?)")) {
            for (int first = 0, block = nextBlock; first < decisions.size(); first += DecisionBlocks.BLOCK_SIZE, block++) {
                List<Decision> part = decisions.subList(first, Math.min(decisions.size(), first + DecisionBlocks.BLOCK_SIZE));
                ps.setLong(1, runId);
                ps.setInt(2, block);
                ps.setInt(3, firstSeq + first);
                ps.setInt(4, part.size());
                ps.setBytes(5, DecisionBlocks.ids(part));
                ps.setBytes(6, DecisionBlocks.encode(part));
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
        return find(id).map(Found::decision);
    }

    /** A journaled run as {@code journal list} shows it. */
    public record RunInfo(long id, String kind, String recordedAt, String exchange, List<String> symbols,
                          String timeframe, String rangeStart, String rangeEnd, String rulesetHash, String modelVersion,
                          long decisions, long trades, long decisionBytes) {
    }

    /**
     * A decision found in the journal: the record, the run it was taken from (the most recent run that has the
     * id) and the ids of every run that has it, newest first.
     */
    public record Found(Decision decision, RunInfo run, List<Long> runsWithId) {
    }

    /** The decision with this id from the most recent run that has it, with that run. */
    public Optional<Found> find(String id) {
        return find(id, null);
    }

    /**
     * The decision with this id from run {@code runId}, or from the most recent run that has it when
     * {@code runId} is null; {@link Found#runsWithId} lists every run that has the id either way.
     */
    public Optional<Found> find(String id, Long runId) {
        try {
            List<long[]> hits = new ArrayList<>(); // {run id, block, index in block}, newest run first
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT run_id, block, ids FROM decision_blocks ORDER BY run_id DESC, block");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long run = rs.getLong(1);
                    if (!hits.isEmpty() && hits.getLast()[0] == run) {
                        continue;
                    }
                    int at = DecisionBlocks.readIds(rs.getBytes(3)).indexOf(id);
                    if (at >= 0) {
                        hits.add(new long[] {run, rs.getInt(2), at});
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT DISTINCT run_id FROM decisions WHERE id = ? ORDER BY run_id DESC")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hits.add(new long[] {rs.getLong(1), -1, -1});
                    }
                }
            }
            if (hits.isEmpty()) {
                return Optional.empty();
            }
            hits.sort((a, b) -> Long.compare(b[0], a[0]));
            long[] latest = runId == null ? hits.getFirst()
                    : hits.stream().filter(h -> h[0] == runId).findFirst().orElse(null);
            if (latest == null) {
                return Optional.empty();
            }
            Decision d = latest[1] >= 0 ? blockDecision(latest[0], (int) latest[1], (int) latest[2]) : legacyDecision(latest[0], id);
            RunInfo run = runs(latest[0]).getFirst();
            return Optional.of(new Found(d, run, hits.stream().map(h -> h[0]).distinct().toList()));
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": a journaled decision cannot be read (" + e.getMessage()
                    + "); the journal is damaged: delete the run with ./kairos journal prune, or the file", e);
        }
    }

    private Decision blockDecision(long runId, int block, int index) throws SQLException, IOException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT data FROM decision_blocks WHERE run_id = ? AND block = ?")) {
            ps.setLong(1, runId);
            ps.setInt(2, block);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return DecisionBlocks.decode(rs.getBytes(1)).get(index);
            }
        }
    }

    private Decision legacyDecision(long runId, String id) throws SQLException, IOException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT json FROM decisions WHERE run_id = ? AND id = ? ORDER BY seq LIMIT 1")) {
            ps.setLong(1, runId);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return DecisionsJsonl.fromJson(rs.getString(1));
            }
        }
    }

    /** Every decision of a run, in order (compact blocks, or the rows of a run journaled before them). */
    public List<Decision> decisions(long runId) {
        List<Decision> out = new ArrayList<>();
        try {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT data FROM decision_blocks WHERE run_id = ? ORDER BY block")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.addAll(DecisionBlocks.decode(rs.getBytes(1)));
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT json FROM decisions WHERE run_id = ? ORDER BY seq")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(DecisionsJsonl.fromJson(rs.getString(1)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": a journaled decision cannot be read (" + e.getMessage()
                    + "); the journal is damaged: delete the run with ./kairos journal prune, or the file", e);
        }
    }

    /** Every run, oldest first. */
    public List<RunInfo> runs() {
        return runs(-1);
    }

    private List<RunInfo> runs(long only) {
        String sql = "SELECT r.id, r.kind, r.recorded_at, r.exchange, r.symbols, r.timeframe, r.range_start, r.range_end, "
                + "r.ruleset_hash, r.model_version, "
                + "(SELECT COALESCE(SUM(b.count), 0) FROM decision_blocks b WHERE b.run_id = r.id) "
                + "+ (SELECT COUNT(*) FROM decisions d WHERE d.run_id = r.id), "
                + "(SELECT COUNT(*) FROM trades t WHERE t.run_id = r.id), "
                + "(SELECT COALESCE(SUM(LENGTH(b.data) + LENGTH(b.ids)), 0) FROM decision_blocks b WHERE b.run_id = r.id) "
                + "+ (SELECT COALESCE(SUM(LENGTH(d.json)), 0) FROM decisions d WHERE d.run_id = r.id) "
                + "FROM runs r" + (only >= 0 ? " WHERE r.id = ?" : "") + " ORDER BY r.id";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (only >= 0) {
                ps.setLong(1, only);
            }
            List<RunInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            List.of(rs.getString(5).split(",")), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getLong(13)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes every run but the newest {@code keep}, with its decisions, trades and equity; with {@code apply}
     * false nothing changes. Returns the runs that are (or would be) deleted, oldest first. The freed pages are
     * reused by later runs; {@link #vacuum} gives them back to the file system.
     */
    public List<RunInfo> prune(int keep, boolean apply) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, got " + keep);
        }
        Set<Long> sessions = sessionRuns();
        List<RunInfo> all = runs().stream().filter(r -> !sessions.contains(r.id())).toList();
        List<RunInfo> gone = all.subList(0, Math.max(0, all.size() - keep));
        return delete(gone.stream().map(RunInfo::id).toList(), apply);
    }

    /** The runs paper and live sessions trade on (never pruned). */
    private Set<Long> sessionRuns() {
        Set<Long> out = new HashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT run_id FROM sessions")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Deletes the given runs in one transaction (with {@code apply} false: nothing); returns what they were. The run
     * of a paper or live session is never deleted: its trading state lives on it.
     */
    public List<RunInfo> delete(List<Long> runIds, boolean apply) {
        Set<Long> sessions = sessionRuns();
        List<RunInfo> found = runs().stream().filter(r -> runIds.contains(r.id()) && !sessions.contains(r.id())).toList();
        if (!apply || found.isEmpty()) {
            return found;
        }
        try {
            connection.setAutoCommit(false);
            try {
                for (String table : List.of("decision_blocks", "decisions", "trades", "equity", "runs")) {
                    try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + table + " WHERE "
                            + (table.equals("runs") ? "id" : "run_id") + " = ?")) {
                        for (RunInfo r : found) {
                            p.setLong(1, r.id());
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            checkpoint();
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": runs were not deleted: " + e.getMessage(), e);
        }
    }

    /** Rewrites the file without its free pages (after a prune), so it shrinks on disk. */
    public void vacuum() {
        try (Statement st = connection.createStatement()) {
            st.execute("VACUUM");
            checkpoint();
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot vacuum the journal: " + e.getMessage(), e);
        }
    }

    /** Bytes of the database file and its write-ahead log. */
    public long sizeOnDisk() {
        long size = 0;
        for (Path p : List.of(file, file.resolveSibling(FILE + "-wal"))) {
            try {
                size += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                // a file that vanished counts as empty
            }
        }
        return size;
    }

    /** Share of the file that is free pages (left by deleted runs), 0..1. */
    public double freeFraction() {
        try (Statement st = connection.createStatement()) {
            long free;
            long pages;
            try (ResultSet rs = st.executeQuery("PRAGMA freelist_count")) {
                free = rs.next() ? rs.getLong(1) : 0;
            }
            try (ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                pages = rs.next() ? rs.getLong(1) : 0;
            }
            return pages == 0 ? 0 : (double) free / pages;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read the journal: " + e.getMessage(), e);
        }
    }

    private void checkpoint() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Row counts of one run: decisions, trades, equity points (for reports and tests). */
    public List<Long> counts(long runId) {
        List<Long> out = new ArrayList<>();
        for (String query : List.of("SELECT (SELECT COALESCE(SUM(count), 0) FROM decision_blocks WHERE run_id = ?1) "
                + "+ (SELECT COUNT(*) FROM decisions WHERE run_id = ?1)", "SELECT COUNT(*) FROM trades WHERE run_id = ?1",
                "SELECT COUNT(*) FROM equity WHERE run_id = ?1")) {
            try (PreparedStatement ps = connection.prepareStatement(query)) {
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
