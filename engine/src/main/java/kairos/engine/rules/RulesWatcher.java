package kairos.engine.rules;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The file-change trigger of hot reload: {@link #poll} compares the ruleset hash of the rule (and EPL) folders
 * with the one last seen and, when it changed, asks the {@link RuleEngine} to reload. A scheduler calls it (every
 * few seconds in paper and live mode); polling by content hash, not file events, means an editor's
 * save-rename-delete dance gives one reload of what is finally on disk, and a test drives it explicitly.
 */
public final class RulesWatcher {
    private final RuleEngine engine;
    private final Path rulesDir;
    private final Path cepDir;
    private final Executor executor;
    private String seen;

    public RulesWatcher(RuleEngine engine, Path rulesDir, Path cepDir, Executor executor) {
        this.engine = engine;
        this.rulesDir = rulesDir;
        this.cepDir = cepDir;
        this.executor = executor;
        this.seen = engine.rulesetHash();
    }

    /** Requests a reload when the files changed since the last poll; the future completes with its audit record. */
    public Optional<CompletableFuture<RulesSwap>> poll() {
        String now = RulesetHash.of(rulesDir, cepDir);
        if (now.equals(seen)) {
            return Optional.empty();
        }
        seen = now;
        return Optional.of(engine.requestReload(rulesDir, cepDir, "file change (ruleset hash " + now + ")", executor));
    }
}
