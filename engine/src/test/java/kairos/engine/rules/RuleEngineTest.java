package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** Reload requests outside a kernel: file-change polling, superseded requests, listeners. */
class RuleEngineTest {
    static final Executor INLINE = Runnable::run;

    static RuleEngine small(Path dir, String marker) throws IOException {
        Files.writeString(dir.resolve("a.drl"), "package t;\nimport kairos.engine.rules.MarketState;\nrule \"" + marker
                + "\"\nwhen\n    MarketState()\nthen\nend\n");
        return RuleEngine.load(dir, null);
    }

    static MarketState market() {
        return new MarketState("SOLUSDT", "5m", 0, 1, 1, 1, 1, 1, java.util.Map.of());
    }

    @Test
    void aFileChangeTriggersOneReloadAndTheSwapHappensBetweenEvents(@TempDir Path dir) throws IOException {
        try (RuleEngine engine = small(dir, "first")) {
            List<RulesSwap> heard = new ArrayList<>();
            engine.onSwap(heard::add);
            RulesWatcher watcher = new RulesWatcher(engine, dir, null, INLINE);
            assertThat(watcher.poll()).isEmpty();
            String oldHash = engine.rulesetHash();
            Files.writeString(dir.resolve("a.drl"), Files.readString(dir.resolve("a.drl")).replace("first", "second"));
            CompletableFuture<RulesSwap> pending = watcher.poll().orElseThrow();
            assertThat(watcher.poll()).isEmpty();
            assertThat(pending).isNotDone(); // staged: the kernel swaps between events
            assertThat(engine.session().decide(List.of(market())).rulesFired()).containsExactly("first");
            assertThat(engine.swapIfStaged(5_000)).isTrue();
            assertThat(engine.swapIfStaged(6_000)).isFalse();
            RulesSwap swap = pending.join();
            assertThat(swap.swapped()).isTrue();
            assertThat(swap.ts()).isEqualTo(5_000);
            assertThat(swap.trigger()).startsWith("file change");
            assertThat(swap.oldHash()).isEqualTo(oldHash);
            assertThat(heard).containsExactly(swap);
            assertThat(engine.session().decide(List.of(market())).rulesFired()).containsExactly("second");
            assertThat(engine.book().rules()).isEqualTo(1);
        }
    }

    @Test
    void aNewerRequestSupersedesAStagedOneAndAMissingFolderIsRejected(@TempDir Path dir) throws IOException {
        try (RuleEngine engine = small(dir, "first")) {
            CompletableFuture<RulesSwap> a = engine.requestReload(dir, null, "one", INLINE);
            CompletableFuture<RulesSwap> b = engine.requestReload(dir, null, "two", INLINE);
            assertThat(a.join().status()).isEqualTo("superseded");
            assertThat(engine.swapIfStaged(1)).isTrue();
            assertThat(b.join().trigger()).isEqualTo("two");
            RulesSwap missing = engine.requestReload(dir.resolve("nope"), null, "three", INLINE).join();
            assertThat(missing.status()).isEqualTo("rejected");
            assertThat(missing.errors()).singleElement().asString().contains("no such folder");
            assertThat(engine.audit()).extracting(RulesSwap::status).containsExactly("superseded", "swapped", "rejected");
            engine.requestReload(dir, null, "left staged", INLINE); // closed with the engine
        }
    }

    @Test
    void theShippedRulesLoadWithTheirHash() {
        try (RuleEngine engine = RuleEngine.load(ProjectDirs.rules(), ProjectDirs.cep())) {
            assertThat(engine.rulesetHash()).isEqualTo(RulesetHash.of(ProjectDirs.rules(), ProjectDirs.cep()));
        }
    }
}
