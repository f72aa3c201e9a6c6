package kairos.engine.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The rules the kernel decides with, and their safe hot reload. A reload builds the new KieBase and runs the rule
 * scenarios ({@code rules/tests/**}) as a gate on another thread; if both pass the new rules are staged, and the
 * kernel swaps them in between two events ({@link #swapIfStaged}), so a decision never sees half a rule set. A
 * failing build or scenario is rejected with its errors and the old rules keep deciding. Every request, swapped
 * or rejected, is audited as a {@link RulesSwap}.
 */
public final class RuleEngine implements AutoCloseable {
    /** A compiled rule set with its live session and identity. */
    private record Loaded(RuleBook book, RuleSession session, String hash) {
    }

    private volatile Loaded current;
    private final AtomicReference<Staged> staged = new AtomicReference<>();
    private final List<RulesSwap> audit = new ArrayList<>();
    private final java.util.Queue<RulesSwap> undelivered = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long lastEventTime = Long.MIN_VALUE;
    private Consumer<RulesSwap> listener = s -> { };

    private record Staged(Loaded loaded, String trigger, long buildMillis, CompletableFuture<RulesSwap> done) {
    }

    public RuleEngine(RuleBook book, String rulesetHash) {
        this.current = new Loaded(book, book.newSession(), rulesetHash);
    }

    /** Builds the rules under {@code rulesDir}; the hash covers them and the EPL under {@code cepDir}. */
    public static RuleEngine load(Path rulesDir, Path cepDir) {
        return new RuleEngine(RuleBook.build(rulesDir), RulesetHash.of(rulesDir, cepDir));
    }

    /** Where swap audits go besides {@link #audit()} (the journal, the notifier). Called on the kernel thread. */
    public synchronized void onSwap(Consumer<RulesSwap> listener) {
        this.listener = listener;
    }

    public RuleSession session() {
        return current.session();
    }

    public RuleBook book() {
        return current.book();
    }

    public String rulesetHash() {
        return current.hash();
    }

    /**
     * Asks for a reload from {@code rulesDir} (and the hash over {@code cepDir}); builds and gates on
     * {@code executor}, never on the caller's thread. The future completes with the audit record: rejected at once
     * when the build or a scenario fails, swapped when the kernel has switched to the new rules.
     */
    public CompletableFuture<RulesSwap> requestReload(Path rulesDir, Path cepDir, String trigger, Executor executor) {
        CompletableFuture<RulesSwap> done = new CompletableFuture<>();
        executor.execute(() -> {
            long t0 = System.nanoTime(); // build duration for the audit only; never a decision input
            try {
                RuleBook book = RuleBook.build(rulesDir);
                RuleScenarios.Report report = RuleScenarios.run(book, rulesDir.resolve("tests"));
                if (!report.ok()) {
                    reject(trigger, RulesetHash.of(rulesDir, cepDir), report.failures(), t0, done);
                    return;
                }
                Loaded loaded = new Loaded(book, book.newSession(), RulesetHash.of(rulesDir, cepDir));
                Staged previous = staged.getAndSet(new Staged(loaded, trigger, (System.nanoTime() - t0) / 1_000_000, done));
                if (previous != null) {
                    previous.loaded().session().close();
                    previous.done().complete(record(previous.trigger(), previous.loaded().hash(), "superseded",
                            List.of("a newer reload request replaced this one before the swap"), previous.buildMillis()));
                }
            } catch (RuleBuildException e) {
                reject(trigger, null, e.errors(), t0, done);
            } catch (RuntimeException e) {
                reject(trigger, null, List.of(rulesDir + ": " + e), t0, done);
            }
        });
        return done;
    }

    private void reject(String trigger, String newHash, List<String> errors, long t0, CompletableFuture<RulesSwap> done) {
        done.complete(record(trigger, newHash, "rejected", errors, (System.nanoTime() - t0) / 1_000_000));
    }

    private synchronized RulesSwap record(String trigger, String newHash, String status, List<String> errors, long ms) {
        RulesSwap swap = new RulesSwap(lastEventTime, trigger, current.hash(), newHash, status, errors, ms);
        audit.add(swap);
        undelivered.add(swap);
        return swap;
    }

    /**
     * Called by the kernel between events: swaps in staged rules, if any, and audits it. Returns true on a swap.
     * {@code eventTime} is the time of the event about to be processed (the audit's timestamp).
     */
    public boolean swapIfStaged(long eventTime) {
        lastEventTime = eventTime;
        Staged s = staged.getAndSet(null);
        if (s == null) {
            return false;
        }
        Loaded old = current;
        current = s.loaded();
        old.session().close();
        RulesSwap swap;
        synchronized (this) {
            swap = new RulesSwap(eventTime, s.trigger(), old.hash(), s.loaded().hash(), "swapped", List.of(), s.buildMillis());
            audit.add(swap);
            undelivered.add(swap);
            listener.accept(swap);
        }
        s.done().complete(swap);
        return true;
    }

    /**
     * Audit records not yet taken by the kernel (which journals them between events, on its own thread), oldest
     * first; each record is returned once.
     */
    public List<RulesSwap> drainAudit() {
        List<RulesSwap> out = new ArrayList<>();
        RulesSwap s;
        while ((s = undelivered.poll()) != null) {
            out.add(s);
        }
        return out;
    }

    /** Every reload request so far, in order. */
    public synchronized List<RulesSwap> audit() {
        return List.copyOf(audit);
    }

    @Override
    public void close() {
        Staged s = staged.getAndSet(null);
        if (s != null) {
            s.loaded().session().close();
        }
        current.session().close();
    }
}
