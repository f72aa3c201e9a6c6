package kairos.engine.kernel;

import kairos.engine.risk.RiskLimits;
import kairos.engine.rules.RulesSwap;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * The one command layer of a running kernel: what the control API and Telegram call, from their own threads. Every
 * command is queued onto the kernel thread, which applies it between two events; none touches kernel state
 * directly. Each returns a future that completes once the command has been applied.
 */
public final class TradingControl {
    private final KernelInbox inbox;

    TradingControl(KernelInbox inbox) {
        this.inbox = inbox;
    }

    /** Pauses new entries until {@link #resume()}; open positions keep their stops and targets. */
    public CompletableFuture<KernelStatus> pause(String reason) {
        CompletableFuture<KernelStatus> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.Pause(reason == null || reason.isBlank() ? "operator pause" : reason, done));
        return done;
    }

    /** Lifts any pause in force (an operator's, a rule's, a halt's), after a manual review. */
    public CompletableFuture<KernelStatus> resume() {
        CompletableFuture<KernelStatus> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.Resume(done));
        return done;
    }

    /**
     * Closes the symbol's position at market (reduce-only); completes with the exit's orderLinkId, or fails with
     * {@link NoSuchElementException} when there is no such position.
     */
    public CompletableFuture<String> closePosition(String symbol) {
        CompletableFuture<String> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.ClosePosition(symbol, done));
        return done;
    }

    /** Cancels every entry being worked and closes every position at market; completes with the exits' link ids. */
    public CompletableFuture<List<String>> flatten(String reason) {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.Flatten(reason == null || reason.isBlank() ? "operator flatten" : reason, done));
        return done;
    }

    /**
     * Reloads the rules (DRL) and patterns (EPL) from disk: built and gated on another thread, swapped in between
     * two events. Completes with the audit record: swapped with the new ruleset hash, or rejected with the errors
     * while the old rules keep running.
     */
    public CompletableFuture<RulesSwap> reloadRules(String trigger) {
        CompletableFuture<RulesSwap> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.ReloadRules(trigger == null ? "operator" : trigger, done));
        return done;
    }

    /** The session's closed trades, risk figures and latest ML scores, taken on the kernel thread. */
    public CompletableFuture<KernelReport> report() {
        CompletableFuture<KernelReport> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.Report(done));
        return done;
    }

    /**
     * Replaces the risk guard's limits (a live configuration change); decisions from the next event on are sized
     * with them. Completes with the limits in force.
     */
    public CompletableFuture<RiskLimits> setRiskLimits(RiskLimits limits) {
        CompletableFuture<RiskLimits> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.SetRiskLimits(limits, done));
        return done;
    }

    /** The kernel's status, taken on its thread in its turn: after everything posted before it. */
    public CompletableFuture<KernelStatus> status() {
        CompletableFuture<KernelStatus> done = new CompletableFuture<>();
        inbox.post(new KernelCommand.Status(done));
        return done;
    }

    /**
     * The kernel's status as soon as it is between two events — also in the middle of a long batch (a back-fill of
     * thousands of bars), ahead of what was posted before it: for the control API and Telegram.
     */
    public CompletableFuture<KernelStatus> statusNow() {
        CompletableFuture<KernelStatus> done = new CompletableFuture<>();
        inbox.requestStatus(new KernelCommand.Status(done));
        return done;
    }
}
