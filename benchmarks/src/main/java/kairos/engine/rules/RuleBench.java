package kairos.engine.rules;

import kairos.engine.data.CompiledCache;
import kairos.engine.testing.ProjectDirs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shipped rule set ({@code rules/}) on one long-lived session: one decision point (insert the facts, fire,
 * collect, retract), cycling through the facts of every shipped scenario ({@code rules/tests/}), as throughput and
 * sampled latency; and the KieBase build from the files, the compiled caches off (on disk and in this process;
 * single shot). The rules are read
 * from {@code kairos.project.dir} (the launcher sets it). See docs/performance.md, "Rule engine".
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class RuleBench {
    private Path rules;
    private RuleBook book;
    private RuleSession session;
    private List<List<Object>> facts;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        System.setProperty(CompiledCache.PROPERTY, "off");   // the builds are measured, never taken from the cache
        rules = ProjectDirs.rules();
        book = RuleBook.build(rules);
        facts = RuleScenarios.allFacts(rules.resolve("tests"));
        if (facts.isEmpty()) {
            throw new IllegalStateException(rules.resolve("tests") + ": no scenarios to take facts from");
        }
        session = book.newSession();
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }

    @Benchmark
    public Object decide() {
        return session.decide(facts.get(next++ % facts.size()));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public RuleBook buildKieBase() {
        RuleBook.forgetBuilt();   // a build, not the lookup of the one before
        return RuleBook.build(rules);
    }
}
