package kairos.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kairos.app.Main} in a JVM of its own, as the launcher does (signals, exit codes and System.exit are
 * real there), with the test's class path and a scratch project home.
 */
final class ProcessHarness {
    record Result(int exit, String out, String err) {
    }

    private ProcessHarness() {
    }

    static Process start(Path home, Path logs, Map<String, String> env, String... args) throws IOException {
        return start(home, logs, env, List.of(), args);
    }

    /** With extra JVM options ({@code -Dlogback.configurationFile=...}, say). */
    static Process start(Path home, Path logs, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("-Xss4m");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        // the test JVM's coverage agent (./kairos test), so what these processes run counts in the JaCoCo report
        // (the agent appends to the same file under a lock; a process killed with SIGKILL adds nothing)
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco")).forEach(cmd::add);
        cmd.addAll(jvmOptions);
        cmd.add("-Dkairos.home=" + home);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("kairos.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(logs.resolve("out.txt").toFile()).redirectError(logs.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result run(Path home, Path logs, String... args) throws IOException, InterruptedException {
        Process p = start(home, logs, Map.of(), args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("kairos " + String.join(" ", args) + " did not end within 5 minutes");
        }
        return result(p, logs);
    }

    static Result result(Process p, Path logs) throws IOException {
        return new Result(p.exitValue(), Files.readString(logs.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
