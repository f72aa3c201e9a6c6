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
 *
 * <p>A {@link Companion} (the kernel's EPL modules) is reloaded with the rules as one unit: it is compiled with
 * them, a failure of either rejects both, and it is applied in the same swap, so the ruleset hash (which covers
 * the DRL and the EPL) always names what runs.
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

    private record Staged(Loaded loaded, String trigger, long buildMillis, Runnable companion,
                          CompletableFuture<RulesSwap> done) {
    }

    /**
     * What is reloaded together with the rules. {@link #prepare} runs on the reload executor, before the rules are
     * built; the {@link Prepared#apply} it returns runs on the kernel thread in the swap, just before the rules
     * switch, and may still refuse by throwing a {@link RuleBuildException} (then nothing switches).
     */
    @FunctionalInterface
    public interface Companion {
        Companion NONE = () -> Prepared.NOTHING;

        Prepared prepare();
    }

    /** A prepared companion: its errors ({@code file:line[:col]: message}; empty when it compiled) and its swap. */
    public record Prepared(List<String> errors, Runnable apply) {
        public static final Prepared NOTHING = new Prepared(List.of(), () -> { });

        public Prepared {
            errors = List.copyOf(errors);
        }
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
        return requestReload(rulesDir, cepDir, trigger, executor, Companion.NONE);
    }

    /**
     * Asks for a reload of the rules and {@code companion} as one unit: both are compiled on {@code executor}, the
     * scenarios run, and the errors of both are reported together; nothing is staged unless both compiled and every
     * scenario passed. The hash is taken before the files are read: a later edit gives a different hash (and a
     * watcher's next reload).
     */
    public CompletableFuture<RulesSwap> requestReload(Path rulesDir, Path cepDir, String trigger, Executor executor,
                                                      Companion companion) {
        CompletableFuture<RulesSwap> done = new CompletableFuture<>();
        executor.execute(() -> {
            long t0 = System.nanoTime(); // build duration for the audit only; never a decision input
            String hash = null;
            try {
                hash = RulesetHash.of(rulesDir, cepDir);
                List<String> errors = new ArrayList<>();
                Prepared prepared;
                try {
                    prepared = companion.prepare();
                } catch (RuntimeException e) {
                    prepared = new Prepared(List.of(String.valueOf(cepDir) + ": " + e), () -> { });
                }
                errors.addAll(prepared.errors());
                RuleBook book = null;
                try {
                    book = RuleBook.build(rulesDir);
                } catch (RuleBuildException e) {
                    errors.addAll(e.errors());
                }
                if (book != null) {
                    RuleScenarios.Report report = RuleScenarios.run(book, rulesDir.resolve("tests"));
                    errors.addAll(report.failures());
                }
                if (!errors.isEmpty()) {
                    reject(trigger, hash, errors, t0, done);
                    return;
                }
                Loaded loaded = new Loaded(book, book.newSession(), hash);
                Staged previous = staged.getAndSet(new Staged(loaded, trigger, (System.nanoTime() - t0) / 1_000_000,
                        prepared.apply(), done));
                if (previous != null) {
                    previous.loaded().session().close();
                    previous.done().complete(record(previous.trigger(), previous.loaded().hash(), "superseded",
                            List.of("a newer reload request replaced this one before the swap"), previous.buildMillis()));
                }
            } catch (RuntimeException e) {
                reject(trigger, hash, List.of(rulesDir + ": " + e), t0, done);
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
        try {
            s.companion().run();
        } catch (RuleBuildException e) {
            s.loaded().session().close();
            s.done().complete(record(s.trigger(), s.loaded().hash(), "rejected", e.errors(), s.buildMillis()));
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
