package kairos.engine.rules;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import kairos.engine.data.CompiledCache;
import kairos.engine.data.CompiledCacheTest;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule base loaded from the compiled cache decides exactly as one just compiled; editing a file compiles again;
 * a damaged entry is reported and rebuilt, never used.
 */
public class RuleBookCacheTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.BeforeEach
    void asANewProcess() {
        RuleBook.forgetBuilt(); // other tests built the shipped rules in this JVM already
    }

    static long entries(Path cacheDir) throws IOException {
        Path kind = cacheDir.resolve(RuleBook.CACHE_KIND);
        if (!Files.isDirectory(kind)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(kind)) {
            return s.filter(p -> p.toString().endsWith(".bin")).count();
        }
    }

    @Test
    void aCachedRuleBaseDecidesLikeAFreshlyCompiledOne() throws IOException {
        Path rules = tmp.resolve("rules");
        copy(ProjectDirs.rules(), rules);
        CompiledCache cache = CompiledCache.in(tmp.resolve("cache"));
        RuleBook fresh = RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
        assertThat(entries(cache.dir())).isEqualTo(1);
        RuleBook.forgetBuilt(); // as a new process: from the disk
        RuleBook cached = RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
        assertThat(RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache).kieBase())
                .as("a second build in the same process takes the same rule base").isSameAs(cached.kieBase());
        assertThat(entries(cache.dir())).isEqualTo(1);
        assertThat(cached.rules()).isEqualTo(fresh.rules()).isEqualTo(68);
        assertThat(cached.ruleFiles()).isEqualTo(fresh.ruleFiles());
        // every scenario passes on the cached rule base, and every fact set decides the same on both
        RuleScenarios.Report report = RuleScenarios.run(cached, rules.resolve("tests"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.scenarios()).isGreaterThan(100);
        List<List<Object>> facts = RuleScenarios.allFacts(rules.resolve("tests"));
        try (RuleSession a = fresh.newSession(); RuleSession b = cached.newSession()) {
            for (int round = 0; round < 3; round++) { // the constraint JIT compiles after 20 evaluations
                for (int i = 0; i < facts.size(); i++) {
                    assertThat(describe(b.decide(facts.get(i)))).as("fact set %d", i).isEqualTo(describe(a.decide(facts.get(i))));
                }
            }
            assertThat(b.param("mlRequired")).isEqualTo(a.param("mlRequired"));
        }

        Path drl = rules.resolve("strategies/breakout.drl");
        Files.writeString(drl, Files.readString(drl) + "\n// an edit\n");
        RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
        assertThat(entries(cache.dir())).as("an edited file is compiled again").isEqualTo(2);
        RuleBook.build(rules, 0, cache);
        assertThat(entries(cache.dir())).as("another JIT threshold is another rule base").isEqualTo(3);
    }

    @Test
    void aDamagedEntryIsReportedAndRebuilt() throws IOException {
        Path rules = tmp.resolve("rules");
        copy(ProjectDirs.rules(), rules);
        CompiledCache cache = CompiledCache.in(tmp.resolve("cache"));
        RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
        Path entry;
        try (Stream<Path> s = Files.list(cache.dir().resolve(RuleBook.CACHE_KIND))) {
            entry = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(entry, bytes);
        ListAppender<ILoggingEvent> log = CompiledCacheTest.capture();
        RuleBook.forgetBuilt();
        RuleBook rebuilt = RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains(entry.toString(), "not used");
        assertThat(RuleScenarios.run(rebuilt, rules.resolve("tests")).failures()).isEmpty();
        assertThat(cache.read(RuleBook.CACHE_KIND, entry.getFileName().toString().replace(".bin", ""))).as("rewritten whole").isPresent();
    }

    @Test
    void aRuleSetThatDoesNotBuildIsNeverCached() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(rules.resolve("b.drl"), "package x;\nrule \"b\"\nwhen\n  $x : NoSuchFact( price > )\nthen\nend\n");
        CompiledCache cache = CompiledCache.in(tmp.resolve("cache"));
        for (int i = 0; i < 2; i++) {
            try {
                RuleBook.build(rules, RuleBook.CONSTRAINT_JIT_THRESHOLD, cache);
            } catch (RuleBuildException e) {
                assertThat(e.errors()).isNotEmpty().allMatch(m -> m.contains("b.drl:"));
            }
        }
        assertThat(entries(cache.dir())).isZero();
    }

    static String describe(RuleOutcome o) {
        List<String> parts = new ArrayList<>();
        parts.add(o.rulesFired().toString());
        o.vetoes().forEach(v -> parts.add(v.getTier() + "/" + v.getRule() + ":" + v.getReason()));
        o.proposals().forEach(p -> parts.add(p.getStrategy() + "/" + p.getSide() + "@" + p.getEntryPrice() + "/" + p.getStopPrice()
                + "/" + p.getTargets()));
        o.exits().forEach(x -> parts.add(x.getReason()));
        o.actions().forEach(a -> parts.add(a.getType() + "/" + a.getUntil() + "/" + a.getReason()));
        o.sizeFactors().forEach(f -> parts.add(f.getName() + "=" + f.getFactor()));
        o.skipped().forEach(s -> parts.add(s.getTier() + ":" + s.getReason()));
        return String.join(" | ", parts);
    }

    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
