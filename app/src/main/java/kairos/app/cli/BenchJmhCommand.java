package kairos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kairos bench jmh [JMH options]}: the JMH benchmarks of the engine's components ({@code benchmarks/}: CEP per
 * event, features per bar, the rules per decision and the KieBase build, ML inference and training), run by JMH's own runner in a JVM of their own (the benchmarks
 * jar and its libraries, which the launcher builds beside the app's), with the project's folders as
 * {@code kairos.project.dir}. Every argument goes to JMH as it is ({@code -l} lists, {@code -h} shows JMH's options,
 * a regex selects). Its exit code is JMH's.
 */
@Command(name = "jmh", mixinStandardHelpOptions = false,
        description = {"Runs the JMH benchmarks of the engine's components (CEP per event, features per bar, rules",
                "per decision and the KieBase build, ML inference and training) with JMH's own runner in a JVM of",
                "their own; every argument goes to JMH (e.g. -l to list, -h for JMH's options, a regex such as",
                "CepBench to select, -f 1 -wi 3 -i 5).",
                "Figures: docs/performance.md and docs/models.md."})
public final class BenchJmhCommand implements Callable<Integer> {
    static final String JAR = "benchmarks/target/kairos-benchmarks.jar";

    /** Every argument, options included: JMH's, not ours. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = KairosHome.dir();
        Path jar = home.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new UserError("the benchmarks jar " + jar + " is not built: run ./mvnw -B -q -DskipTests "
                    + "-Djacoco.skip=true package (./kairos builds it when its sources change)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xss4m"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-Dkairos.project.dir=" + home);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getInputStream()) {
            in.transferTo(System.out);   // JMH's report, as it comes
        }
        System.out.flush();
        return p.waitFor();
    }
}
