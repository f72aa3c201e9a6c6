package kairos.app.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher script itself, on a scratch project whose jar is a stand-in that prints what it was given: relative
 * paths on the command line stay relative to where the user stands (the JVM runs in the user's folder, not the
 * project's), and the start-up cache is prepared once per jar and then used.
 */
class LauncherTest {
    @TempDir
    static Path tmp;
    static Path home;

    static final String PROBE = """
            public class Probe {
                public static void main(String[] args) {
                    if (args.length > 0 && args[0].equals("warmup")) {
                        System.out.println("trained");
                        return;
                    }
                    System.out.println("cwd=" + System.getProperty("user.dir"));
                    System.out.println("home=" + System.getProperty("kairos.home"));
                    for (String a : args) {
                        System.out.println("arg=" + java.nio.file.Path.of(a).toAbsolutePath().normalize());
                    }
                }
            }
            """;

    @BeforeAll
    static void project() throws IOException {
        Path launcher = CliHarness.projectRoot().resolve("kairos");
        assumeTrue(Files.isRegularFile(launcher) && Files.exists(Path.of("/bin/bash")), "needs the launcher and bash");
        home = tmp.resolve("project");
        Files.createDirectories(home.resolve("app/target"));
        Files.copy(launcher, home.resolve("kairos"));
        home.resolve("kairos").toFile().setExecutable(true);
        Path src = Files.writeString(tmp.resolve("Probe.java"), PROBE);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("app/target/kairos.jar")), manifest)) {
            jar.putNextEntry(new JarEntry("Probe.class"));
            jar.write(Files.readAllBytes(classes.resolve("Probe.class")));
            jar.closeEntry();
        }
    }

    static String launch(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", home.resolve("kairos").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream ignored = p.getOutputStream()) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        }
    }

    @Test
    void relativePathsResolveFromWhereTheUserStands() throws IOException, InterruptedException {
        Path here = Files.createDirectories(tmp.resolve("trader/work"));
        String out = launch(here, Map.of("KAIROS_AOT", "off"), "backtest", "--out", "results/today");
        assertThat(out).contains("cwd=" + here.toRealPath(), "home=" + home.toRealPath(),
                "arg=" + here.toRealPath().resolve("results/today"));
    }

    @Test
    void theStartUpCacheIsPreparedOncePerJarAndUsed() throws IOException, InterruptedException {
        int major = Runtime.version().feature();
        Path cache = home.resolve("app/target/kairos-" + major + (major >= 25 ? ".aot" : ".jsa"));
        Files.deleteIfExists(cache);
        Path here = Files.createDirectories(tmp.resolve("elsewhere"));
        String first = launch(here, Map.of(), "--help");
        assertThat(first).contains("preparing the start-up cache").doesNotContain("could not be prepared");
        assertThat(cache).isRegularFile();
        assertThat(Files.readString(cache.resolveSibling(cache.getFileName() + ".log"))).contains("trained");
        String second = launch(here, Map.of(), "--help");
        assertThat(second).doesNotContain("preparing the start-up cache").doesNotContain("warning").contains("cwd=");
    }
}
