package kairos.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up tooling: the warm-up run (the training run of the JVM's AOT cache) leaves the project as it was but
 * for the compiled cache, and {@code bench startup} runs the launcher with and without the caches and reports the
 * phases the runs print.
 */
class StartupToolsTest {
    @TempDir
    Path tmp;

    @Test
    void theWarmupRunsTheEverydayCommandsOnAScratchStoreAndLeavesTheProjectAlone() throws IOException {
        Path home = CliHarness.slicedHome(tmp, "bybit", kairos.engine.domain.Timeframe.M5, "2025-05-30T00:00:00Z",
                "2025-06-04T00:00:00Z");
        // the warm-up imports the bundled Bybit files the launcher ships; the sliced home holds them under the same names
        Path bundled = home.resolve("data/bybit/perp");
        assertThat(bundled.resolve("SOLUSDT-5m.csv.gz")).exists();
        CliHarness.Result r = CliHarness.run(home, "warmup");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("kairos warmup: done");
        assertThat(home.resolve("store")).as("nothing in the project's store").doesNotExist();
        assertThat(home.resolve("out")).as("nothing in the project's out/").doesNotExist();
        assertThat(home.resolve(".cache/rules")).as("the compiled cache filled as a side effect").isDirectory();
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("kairos-warmup")).toList())
                    .as("its scratch folder is deleted").isEmpty();
        }
        // warmup is not a user's command: absent from --help
        assertThat(CliHarness.run(home, "--help").out()).doesNotContain("warmup");
    }

    @Test
    void benchStartupRunsTheLauncherInBothVariantsAndReportsMediansAndPhases() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path launcher = home.resolve("kairos");
        Path seen = tmp.resolve("seen.txt");
        Files.writeString(launcher, """
                #!/bin/sh
                echo "$KAIROS_AOT $KAIROS_CACHE $*" >> %s
                echo "some output"
                echo "kairos: timings: jvm start 0.50 s, rules and EPL 1.25 s, epl (rest) 0.00 s, total 2.00 s since the JVM started" >&2
                """.formatted(seen));
        launcher.toFile().setExecutable(true);
        CliHarness.Result r = CliHarness.run(home, "bench", "startup", "--rounds", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("bench startup: 2 rounds", "median wall time",
                "rules and EPL 1.25", "epl (rest) 0.00", "jvm start 0.50", "with caches", "without");
        String calls = Files.readString(seen);
        assertThat(calls.lines().filter(l -> l.startsWith("off off rules check")).count()).isEqualTo(2);
        assertThat(calls.lines().filter(l -> l.contains("backtest --from 2025-06-01 --to 2025-06-03")).count())
                .as("one untimed run, then 2 rounds x 2 variants").isEqualTo(5);
        assertThat(CliHarness.run(home, "bench", "startup", "--rounds", "0").exit()).isEqualTo(1);
        assertThat(CliHarness.run(tmp.resolve("no-launcher"), "bench", "startup").err()).contains("no launcher to measure");
    }
}
