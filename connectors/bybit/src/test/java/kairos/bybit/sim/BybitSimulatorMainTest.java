package kairos.bybit.sim;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BybitSimulatorMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return BybitSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    @Test
    void aSeededTapePrintsTheUrlsAndKeys() throws Exception {
        assertThat(run("--tape", "seeded", "--symbol", "BTCUSDT", "--minutes", "5", "--key", "k1:s1", "--key", "k2:s2:readonly",
                "--key", "k3:s3:withdraw", "--seed", "3", "--speed", "10", "--balance", "500")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("KAIROS_BYBIT_REST_URL=http://127.0.0.1:").contains("KAIROS_BYBIT_WS_PUBLIC_URL=ws://127.0.0.1:")
                .contains("/v5/public/linear").contains("KAIROS_BYBIT_WS_PRIVATE_URL=ws://127.0.0.1:").contains("/v5/private")
                .contains("api key k1 (trading)").contains("api key k2 (read-only)").contains("api key k3 (can withdraw)")
                .doesNotContain("s1").doesNotContain("s2");
    }

    @Test
    void theBundledOneMinuteBarsPlayWithADayOfHistory() throws Exception {
        assumeTrue(Files.isDirectory(ProjectDirs.bundledData().resolve("binance/perp")), "bundled data present");
        assertThat(run("--tape", "bundled", "--data", ProjectDirs.bundledData().toString(), "--days", "1")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2025-05-05T15:33:00Z");
    }

    @Test
    void usageErrorsExitWith2AndHelpWith0() throws Exception {
        assertThat(run("--speed", "0")).isEqualTo(2);
        assertThat(run("--nope", "x")).isEqualTo(2);
        assertThat(run("--seed")).isEqualTo(2);
        assertThat(run("--seed", "x")).isEqualTo(2);
        assertThat(run("--key", "only")).isEqualTo(2);
        assertThat(run("--key", "a:b:admin")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--tape bundled|seeded|recording");
    }

    @Test
    void aTapeThatCannotBeBuiltExitsWith1() throws Exception {
        assertThat(run("--tape", "recording")).isEqualTo(1);
        assertThat(run("--tape", "bundled", "--data", "/nonexistent")).isEqualTo(1);
        assertThat(run("--tape", "cassette")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot build the tape").contains("no such file");
    }
}
