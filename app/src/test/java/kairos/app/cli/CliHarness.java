package kairos.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Runs the CLI in-process with a scratch project home and captures stdout/stderr. */
final class CliHarness {
    record Result(int exit, String out, String err) {
    }

    static Path projectRoot() {
        String dir = System.getProperty("kairos.project.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("..");
        if (!Files.isDirectory(p.resolve("rules"))) {
            p = Path.of("..");
        }
        return p.toAbsolutePath().normalize();
    }

    /** A scratch home with copies of the project's rules, EPL and config (no bundled data unless copied). */
    static Path scratchHome(Path tmp) {
        Path home = tmp.resolve("home");
        copyTree(projectRoot().resolve("rules"), home.resolve("rules"));
        copyTree(projectRoot().resolve("cep-statements"), home.resolve("cep-statements"));
        copyTree(projectRoot().resolve("config"), home.resolve("config"));
        return home;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Result run(Path home, String... args) {
        String previous = System.getProperty("kairos.home");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setProperty("kairos.home", home.toString());
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            var cl = KairosCommand.commandLine();
            cl.setOut(new java.io.PrintWriter(po, true));
            cl.setErr(new java.io.PrintWriter(pe, true));
            int exit = cl.execute(args);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            if (previous == null) {
                System.clearProperty("kairos.home");
            } else {
                System.setProperty("kairos.home", previous);
            }
        }
    }
}
