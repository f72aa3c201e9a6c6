package kairos.engine.kernel;

import kairos.engine.domain.TimedEvent;
import kairos.engine.risk.RiskLimits;
import kairos.engine.rules.RulesSwap;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An operator command on its way to the kernel thread ({@link TradingControl} posts them). Each completes its
 * future once the kernel has applied it, so the next status shows it.
 */
sealed interface KernelCommand extends TimedEvent {
    @Override
    default long time() {
        return 0;
    }

    /** Fails the command with {@code error} (a command the kernel could not apply). */
    void fail(Throwable error);

    record Pause(String reason, CompletableFuture<KernelStatus> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record Resume(CompletableFuture<KernelStatus> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record ClosePosition(String symbol, CompletableFuture<String> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record Flatten(String reason, CompletableFuture<List<String>> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record ReloadRules(String trigger, CompletableFuture<RulesSwap> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record Report(CompletableFuture<KernelReport> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record SetRiskLimits(RiskLimits limits, CompletableFuture<RiskLimits> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }

    record Status(CompletableFuture<KernelStatus> done) implements KernelCommand {
        public void fail(Throwable error) { done.completeExceptionally(error); }
    }
}
