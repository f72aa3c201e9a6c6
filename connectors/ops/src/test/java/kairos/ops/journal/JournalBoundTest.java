package kairos.ops.journal;

import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.EquityPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal stays bounded: a default backtest's worth of decision audits (34,860 decision points of 5m bars over
 * four months, with their facts at full precision) and equity points takes less than 10 MB including the
 * write-ahead log; runs are kept to a number and pruned; decisions read back equal.
 */
class JournalBoundTest {
    @TempDir
    Path store;

    /** Real audit records of a default backtest (none, vetoed, accepted, exit), as templates. */
    static List<String> templates() throws IOException {
        try (InputStream in = JournalBoundTest.class.getResourceAsStream("/journal/decision-templates.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /**
     * {@code n} decisions like a default backtest's: ids and times every 5 minutes, the templates' verdicts in the
     * proportions of a real run (mostly "none"), every number of the facts replaced by a seeded random walk at full
     * double precision and the numbers of the veto reasons by random ones, so they compress about as real ones do
     * (the real 34,860 of the bundled data: 6.2 MB of blocks).
     */
    static List<Decision> realistic(int n, long seed) throws IOException {
        List<String> t = templates();
        Random random = new Random(seed);
        double price = 150;
        java.util.Map<String, Double> walk = new java.util.HashMap<>();
        List<Decision> out = new ArrayList<>(n);
        long start = Instant.parse("2025-04-11T00:05:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(100);
            String line = t.get(pick < 80 ? 0 : pick < 95 ? 1 : pick < 98 ? 2 : 3);
            Decision d = DecisionsJsonl.fromJson(line);
            price *= 1 + random.nextGaussian() * 0.002;
            StringBuilder facts = new StringBuilder();
            for (String token : d.facts().split(" ")) {
                String key = token.substring(0, token.indexOf('='));
                // like the real columns: prices to the cent, indicators moving a little from bar to bar at full precision
                double previous = walk.getOrDefault(key, 20 + random.nextDouble() * 40);
                double value = switch (key) {
                    case "close", "open", "high", "low" -> Math.round(price * (1 + random.nextGaussian() * 0.001) * 100) / 100.0;
                    case "ema_21", "ema_55", "vp_poc_120", "vp_vah_120", "vp_val_120" -> price * (1 + random.nextGaussian() * 0.002);
                    case "vol" -> Math.round(random.nextDouble() * 50_000 * 10) / 10.0;
                    case "ms_trend_2" -> random.nextInt(3) - 1;
                    default -> previous + random.nextGaussian() * previous * 0.05;
                };
                walk.put(key, value);
                facts.append(facts.isEmpty() ? "" : " ").append(key).append('=').append(value);
            }
            long ts = start + i * 300_000L;
            String id = "SOLUSDT-" + ts;
            List<Decision.VetoRecord> vetoes = d.vetoes().stream().map(v -> new Decision.VetoRecord(v.tier(), v.rule(),
                    v.reason().replaceAll("[0-9]+\\.[0-9]+|NaN", String.format(Locale.ROOT, "%.1f", random.nextDouble() * 60)),
                    v.side())).toList();
            out.add(new Decision(id, Instant.ofEpochMilli(ts).toString(), d.symbol(), d.trigger(), d.rulesFired(), vetoes,
                    d.proposal(), d.verdict(), d.exits(), d.patterns(), facts.toString(), d.rulesetHash(), d.modelVersion(),
                    d.actions(), d.sizeFactors(), d.skipped(), Long.toHexString(random.nextLong())));
        }
        return out;
    }

    static List<EquityPoint> equity(int n, long seed) {
        Random random = new Random(seed);
        List<EquityPoint> out = new ArrayList<>(n);
        double e = 10_000;
        long start = Instant.parse("2025-04-11T00:05:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            boolean in = random.nextInt(10) == 0;
            e += in ? random.nextGaussian() * 5 : 0;
            out.add(new EquityPoint(start + i * 300_000L, e, in));
        }
        return out;
    }

    static SqliteJournal.Run run(String summary) {
        return new SqliteJournal.Run("backtest", "bybit", List.of("SOLUSDT"), "5m",
                Instant.parse("2025-04-11T00:00:00Z"), Instant.parse("2025-08-10T01:00:00Z"), "abc", "none", summary);
    }

    @Test
    void aDefaultBacktestTakesLessThanTenMegabytesWithItsWriteAheadLog() throws IOException {
        List<Decision> decisions = realistic(34_860, 23);
        long json = decisions.stream().mapToLong(d -> {
            try {
                return DecisionsJsonl.toJson(d).length();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).sum();
        assertThat(json).as("the audits as JSON text").isGreaterThan(55_000_000L);
        try (SqliteJournal j = SqliteJournal.open(store)) {
            long id = j.record(run("{}"), decisions, List.of(), equity(34_860, 5), Instant.EPOCH);
            long size = Files.size(store.resolve(SqliteJournal.FILE)) + walSize();
            assertThat(size).as("journal.db + journal.db-wal after one default-sized run").isLessThan(10_000_000L);
            assertThat(walSize()).as("the write-ahead log is truncated after the run").isLessThanOrEqualTo(SqliteJournal.WAL_LIMIT_BYTES);
            assertThat(j.counts(id)).containsExactly(34_860L, 0L, 34_860L);
            assertThat(j.decisions(id)).isEqualTo(decisions);
            assertThat(j.find(decisions.get(20_000).id())).get().extracting(SqliteJournal.Found::decision)
                    .isEqualTo(decisions.get(20_000));
        }
    }

    private long walSize() throws IOException {
        Path wal = store.resolve(SqliteJournal.FILE + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @Test
    void blocksRoundTripEveryKindOfRecord() throws IOException {
        List<Decision> decisions = new ArrayList<>(realistic(2_500, 7)); // three blocks, the last one partial
        Decision odd = decisions.get(3);
        decisions.set(3, new Decision(odd.id(), odd.ts(), odd.symbol(), odd.trigger(), odd.rulesFired(), odd.vetoes(),
                odd.proposal(), odd.verdict(), odd.exits(), odd.patterns(), null, odd.rulesetHash(), odd.modelVersion(),
                odd.actions(), odd.sizeFactors(), odd.skipped(), null));
        decisions.set(4, new Decision("rules-1-swapped", odd.ts(), "*", "rules_reload", List.of(), List.of(), null,
                new Decision.Verdict("swapped", "x", null, null, null), List.of(), List.of(), "", "h", "none", List.of(),
                List.of(), List.of(), null));
        decisions.set(2_100, new Decision(odd.id() + "-t", odd.ts(), odd.symbol(), odd.trigger(), odd.rulesFired(),
                odd.vetoes(), odd.proposal(), odd.verdict(), odd.exits(), odd.patterns(), "a\tb\nc  d ", odd.rulesetHash(),
                odd.modelVersion(), odd.actions(), odd.sizeFactors(), odd.skipped(), "x"));
        try (SqliteJournal j = SqliteJournal.open(store)) {
            long id = j.record(run("{}"), decisions, List.of(), List.of(), Instant.EPOCH);
            assertThat(j.decisions(id)).isEqualTo(decisions);
            assertThat(j.find("rules-1-swapped")).get().extracting(f -> f.decision().facts()).isEqualTo("");
            assertThat(j.find(odd.id() + "-t")).get().extracting(f -> f.decision().facts()).isEqualTo("a\tb\nc  d ");
        }
    }

    @Test
    void pruneKeepsTheNewestRunsAndFindSaysWhichRunsHaveAnId() throws IOException, SQLException {
        List<Decision> decisions = realistic(300, 11);
        try (SqliteJournal j = SqliteJournal.open(store)) {
            for (int i = 0; i < 5; i++) {
                j.record(run("{\"run\":" + i + "}"), decisions, List.of(), equity(300, i), Instant.EPOCH);
            }
            SqliteJournal.Found found = j.find(decisions.get(7).id()).orElseThrow();
            assertThat(found.run().id()).isEqualTo(5);
            assertThat(found.runsWithId()).containsExactly(5L, 4L, 3L, 2L, 1L);
            assertThat(found.run().decisions()).isEqualTo(300);
            assertThat(j.prune(2, false)).extracting(SqliteJournal.RunInfo::id).containsExactly(1L, 2L, 3L);
            assertThat(j.runs()).hasSize(5); // a dry run changes nothing
            assertThat(j.prune(2, true)).extracting(SqliteJournal.RunInfo::id).containsExactly(1L, 2L, 3L);
            assertThat(j.runs()).extracting(SqliteJournal.RunInfo::id).containsExactly(4L, 5L);
            assertThat(j.counts(1)).containsExactly(0L, 0L, 0L);
            assertThat(j.find(decisions.get(7).id()).orElseThrow().runsWithId()).containsExactly(5L, 4L);
            assertThat(j.freeFraction()).isGreaterThan(0.3);
            long before = j.sizeOnDisk();
            j.vacuum();
            assertThat(j.sizeOnDisk()).isLessThan(before);
            assertThat(j.freeFraction()).isZero();
            assertThat(j.prune(0, true)).hasSize(2);
            assertThat(j.runs()).isEmpty();
        }
    }

    @Test
    void aJournalWrittenBeforeTheCompactFormStillReadsAndPrunes() throws IOException, SQLException {
        // a journal as the V1 schema left it: migrated to V1 only, a run whose decisions are JSON rows
        Path old = store.resolve("old");
        Files.createDirectories(old);
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + old.resolve(SqliteJournal.FILE));
        org.flywaydb.core.Flyway.configure(SqliteJournal.class.getClassLoader()).dataSource(ds)
                .locations("classpath:db/journal").target("1").load().migrate();
        Decision d = realistic(1, 3).getFirst();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO runs (kind, recorded_at, exchange, symbols, timeframe, range_start, range_end, "
                    + "ruleset_hash, model_version) VALUES ('backtest','t','bybit','SOLUSDT','5m','a','b','h','none')");
            st.execute("INSERT INTO decisions VALUES (1, 0, '" + d.id() + "', 't', 'SOLUSDT', 'bar_close', 'none', '"
                    + DecisionsJsonl.toJson(d).replace("'", "''") + "')");
        }
        try (SqliteJournal j = SqliteJournal.open(old)) {
            SqliteJournal.Found found = j.find(d.id()).orElseThrow();
            assertThat(found.decision()).isEqualTo(d);
            assertThat(found.run().decisions()).isEqualTo(1);
            assertThat(j.decisions(1)).containsExactly(d);
            long second = j.record(run("{}"), List.of(d), List.of(), List.of(), Instant.EPOCH);
            assertThat(j.find(d.id()).orElseThrow().runsWithId()).containsExactly(second, 1L);
            assertThat(j.prune(1, true)).extracting(SqliteJournal.RunInfo::id).containsExactly(1L);
            assertThat(j.find(d.id()).orElseThrow().run().id()).isEqualTo(second);
        }
    }

    @Test
    void flywayRunsOnlyWhenAMigrationIsMissing() throws SQLException {
        assertThat(SqliteJournal.availableMigrations()).contains("1", "3");
        try (SqliteJournal j = SqliteJournal.open(store)) {
            assertThat(j.runs()).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve(SqliteJournal.FILE))) {
            assertThat(SqliteJournal.upToDate(c)).isTrue();
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM flyway_schema_history WHERE version = '3'");
            }
            assertThat(SqliteJournal.upToDate(c)).as("a migration not applied yet").isFalse();
        }
        try (Connection empty = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("other.db"))) {
            assertThat(SqliteJournal.upToDate(empty)).as("a new file").isFalse();
        }
    }
}
