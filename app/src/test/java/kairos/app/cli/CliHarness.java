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
        copyTree(projectRoot().resolve("bench"), home.resolve("bench"));
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

    /**
     * A scratch home whose bundled {@code data/<exchange>/perp/} holds a slice of the project's bundled data:
     * SOLUSDT and BTCUSDT candles of {@code tf} and SOLUSDT funding in [from, to).
     */
    static Path slicedHome(Path tmp, String exchange, kairos.engine.domain.Timeframe tf, String from, String to) {
        Path home = scratchHome(tmp);
        kairos.engine.data.MarketStore full = new kairos.engine.data.MarketStore(tmp.resolve("full"));
        Path data = projectRoot().resolve("data/" + exchange + "/perp");
        for (String f : java.util.List.of("SOLUSDT-" + tf + ".csv.gz", "BTCUSDT-" + tf + ".csv.gz", "SOLUSDT-funding.csv.gz")) {
            full.importFiles(java.util.List.of(data.resolve(f)), kairos.engine.data.ImportHints.none().withExchange(exchange));
        }
        long start = java.time.Instant.parse(from).toEpochMilli();
        long end = java.time.Instant.parse(to).toEpochMilli();
        kairos.engine.domain.Market perp = kairos.engine.domain.Market.PERP;
        try {
            Path slice = Files.createDirectories(home.resolve("data/" + exchange + "/perp"));
            for (String sym : java.util.List.of("SOLUSDT", "BTCUSDT")) {
                kairos.engine.data.MarketCsvWriter.writeCandles(slice.resolve(sym + "-" + tf + ".csv.gz"),
                        full.candles(kairos.engine.domain.SeriesId.candles(exchange, perp, sym, tf), start, end));
            }
            kairos.engine.data.MarketCsvWriter.writeFunding(slice.resolve("SOLUSDT-funding.csv.gz"),
                    full.funding(exchange, perp, "SOLUSDT", start, end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
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
