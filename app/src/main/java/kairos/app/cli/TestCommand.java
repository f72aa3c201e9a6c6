package kairos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kairos test}: runs the whole test suite ({@code ./mvnw verify}) with the JDK the launcher found. The
 * launcher runs it directly; this command does the same when the jar is started by hand.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs the whole test suite with the JDK the launcher found, as CI does (.ci/run):",
                "'./mvnw -B -ntp verify' in the project folder builds every module, runs its unit,",
                "property and integration tests and writes the JaCoCo coverage reports to",
                "<module>/target/site/jacoco/ (index.html, jacoco.csv). Tests that need what a",
                "machine may lack (the real data in ../shared/data, Chromium for the report",
                "screenshot) are skipped there and say so. Exit 0 when every test passes, else 1."},
        footer = {"", "Examples:", "  ./kairos test",
                "  ./kairos test -pl engine -Dtest=RiskGuardTest \\",
                "      -Dsurefire.failIfNoSpecifiedTests=false"})
public final class TestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MAVEN_ARG", arity = "0..*",
            description = "Extra Maven arguments, passed on after 'verify' (e.g. -pl engine, -Dtest=RiskGuardTest).")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "verify"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).directory(KairosHome.dir().toFile()).inheritIO().start();
        return p.waitFor() == 0 ? 0 : 1;
    }
}
