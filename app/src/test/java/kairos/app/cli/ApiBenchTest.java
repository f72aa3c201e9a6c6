package kairos.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kairos bench api} end to end on short phases: what it prints, and what it refuses. Not a timing test. */
class ApiBenchTest {
    @Test
    void measuresStatusUnderLoadAndTheKernelsDecisionsIdleAndLoaded(@TempDir Path tmp) {
        Path home = CliHarness.scratchHome(tmp);
        CliHarness.Result r = CliHarness.run(home, "bench", "api", "--rate", "50", "--seconds", "2", "--market-rate", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out() + r.err();
        assertThat(out).contains("/status at 50 req/s", "requests,", "errors", "p50", "p99", "decisions", "idle",
                "under load");
        CliHarness.Result bad = CliHarness.run(home, "bench", "api", "--seconds", "1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--seconds >= 2");
    }
}
