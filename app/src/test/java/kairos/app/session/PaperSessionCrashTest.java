package kairos.app.session;

import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.VenueStateFile;
import kairos.engine.kernel.KernelState;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import kairos.ops.journal.SqliteJournal;
import kairos.ops.journal.SqliteStateJournal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paper session (simulated venue, persisted) killed with {@code kill -9} in the middle of an order, at three
 * moments between journal and venue, then started again: journal and venue agree at the end — same position, same
 * open orders, every execution booked once — and the interrupted intent did not become a second entry.
 */
class PaperSessionCrashTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z

    /** Test rules: enter at market when flat at each bar close, leave 10 minutes later. */
    static Path rules(Path dir) throws IOException {
        return TestRules.enterAndLeave(dir, false);
    }

    static Process launch(Path events, Path store, Path rules, String crashAt) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xss4m",
                "-cp", System.getProperty("java.class.path"), PaperSessionProcess.class.getName(), events.toString(),
                store.toString(), rules.toString(), ProjectDirs.cep().toString()));
        if (!crashAt.isEmpty()) {
            cmd.add(crashAt);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the process's output until a line starts with {@code marker} (or it ends); returns all lines read. */
    static List<String> readUntil(Process p, String marker) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(marker)) {
                break;
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "killed when the entry is {0}")
    @ValueSource(strings = {"saved", "sent", "filled"})
    void aSessionKilledMidOrderResumesAndAgreesWithTheVenue(String point, @TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.write(events, TickTape.eventFile(TickTape.of(21, START, 90, true, TickTape.SOL, TickTape.BTC)));
        Path store = dir.resolve("store");
        Path rules = rules(dir.resolve("rules"));

        Process first = launch(events, store, rules, point);
        List<String> before = readUntil(first, "CRASH-POINT");
        assertThat(before).as(String.join("\n", before)).contains("CRASH-POINT " + point);
        first.destroyForcibly();                                  // SIGKILL: no shutdown hook, nothing flushed
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        Process second = launch(events, store, rules, "");
        List<String> after = readUntil(second, "DONE");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(String.join("\n", after)).isZero();
        assertThat(after).contains("STARTED resumed=true", "DONE");
        assertThat(after).noneMatch(l -> l.startsWith("ALERT RECONCILIATION_MISMATCH"));

        SqliteJournal.Run run = new SqliteJournal.Run("paper", "bybit", List.of("SOLUSDT"), "5m", Instant.EPOCH,
                Instant.EPOCH, "x", "none", null);
        try (SqliteStateJournal journal = SqliteStateJournal.open(store, "paper", run, Instant.EPOCH)) {
            KernelState kernel = journal.load().orElseThrow();
            SimulatedVenue.State venue = new VenueStateFile(store.resolve("paper-venue.json")).load().orElseThrow();
            BigDecimal held = kernel.portfolio().positions().stream()
                    .map(p -> p.side() == kairos.engine.domain.Side.Buy ? p.qty() : p.qty().negate())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal atVenue = venue.positions().stream().map(SimulatedVenue.PositionState::qty)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(held).as("position, journal vs venue").isEqualByComparingTo(atVenue);
            Set<String> openInJournal = kernel.orders().orders().stream().filter(o -> !o.status().isTerminal())
                    .map(o -> o.intent().linkId() + " " + o.intent().qty().stripTrailingZeros().toPlainString())
                    .collect(Collectors.toSet());
            Set<String> openAtVenue = venue.orders().stream().filter(o -> !o.status().isTerminal())
                    .map(o -> o.intent().linkId() + " " + o.intent().qty().stripTrailingZeros().toPlainString())
                    .collect(Collectors.toSet());
            assertThat(openInJournal).as("open orders, journal vs venue").isEqualTo(openAtVenue);
            assertThat(journal.fillIds()).as("executions booked once")
                    .containsExactlyInAnyOrderElementsOf(venue.executions().stream().map(f -> f.execId()).toList());
            // one entry order per decision: the interrupted intent was not placed twice
            Map<Long, Long> entries = venue.orders().stream().filter(o -> o.intent().purpose() == OrderPurpose.ENTRY)
                    .collect(Collectors.groupingBy(o -> o.intent().createdAt(), Collectors.counting()));
            assertThat(entries).isNotEmpty().allSatisfy((t, n) -> assertThat(n).isEqualTo(1));
            if (held.signum() != 0) {
                assertThat(openAtVenue).anyMatch(o -> o.contains("s "));   // an open position keeps its stop
            }
            assertThat(journal.counts().getFirst()).as("decisions journaled").isPositive();
        }
    }
}
