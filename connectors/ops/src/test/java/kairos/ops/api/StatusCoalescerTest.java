package kairos.ops.api;

import kairos.engine.kernel.KernelStatus;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCoalescerTest {
    /** The kernel's side, answered by hand: every status command asked, in order. */
    private final List<CompletableFuture<KernelStatus>> asked = new ArrayList<>();
    private final AtomicLong wall = new AtomicLong(1_000);
    private final StatusCoalescer c = new StatusCoalescer(this::ask, wall::get, 100);

    private CompletableFuture<KernelStatus> ask() {
        CompletableFuture<KernelStatus> f = new CompletableFuture<>();
        asked.add(f);
        return f;
    }

    private static KernelStatus status(long time) {
        return new KernelStatus("paper", false, null, List.of("SOLUSDT"), 10_000, 10_000, List.of(), 0, "h", "none",
                true, true, time, null);
    }

    @Test
    void requestsWithinTheAgeShareOneKernelCommandAndLaterOnesAskAgain() throws Exception {
        var first = c.status();
        wall.addAndGet(500);
        assertThat(c.status()).as("in flight, however long: shared").isSameAs(first);
        assertThat(asked).hasSize(1);
        asked.get(0).complete(status(1));
        wall.set(1_099);
        assertThat(c.status()).as("asked 99 ms ago: shared").isSameAs(first);
        wall.set(1_600);
        var second = c.status();
        assertThat(second).as("answered and 100 ms old or more: asked again").isNotSameAs(first).isNotDone();
        assertThat(asked).hasSize(2);
        asked.get(1).complete(status(2));
        assertThat(c.status().get(1, TimeUnit.SECONDS).time()).isEqualTo(2);
    }

    @Test
    void afterACommandTheNextRequestAsksAgainAtOnce() {
        var first = c.status();
        asked.get(0).complete(status(1));
        c.invalidate();
        assertThat(c.status()).isNotSameAs(first).isNotDone();
        assertThat(asked).hasSize(2);
    }

    @Test
    void aFailedAnswerIsNotReused() {
        var first = c.status();
        asked.get(0).completeExceptionally(new IllegalStateException("kernel stopped"));
        assertThat(c.status()).isNotSameAs(first);
        assertThat(asked).hasSize(2);
    }

    @Test
    void sharesTheRealKernelsAnswer(@TempDir Path tmp) throws Exception {
        try (LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                new AtomicLong(0), false)) {
            StatusCoalescer real = new StatusCoalescer(live.kernel.control()::statusNow, wall::get, 100);
            var first = real.status();
            assertThat(first.get(30, TimeUnit.SECONDS).mode()).isEqualTo("paper");
            assertThat(real.status()).isSameAs(first);
        }
    }
}
