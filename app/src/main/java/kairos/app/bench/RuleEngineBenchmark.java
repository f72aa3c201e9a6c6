package kairos.app.bench;

import kairos.engine.rules.RuleBook;
import kairos.engine.rules.RuleEngine;
import kairos.engine.rules.RuleScenarios;
import kairos.engine.rules.RuleSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rule-engine benchmark (docs/performance.md, "Rule engine"): KieBase build time of the full rule set, and
 * decisions per second with the latency distribution of one decision point (insert the facts, fire, collect,
 * retract) on one long-lived session, cycling through the facts of every shipped scenario.
 *
 * <pre>
 * java -cp 'app/target/kairos.jar:app/target/lib/*' kairos.app.bench.RuleEngineBenchmark [rulesDir] [decisions]
 * </pre>
 */
public final class RuleEngineBenchmark {
    private RuleEngineBenchmark() {
    }

    public static void main(String[] args) {
        // the builds are what is measured: no compiled rule base from the cache
        System.setProperty(kairos.engine.data.CompiledCache.PROPERTY, "off");
        Path rules = Path.of(args.length > 0 ? args[0] : "rules");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;

        long[] builds = new long[6];
        RuleBook book = null;
        for (int i = 0; i < builds.length; i++) {
            RuleBook.forgetBuilt();   // a build, not the lookup of the one before
            long t0 = System.nanoTime();
            book = RuleBook.build(rules);
            builds[i] = System.nanoTime() - t0;
        }
        long[] warmBuilds = Arrays.copyOfRange(builds, 1, builds.length);
        Arrays.sort(warmBuilds);

        List<List<Object>> facts = RuleScenarios.allFacts(rules.resolve("tests"));
        if (facts.isEmpty()) {
            throw new IllegalArgumentException(rules.resolve("tests") + ": no scenarios to take facts from");
        }
        long[] reloads = new long[3];
        try (RuleEngine engine = new RuleEngine(book, "bench")) {
            for (int i = 0; i < reloads.length; i++) {
                RuleBook.forgetBuilt();
                long t0 = System.nanoTime();
                var pending = engine.requestReload(rules, null, "bench", Runnable::run);
                engine.swapIfStaged(i);
                if (!pending.join().swapped()) {
                    throw new IllegalStateException("reload rejected: " + pending.join().errors());
                }
                reloads[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(reloads);
        long[] lat = new long[n];
        long fired = 0;
        try (RuleSession session = book.newSession()) {
            for (int i = 0; i < Math.min(n, 50_000); i++) { // JIT warm-up
                session.decide(facts.get(i % facts.size()));
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                fired += session.decide(facts.get(i % facts.size())).rulesFired().size();
                lat[i] = System.nanoTime() - t0;
            }
            long total = System.nanoTime() - start;
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "rule set: %s, %d rule files, %d rules; %d fact sets from the scenarios%n",
                    rules, book.ruleFiles(), book.rules(), facts.size());
            System.out.printf(Locale.ROOT, "KieBase build: first %.0f ms (cold), then median %.0f ms, max %.0f ms%n",
                    builds[0] / 1e6, warmBuilds[warmBuilds.length / 2] / 1e6, warmBuilds[warmBuilds.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "hot reload (build + %d scenarios as the gate + swap): median %.0f ms, max %.0f ms%n",
                    facts.size(), reloads[1] / 1e6, reloads[2] / 1e6);
            System.out.printf(Locale.ROOT, "decisions: %d in %.0f ms = %.0f decisions/s (%.1f rules fired per decision)%n",
                    n, total / 1e6, n / (total / 1e9), (double) fired / n);
            System.out.printf(Locale.ROOT, "latency per decision point: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, lat[(int) (n * 0.999)] / 1e3, lat[n - 1] / 1e3);
        }
    }
}
