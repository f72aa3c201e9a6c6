package kairos.app.cli;

import kairos.engine.data.FileTrees;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kairos warmup} (hidden): the training run of the JVM's start-up cache. The launcher runs it once per build
 * with {@code -XX:AOTCacheOutput} (JDK 25+) or {@code -XX:ArchiveClassesAtExit} (JDK 21-24), so the classes the
 * everyday commands load — help, rule and EPL compilation, the rule scenarios, data import, a short backtest with
 * its outputs and journal, explain — come loaded and linked from the cache in every later start. It works in a
 * temporary store and output folder and deletes them; the project's rules and EPL are compiled into the compiled
 * cache ({@code .cache/}) as a side effect, which the next {@code rules check} or {@code backtest} uses.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs the everyday commands once on a scratch store: the training run of the start-up cache.")
public final class WarmupCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Path scratch = Files.createTempDirectory("kairos-warmup");
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<String> failed = new ArrayList<>();
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            System.setOut(quiet);
            System.setErr(quiet);
            Path store = scratch.resolve("store");
            Path results = scratch.resolve("out");
            Path bundled = KairosHome.resolve("data/bybit/perp");
            run(failed, "--help");
            run(failed, "backtest", "--help");
            run(failed, "rules", "check");
            if (Files.isRegularFile(bundled.resolve("SOLUSDT-5m.csv.gz"))) {
                run(failed, "data", "import", "--store", store.toString(), "--exchange", "bybit",
                        bundled.resolve("SOLUSDT-5m.csv.gz").toString(), bundled.resolve("BTCUSDT-5m.csv.gz").toString(),
                        bundled.resolve("SOLUSDT-funding.csv.gz").toString());
                run(failed, "data", "list", "--store", store.toString());
                run(failed, "backtest", "--store", store.toString(), "--from", "2025-06-01", "--to", "2025-06-03",
                        "--out", results.toString());
                run(failed, "explain", "--decision", "SOLUSDT-1748736300000", "--out", results.toString());
                run(failed, "explain", "--decision", "SOLUSDT-1748736300000", "--store", store.toString());
                run(failed, "journal", "list", "--store", store.toString());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            delete(scratch);
        }
        // a step that fails (a rule scenario the trader broke, a store without the bundled data) still loaded its
        // classes: the cache is as good, so the training run succeeds either way
        out.println("kairos warmup: done" + (failed.isEmpty() ? "" : "; these steps exited non-zero: " + String.join("; ", failed)));
        return 0;
    }

    private static void run(List<String> failed, String... args) {
        CommandLine cl = KairosCommand.commandLine();
        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
        cl.setOut(quiet);
        cl.setErr(quiet);
        if (cl.execute(args) != 0) {
            failed.add(String.join(" ", args));
        }
    }

    private static void delete(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
