package kairos.app.cli;

import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepException;
import kairos.engine.rules.RuleBook;
import kairos.engine.rules.RuleBuildException;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Loads the rule base and the EPL modules on two threads of their own while the command reads its data, so that
 * the kernel, built afterwards, finds both in the process's memory (RuleBook's and CepModules' in-process caches)
 * instead of loading them one after the other. The kernel builds exactly what it would build anyway; an error in the
 * files is the kernel's to report, with the same message.
 */
final class Prewarm implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "kairos-prewarm");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<?> rules;
    private final CompletableFuture<?> cep;

    private Prewarm(Path rulesDir, Path cepDir) {
        rules = CompletableFuture.runAsync(() -> RuleBook.build(rulesDir), pool);
        cep = CompletableFuture.runAsync(() -> CepEngine.compileAll(cepDir), pool);
    }

    static Prewarm start(Path rulesDir, Path cepDir) {
        return new Prewarm(rulesDir, cepDir);
    }

    /** Waits for both; a broken rule or EPL file is thrown as the kernel would throw it. */
    void await() {
        for (CompletableFuture<?> f : new CompletableFuture<?>[] {rules, cep}) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuleBuildException r) {
                    throw r;
                }
                if (e.getCause() instanceof CepException c) {
                    throw c;
                }
                // anything else (a folder missing, ...) is reported by the kernel when it builds
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
