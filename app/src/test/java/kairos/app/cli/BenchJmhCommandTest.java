package kairos.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code kairos bench jmh}: hands its arguments to JMH's runner in the benchmarks jar, or says the jar is missing. */
class BenchJmhCommandTest {
    @Test
    void listsTheBenchmarksThroughJmhsOwnRunner(@TempDir Path tmp) throws Exception {
        Path built = CliHarness.projectRoot().resolve(BenchJmhCommand.JAR).getParent();
        assumeTrue(Files.isRegularFile(built.resolve("kairos-benchmarks.jar")),
                "the benchmarks module is packaged before the app in the full build (./kairos test)");
        Path home = CliHarness.scratchHome(tmp);
        Files.createDirectories(home.resolve("benchmarks"));
        Files.createSymbolicLink(home.resolve("benchmarks/target"), built);
        CliHarness.Result r = CliHarness.run(home, "bench", "jmh", "-l", "Bench\\.");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("kairos.engine.cep.CepBench.trade", "kairos.engine.features.FeatureBench.fullSchema",
                "kairos.engine.ml.MlBench.direction");
        CliHarness.Result bad = CliHarness.run(home, "bench", "jmh", "-no-such-jmh-option");
        assertThat(bad.exit()).as("JMH's own refusal, its exit code").isNotZero();
    }

    @Test
    void withoutTheBenchmarksJarItSaysHowToBuildIt(@TempDir Path tmp) {
        Path home = CliHarness.scratchHome(tmp);
        CliHarness.Result r = CliHarness.run(home, "bench", "jmh", "-l");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("benchmarks jar", "is not built", "package");
    }
}
