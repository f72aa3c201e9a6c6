package kairos.ops.journal;

import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.execution.TradeRecord;
import kairos.engine.domain.Side;
import kairos.engine.kernel.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteJournalTest {
    @TempDir
    Path store;

    static Decision decision(String id, String status) throws IOException {
        return DecisionsJsonl.fromJson("{\"id\":\"" + id + "\",\"ts\":\"2025-05-04T15:35:00Z\",\"symbol\":\"SOLUSDT\","
                + "\"trigger\":\"bar_close\",\"rules_fired\":[\"A\",\"B\"],\"vetoes\":[],\"proposal\":null,"
                + "\"verdict\":{\"status\":\"" + status + "\",\"reason\":\"r\"},\"ruleset_hash\":\"abc\",\"model_version\":\"none\"}");
    }

    static TradeRecord trade(String id) {
        return new TradeRecord(id, "SOLUSDT", Side.Buy, "momentum_burst", "Momentum burst long", 0, 100, 60_000, 102,
                2, 4, 0.5, 0.1, 3.4, "tp1", 2);
    }

    static SqliteJournal.Run run() {
        return new SqliteJournal.Run("backtest", "bybit", List.of("SOLUSDT"), "5m", Instant.EPOCH,
                Instant.ofEpochSecond(600), "abc", "none", "{\"trades\":1}");
    }

    @Test
    void aRunIsJournaledWholeAndDecisionsReadBack() throws IOException {
        try (SqliteJournal j = SqliteJournal.open(store)) {
            assertThat(j.file()).isEqualTo(store.resolve("journal.db"));
            long first = j.record(run(), List.of(decision("SOLUSDT-1", "none"), decision("SOLUSDT-2", "accepted")),
                    List.of(trade("T1")), List.of(new EquityPoint(0, 10_000, false), new EquityPoint(60_000, 10_003.4, true)),
                    Instant.parse("2026-11-25T00:00:00Z"));
            assertThat(j.counts(first)).containsExactly(2L, 1L, 2L);
            long second = j.record(run(), List.of(decision("SOLUSDT-2", "vetoed")), List.of(), List.of(),
                    Instant.parse("2026-11-25T00:01:00Z"));
            assertThat(second).isGreaterThan(first);
            assertThat(j.decision("SOLUSDT-2")).get().satisfies(d -> {
                assertThat(d.verdict().status()).isEqualTo("vetoed"); // the latest run wins
                assertThat(d.rulesFired()).containsExactly("A", "B");
            });
            assertThat(j.decision("SOLUSDT-1")).get().extracting(Decision::ts).isEqualTo("2025-05-04T15:35:00Z");
            assertThat(j.decision("nope")).isEmpty();
        }
        try (SqliteJournal reopened = SqliteJournal.open(store)) { // migrations run once; data stays
            assertThat(reopened.counts(1)).containsExactly(2L, 1L, 2L);
        }
    }

    @Test
    void aFailingRunLeavesNothingBehind() throws IOException {
        try (SqliteJournal j = SqliteJournal.open(store)) {
            // two trades with the same id violate the primary key: the whole run is rolled back
            assertThatThrownBy(() -> j.record(run(), List.of(decision("SOLUSDT-9", "none")), List.of(trade("T1"), trade("T1")),
                    List.of(), Instant.EPOCH)).hasMessageContaining("not journaled");
            assertThat(j.decision("SOLUSDT-9")).isEmpty();
            long ok = j.record(run(), List.of(), List.of(trade("T1")), List.of(), Instant.EPOCH);
            assertThat(j.counts(ok)).containsExactly(0L, 1L, 0L);
        }
    }

    @Test
    void unusableStoresAndBrokenRecordsAreClearErrors() throws IOException {
        Path notADir = java.nio.file.Files.writeString(store.resolve("file"), "x");
        assertThatThrownBy(() -> SqliteJournal.open(notADir)).hasMessageContaining("cannot create the store folder");
        Path db = java.nio.file.Files.createDirectories(store.resolve("s"));
        java.nio.file.Files.writeString(db.resolve(SqliteJournal.FILE), "this is not a database");
        assertThatThrownBy(() -> SqliteJournal.open(db)).isInstanceOf(RuntimeException.class);
        SqliteJournal j = SqliteJournal.open(store.resolve("ok"));
        long id = j.record(run(), List.of(decision("SOLUSDT-1", "none")), List.of(), List.of(), Instant.EPOCH);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + j.file());
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE decision_blocks SET data = X'0badf00d' WHERE run_id = " + id);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> j.decision("SOLUSDT-1")).hasMessageContaining("cannot be read")
                .hasMessageContaining("journal prune");
        j.close();
        assertThatThrownBy(() -> j.decision("SOLUSDT-1")).hasMessageContaining("cannot read the journal");
        assertThatThrownBy(() -> j.counts(id)).hasMessageContaining("cannot read the journal");
        assertThatThrownBy(() -> j.record(run(), List.of(), List.of(), List.of(), Instant.EPOCH))
                .hasMessageContaining("not journaled");
    }
}
