package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Timeframe;
import kairos.ops.journal.SqliteJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output files are whole or absent, in real processes: a backtest killed with SIGKILL at random moments leaves the
 * previous results or complete new ones, never a mix; SIGTERM stops a backtest or a training at once, writes
 * nothing and exits 0; a rule that never returns ends the run with exit 1 naming the rule, with nothing written
 * and the journal as it was.
 */
class WholeOrAbsentTest {
    @TempDir
    static Path tmp;
    static Path home;
    /** Results of a first run, and how long a run takes. */
    static Path killed;
    static long runMillis;

    @BeforeAll
    static void home() throws IOException, InterruptedException {
        home = CliHarness.slicedHome(tmp, "bybit", Timeframe.M5, "2025-06-01T00:00:00Z", "2025-06-03T00:00:00Z");
        // fills the default store and the compiled cache, so the runs below start alike
        killed = tmp.resolve("killed");
        long t0 = System.nanoTime();
        ProcessHarness.Result first = ProcessHarness.run(home, tmp.resolve("logs/first"), "backtest", "--out", killed.toString());
        runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(first.exit()).as(first.err()).isZero();
    }

    /** File name to bytes of a folder's files (empty when the folder is absent). */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    out.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    static boolean sameFiles(Map<String, byte[]> a, Map<String, byte[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
    }

    /** A complete backtest output: the five files, the summary whole, as many decisions as it says. */
    static void assertComplete(Path dir) throws IOException {
        assertThat(snapshot(dir).keySet()).containsExactlyInAnyOrderElementsOf(BacktestCommand.OUTPUTS);
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(Files.readAllLines(dir.resolve("decisions.jsonl"))).hasSize(s.get("decisions").asInt());
        assertThat(Files.readString(dir.resolve("report.html"))).endsWith("</html>\n");
    }

    @Test
    void aBacktestKilledAtAnyMomentLeavesThePreviousResultsOrTheNewOnesWhole() throws Exception {
        Path out = killed;
        Map<String, byte[]> previous = snapshot(out);
        Random random = new Random(2026);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long delay = (long) (random.nextDouble() * runMillis);
            Process p = ProcessHarness.start(home, tmp.resolve("logs/kill" + i), Map.of(), "backtest", "--out", out.toString());
            Thread.sleep(delay);
            p.destroyForcibly(); // SIGKILL: no handler runs
            p.waitFor(30, TimeUnit.SECONDS);
            Map<String, byte[]> now = snapshot(out);
            if (sameFiles(now, previous)) {
                outcomes.add(delay + " ms: previous results intact");
            } else {
                assertComplete(out); // the new results, whole
                outcomes.add(delay + " ms: new results, whole");
                previous = now;
            }
        }
        assertThat(outcomes).hasSize(3);
        // what a killed run leaves beside the results is put in order by the next one (OutputFolderTest)
        OutputFolder.recover(out);
        assertComplete(out);
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".killed.")).toList()).isEmpty();
        }
    }

    @Test
    void sigtermStopsABacktestAtOnceWritingNothingAndExitsZero() throws Exception {
        Path out = tmp.resolve("stopped");
        long runsBefore = runs();
        Process p = ProcessHarness.start(home, tmp.resolve("logs/term"), Map.of(), "backtest", "--out", out.toString());
        awaitLine(tmp.resolve("logs/term/err.txt"), "kairos: backtest SOLUSDT");
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        ProcessHarness.Result r = ProcessHarness.result(p, tmp.resolve("logs/term"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("kairos backtest: stopped by SIGTERM before the end: nothing was written");
        assertThat(out).doesNotExist();
        assertThat(runs()).as("nothing journaled").isEqualTo(runsBefore);
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p2 -> p2.getFileName().toString()).filter(n -> n.startsWith(".stopped.")).toList()).isEmpty();
        }
    }

    @Test
    void sigtermStopsATrainingWritingNoModel() throws Exception {
        Path models = tmp.resolve("models");
        // training needs 1,000 bars: five days of 5m
        Path trainHome = CliHarness.slicedHome(tmp.resolve("train"), "bybit", Timeframe.M5, "2025-06-01T00:00:00Z",
                "2025-06-06T00:00:00Z");
        Process p = ProcessHarness.start(trainHome, tmp.resolve("logs/train"), Map.of(), "train", "--symbol", "SOLUSDT",
                "--timeframe", "5m", "--out", models.toString(), "--name", "stopped");
        awaitLine(tmp.resolve("logs/train/err.txt"), "first use: importing the bundled data"); // the command has begun
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        ProcessHarness.Result r = ProcessHarness.result(p, tmp.resolve("logs/train"));
        assertThat(r.exit()).as(r.err()).isZero();
        if (r.out().contains("model in ")) {
            // the training was done before the signal: then the model is there whole
            assertThat(snapshot(models.resolve("stopped").resolve(r.out().replaceAll("(?s).*stopped/([^ /]+).*", "$1"))).keySet())
                    .containsExactlyInAnyOrderElementsOf(kairos.engine.ml.ModelFiles.FILES);
        } else {
            assertThat(r.err()).contains("kairos train: stopped by SIGTERM before the end: nothing was written");
            assertThat(models.resolve("stopped")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                    d -> assertThat(snapshot(d)).isEmpty());
        }
    }

    @Test
    void aRuleThatNeverReturnsEndsTheRunWithExitOneNamingItAndWritesNothing() throws Exception {
        Path rules = tmp.resolve("hanging-rules");
        CliHarness.copyTree(home.resolve("rules"), rules);
        Files.writeString(rules.resolve("zz-hang.drl"), """
                package kairos.rules;
                import kairos.engine.rules.MarketState;

                rule "never returns"
                when
                    MarketState(close > 0)
                then
                    long spins = 0;
                    while (spins >= 0) { spins++; }
                end
                """);
        Path cfg = tmp.resolve("budget.yaml");
        Files.writeString(cfg, Files.readString(home.resolve("config/kairos.yaml")).replace("decision_budget_ms: 10000",
                "decision_budget_ms: 3000"));
        long runsBefore = runs();
        Path out = tmp.resolve("hung");
        long t0 = System.nanoTime();
        ProcessHarness.Result r = ProcessHarness.run(home, tmp.resolve("logs/hang"), "backtest", "--config", cfg.toString(),
                "--rules", rules.toString(), "--out", out.toString());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(120);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("kairos backtest: rule 'never returns' (" + rules.resolve("zz-hang.drl") + ":4) did not "
                + "return within the decision budget of 3,000 ms", "nothing of it was written").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
        assertThat(runs()).isEqualTo(runsBefore);
        // rules check reports the scenario that hangs and still checks the others
        Path tests = Files.createDirectories(rules.resolve("tests/zz"));
        Files.writeString(tests.resolve("hang.yaml"), """
                scenarios:
                  - name: any bar hangs
                    given: {market: {close: 150}}
                    expect: {proposals: []}
                """);
        Process checking = ProcessHarness.start(home, tmp.resolve("logs/check"), Map.of("KAIROS_TIMINGS", "1"), "rules",
                "check", rules.toString(), "--config", cfg.toString());
        assertThat(checking.waitFor(5, TimeUnit.MINUTES)).isTrue();
        ProcessHarness.Result check = ProcessHarness.result(checking, tmp.resolve("logs/check"));
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).as("KAIROS_TIMINGS=1: where the time went")
                .containsPattern("kairos: timings: jvm start [0-9.]+ s, rules [0-9.]+ s, scenarios [0-9.]+ s, .*since the JVM started");
        assertThat(check.out()).contains("hang.yaml: scenario 'any bar hangs': did not finish: rule 'never returns' ("
                + rules.resolve("zz-hang.drl") + ":4)");
        // it hung once per file running side by side (at most 4); the other scenarios that reach it fail at once
        // instead of waiting out the budget again
        assertThat(check.out().split("within the decision budget of 3,000 ms", -1).length - 1).isBetween(1, 4);
        assertThat(check.out()).contains("); it would fire here and was not fired again");
    }

    private static long runs() {
        try (SqliteJournal j = SqliteJournal.open(home.resolve("store"))) {
            return j.runs().size();
        }
    }

    private static void awaitLine(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' did not appear in " + file);
            }
            Thread.sleep(20);
        }
    }
}
