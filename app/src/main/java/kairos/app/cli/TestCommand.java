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
        description = "Runs the whole test suite (unit, property and integration tests, JaCoCo coverage report).")
public final class TestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MAVEN_ARG", arity = "0..*", description = "Extra Maven arguments, e.g. -Dtest=RiskGuardTest.")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "verify"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).directory(KairosHome.dir().toFile()).inheritIO().start();
        return p.waitFor() == 0 ? 0 : 1;
    }
}
