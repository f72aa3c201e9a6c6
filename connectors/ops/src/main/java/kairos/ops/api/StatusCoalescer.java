package kairos.ops.api;

import kairos.engine.kernel.KernelStatus;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The kernel's status for read-only requests ({@code GET /status}, {@code /positions}), at most one kernel status
 * command ({@code TradingControl.statusNow}) per {@code maxAgeMs}: concurrent requests share the one in flight, later
 * ones take its answer while it is younger than {@code maxAgeMs}. A thousand requests a second then cost the kernel ten status commands, not a thousand (which
 * queued behind each other and slowed its decisions). A command that failed is not reused.
 */
final class StatusCoalescer {
    private final Supplier<CompletableFuture<KernelStatus>> ask;
    private final LongSupplier wall;
    private final long maxAgeMs;
    private CompletableFuture<KernelStatus> last;
    private long askedAt;

    StatusCoalescer(Supplier<CompletableFuture<KernelStatus>> ask, LongSupplier wall, long maxAgeMs) {
        this.ask = ask;
        this.wall = wall;
        this.maxAgeMs = maxAgeMs;
    }

    /** A command was given: the next request asks the kernel anew. */
    synchronized void invalidate() {
        last = null;
    }

    synchronized CompletableFuture<KernelStatus> status() {
        long now = wall.getAsLong();
        boolean reusable = last != null && !last.isCompletedExceptionally()
                && (!last.isDone() || now - askedAt < maxAgeMs);
        if (!reusable) {
            last = ask.get();
            askedAt = now;
        }
        return last;
    }
}
