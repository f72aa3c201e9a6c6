package kairos.ops.api;

import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCoalescerTest {
    @Test
    void requestsWithinTheAgeShareOneKernelCommandAndLaterOnesAskAgain(@TempDir Path tmp) throws Exception {
        AtomicLong wall = new AtomicLong(1_000);
        try (LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                new AtomicLong(0), false)) {
            StatusCoalescer c = new StatusCoalescer(live.kernel.control(), wall::get, 100);
            var first = c.status();
            assertThat(c.status()).as("in flight: shared").isSameAs(first);
            first.get(30, TimeUnit.SECONDS);
            wall.addAndGet(99);
            assertThat(c.status()).as("answered 99 ms ago: reused").isSameAs(first);
            wall.addAndGet(1);
            var second = c.status();
            assertThat(second).as("100 ms old: asked again").isNotSameAs(first);
            assertThat(second.get(30, TimeUnit.SECONDS).mode()).isEqualTo("paper");
            c.invalidate();
            assertThat(c.status()).as("after a command: asked again at once").isNotSameAs(second);
        }
    }
}
