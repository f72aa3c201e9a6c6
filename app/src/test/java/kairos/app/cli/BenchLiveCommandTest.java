package kairos.app.cli;

import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kairos bench live} end to end on a short tape: the simulator on 127.0.0.1, its stream parsed, a paper session
 * in the JVM sending orders. What is printed, not how fast: benchmarks never assert on timing.
 */
class BenchLiveCommandTest {
    @Test
    void benchLiveParsesTheSimulatorsStreamAndTimesTheOrdersOfAPaperSessionOnIt(@TempDir Path tmp) {
        Path home = CliHarness.slicedHome(tmp, "binance", Timeframe.M1, "2025-05-04T00:00:00Z", "2025-05-05T16:30:00Z");
        Path recording = CliHarness.projectRoot().resolve("examples/recording.jsonl.gz");
        CliHarness.Result r = CliHarness.run(home, "bench", "live", "--minutes", "20", "--speed", "120", "--runs", "1",
                "--warmup", "0", "--recording", recording.toString());
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("bench live: binance SOLUSDT 1m bars", "parse: simulator stream: ",
                "parse: recorded Bybit messages (recording.jsonl.gz, 5 messages x 4000)", "messages/s", "MB/s",
                "session: paper, 1m decisions", "state journal: ", "saves (SQLite, one transaction each) on the writer thread",
                "paper venue's state file: ", "state sizes at the end: kernel state ", "target p99 < 5 ms in-process: ");
        assertThat(r.out()).containsPattern("the machine's load average ([0-9]+\\.[0-9]{2}|unknown) when the tape started, "
                + "([0-9]+\\.[0-9]{2}|unknown) when it ended\\n");
        assertThat(BenchLiveCommand.load(-1)).isEqualTo("unknown");
        assertThat(BenchLiveCommand.load(0.126)).isEqualTo("0.13");
        for (String kind : new String[] {"TRADE", "BOOK", "TICKER", "KLINE", "LIQUIDATION"}) {
            assertThat(r.out()).containsPattern("\\n  " + kind + " +[0-9,]+ messages");
        }
        Matcher total = Pattern.compile("latency: tick -> order request \\(receive to venue call\\) +n=([0-9,]+)  p50 [0-9.,]+"
                + "  p90 [0-9.,]+  p99 [0-9.,]+  p99\\.9 [0-9.,]+  max [0-9.,]+ µs").matcher(r.out());
        assertThat(total.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(total.group(1).replace(",", ""))).as("order requests timed").isPositive();
        for (String stage : new String[] {"parse (receive to posted)", "inbox wait (posted to taken)",
                "kernel (taken to venue call)", "of which waiting for the state writes", "total, entry orders",
                "entry: waiting for the state writes", "entry: the rest of the kernel"}) {
            assertThat(r.out()).containsPattern("latency: +\\Q" + stage + "\\E +n=[0-9,]+  p50 ");
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        Path home = CliHarness.slicedHome(tmp, "binance", Timeframe.M1, "2025-05-04T00:00:00Z", "2025-05-05T15:30:00Z");
        CliHarness.Result short_ = CliHarness.run(home, "bench", "live", "--minutes", "30");
        assertThat(short_.exit()).isEqualTo(1);
        assertThat(short_.err()).contains("binance/perp/SOLUSDT", "has no 1m bars to play after the first day");
        CliHarness.Result few = CliHarness.run(home, "bench", "live", "--minutes", "1");
        assertThat(few.exit()).isEqualTo(1);
        assertThat(few.err()).contains("--minutes must be >= 2");
        CliHarness.Result missing = CliHarness.run(home, "bench", "live", "--recording", tmp.resolve("none.jsonl.gz").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("--recording: ").contains("is not a file");
        CliHarness.Result journal = CliHarness.run(home, "bench", "live", "--journal", "maybe");
        assertThat(journal.exit()).isEqualTo(1);
        assertThat(journal.err()).contains("--journal: 'maybe' is neither on nor off");
    }
}
