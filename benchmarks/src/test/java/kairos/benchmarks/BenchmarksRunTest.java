package kairos.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JMH benchmark runs and measures something: one short iteration each, in this JVM, so a change that breaks a
 * benchmark fails the build instead of rotting unseen. Not a timing test: no figure is compared with a threshold.
 */
class BenchmarksRunTest {
    private static Collection<RunResult> run(String include, String... params) throws Exception {
        OptionsBuilder o = new OptionsBuilder();
        o.include(include).forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(300)).shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        for (int i = 0; i < params.length; i += 2) {
            o.param(params[i], params[i + 1]);
        }
        Options options = o.build();
        return new Runner(options).run();
    }

    private static void assertMeasured(Collection<RunResult> results, List<String> benchmarks) {
        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsAll(benchmarks);
        assertThat(results).allSatisfy(r -> {
            double score = r.getPrimaryResult().getScore();
            assertThat(score).as(r.getParams().getBenchmark() + " " + r.getParams().getMode()).isPositive().isFinite();
        });
    }

    @Test
    void cep() throws Exception {
        Collection<RunResult> r = run("kairos.engine.cep.CepBench");
        assertMeasured(r, List.of("trade", "tradeMakingAFact"));
        assertThat(r).extracting(x -> x.getParams().getMode().shortLabel()).contains("thrpt", "sample");
    }

    @Test
    void features() throws Exception {
        assertMeasured(run("kairos.engine.features.FeatureBench"),
                List.of("fullSchema", "withMicroStreams", "ta4jTwentyIndicators"));
    }

    @Test
    void rules() throws Exception {
        assertMeasured(run("kairos.engine.rules.RuleBench"), List.of("decide", "buildKieBase"));
    }

    @Test
    void ml() throws Exception {
        assertMeasured(run("kairos.engine.ml.MlBench", "days", "10"),
                List.of("direction", "fullScore", "kernelHook", "trainOneModelSet"));
    }
}
