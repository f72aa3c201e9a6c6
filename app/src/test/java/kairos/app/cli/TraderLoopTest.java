package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Timeframe;
import kairos.ops.journal.SqliteJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop a trader lives in, on a scratch home whose bundled data is four days of the real Bybit 5m data: the
 * README's steps (a 1m import, then the default backtest), deleting data, refusals on import, which run explain
 * shows, the journal's list and prune, a filter blocked by a NaN input reported, record without network.
 */
class TraderLoopTest {
    @TempDir
    static Path tmp;
    static Path home;

    @BeforeAll
    static void home() {
        home = CliHarness.slicedHome(tmp, "bybit", Timeframe.M5, "2025-06-01T00:00:00Z", "2025-06-05T00:00:00Z");
    }

    /** 1m SOLUSDT candles for six hours of 2025-06-02, a gentle random walk around 155. */
    static Path oneMinuteCsv(Path dir, double jumpAt300) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,open,high,low,close,volume\n");
        long t = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
        double price = 155;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 360; i++) {
            double open = price;
            double close = i == 300 ? price * jumpAt300 : price * (1 + random.nextGaussian() * 0.001);
            double high = Math.max(open, close) * 1.0005;
            double low = Math.min(open, close) * 0.9995;
            csv.append(Instant.ofEpochMilli(t + i * 60_000L)).append(',').append(String.format(Locale.ROOT,
                    "%.4f,%.4f,%.4f,%.4f,%.1f%n", open, high, low, close, 100 + random.nextDouble() * 50));
            price = close;
        }
        Path file = dir.resolve("my-candles-" + jumpAt300 + ".csv");
        Files.writeString(file, csv.toString());
        return file;
    }

    @Test
    void aOneMinuteImportThenTheDefaultBacktestRunsAndSaysWhatItFed() throws IOException {
        Path h = CliHarness.slicedHome(tmp.resolve("readme"), "bybit", Timeframe.M5, "2025-06-01T00:00:00Z", "2025-06-04T00:00:00Z");
        CliHarness.Result imported = CliHarness.run(h, "data", "import", "--symbol", "SOLUSDT", "--timeframe", "1m",
                oneMinuteCsv(tmp, 1.0).toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        Path out = tmp.resolve("readme-bt");
        CliHarness.Result bt = CliHarness.run(h, "backtest", "--out", out.toString());
        assertThat(bt.exit()).as(bt.err()).isZero();
        assertThat(bt.err()).contains("the context symbols have no 1m bars (BTCUSDT: finest 5m)",
                "every symbol is fed 5m bars (SOLUSDT 5m as stored)", "--context ''");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("feed_timeframe").asText()).isEqualTo("5m");
        assertThat(s.get("context_symbols").toString()).contains("BTCUSDT");
        assertThat(s.get("bars_processed").asLong()).isEqualTo(3 * 288);
        // without the context the 1m bars are fed
        CliHarness.Result alone = CliHarness.run(h, "backtest", "--context", "", "--out", tmp.resolve("readme-1m").toString());
        assertThat(alone.exit()).as(alone.err()).isZero();
        assertThat(new ObjectMapper().readTree(tmp.resolve("readme-1m/summary.json").toFile()).get("feed_timeframe").asText())
                .isEqualTo("1m");
    }

    @Test
    void dataDeleteListsFirstAndDeletesASeriesOrARangeWithYes() throws IOException {
        Path store = tmp.resolve("delete-store");
        assertThat(CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "SOLUSDT", "--timeframe",
                "1m", oneMinuteCsv(tmp, 1.0).toString()).exit()).isZero();
        Path series = store.resolve("market/bybit/perp/SOLUSDT/1m.bars.gz");
        byte[] before = Files.readAllBytes(series);
        CliHarness.Result dry = CliHarness.run(home, "data", "delete", "--store", store.toString(), "--symbol", "SOLUSDT",
                "--timeframe", "1m", "--from", "2025-06-02T05:00:00Z");
        assertThat(dry.exit()).isEqualTo(1);
        assertThat(dry.out()).contains("would delete bybit/perp/SOLUSDT/1m: 60 of 360 rows, 2025-06-02T05:00:00Z ..");
        assertThat(dry.err()).contains("nothing deleted", "--yes");
        assertThat(Files.readAllBytes(series)).isEqualTo(before);
        CliHarness.Result range = CliHarness.run(home, "data", "delete", "--store", store.toString(), "--symbol", "SOLUSDT",
                "--timeframe", "1m", "--from", "2025-06-02T05:00:00Z", "--yes");
        assertThat(range.exit()).as(range.err()).isZero();
        assertThat(range.out()).contains("deleted bybit/perp/SOLUSDT/1m: 60 of 360 rows", "60 rows deleted");
        assertThat(CliHarness.run(home, "data", "list", "--store", store.toString()).out())
                .contains("2025-06-02T04:59:00Z", "300");
        CliHarness.Result all = CliHarness.run(home, "data", "delete", "--store", store.toString(), "--symbol", "SOLUSDT", "--yes");
        assertThat(all.out()).contains("(the whole series)");
        assertThat(series).doesNotExist();
        assertThat(CliHarness.run(home, "data", "delete", "--store", store.toString(), "--symbol", "SOLUSDT", "--yes").err())
                .contains("no bybit/perp/SOLUSDT series");
        assertThat(CliHarness.run(home, "data", "delete", "--store", store.toString(), "--symbol", "SOLUSDT", "--from",
                "2025-06-03", "--to", "2025-06-02", "--yes").err()).contains("is not before --to");
    }

    @Test
    void physicallySenselessValuesAreRefusedOnImportUnlessForced() throws IOException {
        Path store = tmp.resolve("plausible-store");
        Path jump = oneMinuteCsv(tmp, 1.6);
        CliHarness.Result refused = CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "SOLUSDT",
                "--timeframe", "1m", jump.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(jump + ":302: close", "60% above the previous bar's close", jump + ":301)",
                "--force");
        assertThat(store.resolve("market")).doesNotExist();
        Path funding = tmp.resolve("funding.csv");
        Files.writeString(funding, "timestamp,rate\n2025-06-01T00:00:00Z,0.0001\n2025-06-01T08:00:00Z,0.06\n");
        CliHarness.Result rate = CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "SOLUSDT",
                funding.toString());
        assertThat(rate.exit()).isEqualTo(1);
        assertThat(rate.err()).contains(funding + ":3: funding rate 0.06 is 6.0% per interval", "--force");
        CliHarness.Result forced = CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "SOLUSDT",
                "--timeframe", "1m", "--force", jump.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        Path negative = tmp.resolve("negative.csv");
        Files.writeString(negative, "timestamp,open,high,low,close,volume\n2025-06-01T00:00:00Z,1,1,-1,1,1\n");
        assertThat(CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "X", "--timeframe", "1m",
                "--force", negative.toString()).err()).as("a negative price is never forced").contains("prices must be positive");
    }

    @Test
    void dataListReadsItsConfigAndSaysWhatTheDefaultBacktestUses() throws IOException {
        CliHarness.Result ok = CliHarness.run(home, "data", "list");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("backtest default (" + home.resolve("config/kairos.yaml") + "): bybit/perp SOLUSDT 5m, context BTCUSDT");
        Path cfg = tmp.resolve("list.yaml");
        Files.writeString(cfg, Files.readString(home.resolve("config/kairos.yaml")).replace("symbols: [SOLUSDT]", "symbols: [ETHUSDT]"));
        assertThat(CliHarness.run(home, "data", "list", "--config", cfg.toString()).out()).contains("bybit/perp ETHUSDT 5m");
        CliHarness.Result missing = CliHarness.run(home, "data", "list", "--config", tmp.resolve("none.yaml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("none.yaml: no such config file");
    }

    @Test
    void explainSaysWhichRunItShowsAndTakesTheLatestOfSeveral() throws IOException {
        Path h = CliHarness.slicedHome(tmp.resolve("explain"), "bybit", Timeframe.M5, "2025-06-01T00:00:00Z", "2025-06-03T00:00:00Z");
        Path out = tmp.resolve("explain-bt");
        assertThat(CliHarness.run(h, "backtest", "--out", out.toString()).exit()).isZero();
        assertThat(CliHarness.run(h, "backtest", "--out", out.toString()).exit()).isZero();
        String id = Files.readAllLines(out.resolve("decisions.jsonl")).get(100).replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        CliHarness.Result fromFile = CliHarness.run(h, "explain", "--decision", id, "--out", out.toString());
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).startsWith("Source: " + out.resolve("decisions.jsonl") + " (backtest bybit SOLUSDT 5m, "
                + "2025-06-01T00:00:00Z .. 2025-06-03T00:00:00Z, ruleset ").contains("Decision " + id);
        CliHarness.Result fromJournal = CliHarness.run(h, "explain", "--decision", id);
        assertThat(fromJournal.exit()).as(fromJournal.err()).isZero();
        assertThat(fromJournal.out()).contains("Source: journal " + h.resolve("store/journal.db") + ", run 2 (backtest bybit "
                + "SOLUSDT 5m, 2025-06-01T00:00:00Z .. 2025-06-03T00:00:00Z", "Note: " + id + " is in 2 runs [2, 1]; this is the latest",
                "Decision " + id);
        assertThat(CliHarness.run(h, "explain", "--decision", id, "--run", "1").out()).contains(", run 1 (", "this is run 1");
        assertThat(CliHarness.run(h, "explain", "--decision", id, "--run", "7").err()).contains("no such decision in run 7",
                "runs that have it: [2, 1]");
    }

    @Test
    void theJournalListsItsRunsKeepsTheNewestAndPrunesOnRequest() throws IOException {
        Path h = CliHarness.slicedHome(tmp.resolve("journal"), "bybit", Timeframe.M5, "2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z");
        Path cfg = h.resolve("config/kairos.yaml");
        Files.writeString(cfg, Files.readString(cfg).replace("keep_runs: 10", "keep_runs: 2"));
        for (int i = 0; i < 3; i++) {
            CliHarness.Result r = CliHarness.run(h, "backtest", "--out", tmp.resolve("journal-bt").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            if (i == 2) {
                assertThat(r.err()).contains("journaled as run 3", "pruned 1 older run, keeping 2: journal.keep_runs");
            }
        }
        CliHarness.Result list = CliHarness.run(h, "journal", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("bybit", "SOLUSDT", "288", "2 runs in " + h.resolve("store/journal.db"),
                "the newest 2 are kept").containsPattern("(?m)^\\s+2\\s").containsPattern("(?m)^\\s+3\\s")
                .doesNotContainPattern("(?m)^\\s+1\\s");
        CliHarness.Result dry = CliHarness.run(h, "journal", "prune", "--keep", "1");
        assertThat(dry.exit()).isEqualTo(1);
        assertThat(dry.out()).contains("would delete run 2");
        try (SqliteJournal j = SqliteJournal.open(h.resolve("store"))) {
            assertThat(j.runs()).hasSize(2);
        }
        CliHarness.Result pruned = CliHarness.run(h, "journal", "prune", "--keep", "1", "--yes");
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("deleted run 2", "1 run deleted, 1 kept");
        try (SqliteJournal j = SqliteJournal.open(h.resolve("store"))) {
            assertThat(j.runs()).extracting(SqliteJournal.RunInfo::id).containsExactly(3L);
        }
        assertThat(CliHarness.run(h, "journal", "list", "--store", tmp.resolve("no-journal").toString()).out()).contains("no journal");
    }

    @Test
    void aFilterThatBlocksEveryDecisionOnANaNInputIsReportedAtTheEnd() throws IOException {
        Path out = tmp.resolve("nan-bt");
        CliHarness.Result r = CliHarness.run(home, "backtest", "--context", "", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("kairos: warning: the filter 'Market: BTC correlation' \\(market tier\\) vetoed all "
                + "[1-9][0-9,]* proposals for SOLUSDT because its input was NaN").contains("correlation with BTC NaN not below 0.8");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("warnings")).hasSize(1);
        assertThat(s.get("warnings").get(0).asText()).contains("Market: BTC correlation");
        assertThat(Files.readString(out.resolve("report.html"))).containsPattern("vetoed all [1-9][0-9,]* proposals for SOLUSDT");
        // with its context symbol the same filter has an input, and nothing is reported
        Path with = tmp.resolve("nan-bt-context");
        CliHarness.Result ok = CliHarness.run(home, "backtest", "--out", with.toString());
        assertThat(ok.err()).doesNotContain("warning:");
        assertThat(new ObjectMapper().readTree(with.resolve("summary.json").toFile()).get("warnings")).isEmpty();
    }

    @Test
    void anOutputFolderHoldingOtherFilesIsRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("my-notes"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliHarness.Result r = CliHarness.run(home, "backtest", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + out + ": the folder holds files this command does not write (notes.txt)");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".my-notes")).toList()).isEmpty();
        }
    }

    @Test
    void recordWithoutNetworkNamesTheHostAndGivesUp() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: connections are refused
        }
        Path cfg = tmp.resolve("offline.yaml");
        Files.writeString(cfg, Files.readString(home.resolve("config/kairos.yaml"))
                .replace("wss://stream.bybit.com/v5/public/linear", "ws://127.0.0.1:" + port + "/v5/public/linear")
                .replace("connect_attempts: 6", "connect_attempts: 2"));
        long t0 = System.nanoTime();
        CliHarness.Result r = CliHarness.run(home, "record", "--config", cfg.toString(), "--duration", "10m", "--out",
                tmp.resolve("rec.jsonl.gz").toString());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach 127.0.0.1:" + port, "after 2 connection attempts in a row",
                "bybit.connect_attempts");
        assertThat(seconds).as("gives up after its attempts, not after --duration").isLessThan(30);
        List<String> attempts = new ArrayList<>();
        for (String line : r.err().split("\n")) {
            if (line.contains("connect failed")) {
                attempts.add(line);
            }
        }
        assertThat(attempts).hasSize(2);
    }
}
