package kairos.ops.journal;

import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderManager;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.Portfolio;
import kairos.engine.kernel.KernelState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStateJournalTest {
    @TempDir
    Path store;

    static final Instant STARTED = Instant.parse("2026-12-01T00:00:00Z");

    static SqliteJournal.Run paper() {
        return new SqliteJournal.Run("paper", "bybit", List.of("SOLUSDT"), "5m", STARTED, STARTED, "h0", "none", null);
    }

    static KernelState state(long time, String hash, double cash) {
        Portfolio p = new Portfolio(10_000, 5);
        Portfolio.State s = p.state(20);
        Portfolio.State account = new Portfolio.State(s.initialEquity(), s.leverage(), cash, s.realized(), s.feesPaid(),
                s.fundingPaid(), 3, s.positions(), s.recentTrades(), List.of("e1"));
        return new KernelState(KernelState.VERSION, time, time - 1, hash, "none",
                new KernelState.Risk(10_100, 10_050, time / 86_400_000, 0, ""), account,
                new OrderManager.State(7, List.of(), List.of(), List.of(), time));
    }

    static Fill fill(String execId, long time) {
        return new Fill(execId, "K-1", "SOLUSDT", Side.Buy, 2.5, 150.25, 0.19, false, time, OrderPurpose.ENTRY, "entry");
    }

    @Test
    void eachSaveIsTheNewStateWithItsFillsTradesAndDecisions() throws IOException, SQLException {
        long runId;
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper-1", paper(), STARTED)) {
            runId = j.runId();
            assertThat(j.file()).isEqualTo(store.resolve("journal.db"));
            assertThat(j.load()).isEmpty(); // a new session has no state yet
            j.save(state(1_000, "h1", 9_000), List.of(fill("e1", 1_000)), List.of(SqliteJournalTest.trade("T1")),
                    List.of(SqliteJournalTest.decision("SOLUSDT-1", "accepted")));
            // a duplicated execution is journaled once; the trade's newer record replaces the older
            j.save(state(2_000, "h2", 9_500), List.of(fill("e1", 1_000), fill("e2", 2_000)),
                    List.of(SqliteJournalTest.trade("T1").withExitDecision("SOLUSDT-2")),
                    List.of(SqliteJournalTest.decision("SOLUSDT-2", "none")));
            assertThat(j.fillIds()).containsExactly("e1", "e2");
            // quantities and prices as the venue wrote them, times in UTC (what fills.csv of a session is made of)
            assertThat(j.fills()).containsExactly(
                    new SqliteStateJournal.JournaledFill("e1", "K-1", "SOLUSDT", "Buy", "2.5", "150.25", 0.19, false,
                            "1970-01-01T00:00:01Z"),
                    new SqliteStateJournal.JournaledFill("e2", "K-1", "SOLUSDT", "Buy", "2.5", "150.25", 0.19, false,
                            "1970-01-01T00:00:02Z"));
            assertThat(j.counts()).containsExactly(2L, 1L, 0L);
            KernelState back = j.load().orElseThrow();
            assertThat(back).isEqualTo(state(2_000, "h2", 9_500));
        }
        // the restart: the same name continues the same run, its decisions numbered after the last one
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper-1", paper(), STARTED.plusSeconds(60))) {
            assertThat(j.runId()).isEqualTo(runId);
            assertThat(j.load()).get().extracting(KernelState::time).isEqualTo(2_000L);
            j.save(state(3_000, "h3", 9_600), List.of(), List.of(), List.of(SqliteJournalTest.decision("SOLUSDT-3", "none")));
            assertThat(j.counts()).containsExactly(3L, 1L, 0L);
        }
        try (SqliteJournal journal = SqliteJournal.open(store)) {
            assertThat(journal.decision("SOLUSDT-3")).isPresent();
        }
        assertThat(query("SELECT exit_decision FROM trades WHERE id = 'T1'")).isEqualTo("SOLUSDT-2");
        assertThat(query("SELECT ruleset_hash || ' ' || range_end FROM runs WHERE id = " + runId))
                .isEqualTo("h3 1970-01-01T00:00:03Z");
        assertThat(query("SELECT saves || ' ' || mode FROM sessions WHERE name = 'paper-1'")).isEqualTo("3 paper");
        try (SqliteStateJournal other = SqliteStateJournal.open(store, "paper-2", paper(), STARTED)) {
            assertThat(other.runId()).isNotEqualTo(runId);
            assertThat(other.load()).isEmpty();
        }
    }

    static KernelState withAccount(KernelState k, List<kairos.engine.execution.TradeRecord> trades, List<String> execIds) {
        Portfolio.State p = k.portfolio();
        return new KernelState(k.version(), k.time(), k.lastEventTime(), k.rulesetHash(), k.modelVersion(), k.risk(),
                new Portfolio.State(p.initialEquity(), p.leverage(), p.cash(), p.realized(), p.feesPaid(), p.fundingPaid(),
                        p.tradeSeq(), p.positions(), trades, execIds), k.orders());
    }

    @Test
    void theRecentTradesAndBookedExecutionIdsAreWrittenBesideTheStateOnlyWhenTheyChange() throws Exception {
        var t1 = SqliteJournalTest.trade("T1");
        var t2 = SqliteJournalTest.trade("T2");
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            KernelState first = withAccount(state(1_000, "h1", 9_000), List.of(t1), List.of("e1", "e2"));
            j.save(first, List.of(), List.of(), List.of());
            assertThat(j.load()).hasValue(first);
            assertThat(query("SELECT state_json FROM sessions")).contains("\"recentTrades\":[]", "\"recentExecIds\":[]");
            // unchanged parts are not written again: a marker put in their place stays
            update("UPDATE sessions SET trades_json = '[]', exec_ids_json = '[\"marker\"]'");
            j.save(withAccount(state(2_000, "h1", 9_100), List.of(t1), List.of("e1", "e2")), List.of(), List.of(), List.of());
            assertThat(j.load().orElseThrow().portfolio().recentExecIds()).containsExactly("marker");
            assertThat(j.load().orElseThrow().portfolio().recentTrades()).isEmpty();
            KernelState third = withAccount(state(3_000, "h1", 9_200), List.of(t1.withExitDecision("d"), t2),
                    List.of("e1", "e2", "e3"));
            j.save(third, List.of(), List.of(), List.of());
            assertThat(j.load()).hasValue(third);
        }
        // a state journaled before the parts had columns of their own holds them itself
        KernelState old = withAccount(state(4_000, "h1", 9_300), List.of(t2), List.of("e9"));
        update("UPDATE sessions SET trades_json = NULL, exec_ids_json = NULL, state_json = '"
                + kairos.engine.execution.StateJson.write(old).replace("'", "''") + "'");
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            assertThat(j.load()).hasValue(old);
        }
    }

    @Test
    void aFailedSaveChangesNothing() throws Exception {
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            j.save(state(1_000, "h1", 9_000), List.of(fill("e1", 1_000)), List.of(), List.of());
            // the decisions' insert fails after the state, the fill and the trade were written: all of it is rolled back
            update("CREATE TRIGGER full BEFORE INSERT ON decision_blocks BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            assertThatThrownBy(() -> j.save(state(2_000, "h2", 1), List.of(fill("e2", 2_000)),
                    List.of(SqliteJournalTest.trade("T1")), List.of(SqliteJournalTest.decision("SOLUSDT-9", "none"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("journal.db").hasMessageContaining("the state of session 'paper' was not saved");
            assertThat(j.load()).get().extracting(KernelState::time).isEqualTo(1_000L);
            assertThat(j.fillIds()).containsExactly("e1");
            assertThat(j.counts()).containsExactly(0L, 0L, 0L);
            update("DROP TRIGGER full");
            j.save(state(2_000, "h2", 1), List.of(fill("e2", 2_000)), List.of(), List.of(SqliteJournalTest.decision("SOLUSDT-9", "none")));
            assertThat(j.counts()).containsExactly(1L, 0L, 0L);
        }
    }

    @Test
    void aStateOfAnotherVersionOrUnreadableIsRefusedByName() throws Exception {
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            j.save(state(1_000, "h1", 9_000), List.of(), List.of(), List.of());
        }
        update("UPDATE sessions SET state_json = replace(state_json, '\"version\":1', '\"version\":99')");
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            assertThatThrownBy(j::load).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("session 'paper' holds a state of version 99, this Kairos reads version 1");
        }
        update("UPDATE sessions SET state_json = '{\"version\": oops'");
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            assertThatThrownBy(j::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("session 'paper'");
        }
    }

    @Test
    void aJournalThatIsNotADatabaseIsAClearError() throws Exception {
        java.nio.file.Files.writeString(store.resolve("journal.db"), "not a database, just text ".repeat(200));
        assertThatThrownBy(() -> SqliteStateJournal.open(store, "paper", paper(), STARTED))
                .hasMessageContaining("journal.db: cannot open the journal: [SQLITE_NOTADB]");
    }

    private String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("journal.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("journal.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    @Test
    void aSessionsRunIsNeverPrunedOrDeleted() throws Exception {
        long session;
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            session = j.runId();
        }
        try (SqliteJournal journal = SqliteJournal.open(store)) {
            for (int i = 0; i < 3; i++) {
                journal.record(new SqliteJournal.Run("backtest", "bybit", java.util.List.of("SOLUSDT"), "5m", STARTED,
                        STARTED, "h", "none", "{}"), java.util.List.of(), java.util.List.of(), java.util.List.of(), STARTED);
            }
            java.util.List<SqliteJournal.RunInfo> pruned = journal.prune(1, true);
            assertThat(pruned).hasSize(2).noneMatch(r -> r.id() == session);
            assertThat(journal.runs()).extracting(SqliteJournal.RunInfo::id).contains(session).hasSize(2);
            assertThat(journal.delete(java.util.List.of(session), true)).as("a session's run is not deleted").isEmpty();
            assertThat(journal.runs()).extracting(SqliteJournal.RunInfo::id).contains(session);
            assertThatThrownBy(() -> journal.prune(-1, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keep must be >= 0");
        }
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            assertThat(j.runId()).as("the session resumes on its run").isEqualTo(session);
        }
    }

    @Test
    void aSessionsCommitsNeverCheckpointTheWalItsCheckpointerDoes() throws SQLException, IOException {
        Path wal = store.resolve("journal.db-wal");
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            j.checkpointApart(0);   // no rounds: only when asked
            j.checkpointApart(0);   // once: a second call keeps the first checkpointer
            try (Statement st = j.connection().createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the saving connection's automatic checkpoint").isZero();
            }
            // more than the 1,000 pages at which a commit would checkpoint by itself: the WAL keeps every frame
            for (int i = 1; i <= 400; i++) {
                j.save(state(i * 1_000L, "h" + i, 9_000 + i), List.of(fill("e" + i, i * 1_000L)), List.of(),
                        List.of(SqliteJournalTest.decision("SOLUSDT-" + i, "none")));
            }
            long[] answer = j.checkpointer().checkpoint();
            assertThat(answer[0]).as("busy").isZero();
            assertThat(answer[1]).as("frames in the WAL: every commit's, none checkpointed by a commit").isGreaterThan(1_000);
            assertThat(answer[2]).as("all of them now in the database").isEqualTo(answer[1]);
            j.save(state(401_000, "h401", 9_401), List.of(), List.of(), List.of());
            // the commit after a full checkpoint starts the WAL over, cut back to the size limit
            assertThat(j.checkpointer().checkpoint()[1]).isLessThan(20);
            assertThat(java.nio.file.Files.size(wal)).isLessThanOrEqualTo(SqliteJournal.WAL_LIMIT_BYTES + 65_536);
        }
        // closed with a last checkpoint: everything is in the database file
        assertThat(java.nio.file.Files.exists(wal) ? java.nio.file.Files.size(wal) : 0).isZero();
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            assertThat(j.load()).get().extracting(KernelState::time).isEqualTo(401_000L);
            assertThat(j.fillIds()).hasSize(400);
        }
    }

    @Test
    void theCheckpointersRoundsRunOnItsOwnThread() {
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            j.checkpointApart(1);
            j.save(state(1_000, "h1", 9_000), List.of(), List.of(), List.of());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> j.checkpointer().rounds() >= 1);
        }
    }

    @Test
    void theCheckpointerChecksOnlyAfterSavesAndAFailedRoundLosesNothing() throws SQLException {
        try (SqliteStateJournal j = SqliteStateJournal.open(store, "paper", paper(), STARTED)) {
            j.checkpointApart(0);
            WalCheckpointer c = j.checkpointer();
            c.round();
            assertThat(c.rounds()).as("nothing saved: no checkpoint").isZero();
            j.save(state(500, "h0", 9_000), List.of(), List.of(), List.of());
            c.round();
            assertThat(c.failing()).isFalse();
            assertThat(c.rounds()).as("a save since the last round: checkpointed").isEqualTo(1);
            assertThat(c.pending()).isZero();
            c.round();
            assertThat(c.rounds()).as("nothing since").isEqualTo(1);
            c.saved();
            c.saved();
            // the checkpointer's connection gone (as a file it can no longer open would be): the rounds fail, say so,
            // and keep the saves they wait for; the session's saves go on
            c.connection().close();
            c.round();
            c.round();
            assertThat(c.failing()).isTrue();
            assertThat(c.rounds()).isEqualTo(1);
            assertThat(c.pending()).isEqualTo(2);
            j.save(state(1_000, "h1", 9_000), List.of(), List.of(), List.of());
            assertThat(j.load()).isPresent();
        }
    }
}
