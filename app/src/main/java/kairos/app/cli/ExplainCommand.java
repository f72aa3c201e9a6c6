package kairos.app.cli;

import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.Decision;
import kairos.ops.journal.SqliteJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code kairos explain --decision ID}: one decision's audit, readably. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Prints one decision's audit: facts, rules fired in order, vetoes (why not), size factors,",
                "actions, the proposal and the risk guard's verdict, with ruleset hash and model version.",
                "Reads --out DIR's decisions.jsonl (a backtest's output); without --out, out/backtest, then the journal",
                "of --store (every backtest is journaled there; with --run, that run's). It first says which run it",
                "shows: the file or journal run, exchange, symbols, timeframe and range; an id in several journal runs",
                "is taken from the latest, and it says so."},
        footer = {"", "Example:", "  ./kairos explain --decision SOLUSDT-1746101100000 --out out/backtest"})
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--decision", paramLabel = "ID", required = true, description = "Decision id (e.g. SOLUSDT-1746101100000).")
    String id;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder with decisions.jsonl (default: out/backtest in the project).")
    Path out;

    @Option(names = "--run", paramLabel = "ID",
            description = "Journal run to read the decision from (default: the latest run that has it; see ./kairos journal list).")
    Long run;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : KairosHome.resolve("out/backtest");
        Path file = dir.resolve("decisions.jsonl");
        if (run == null && Files.isRegularFile(file)) {
            Decision d = find(file, id);
            if (d != null) {
                System.out.println("Source: " + file + " (" + runOfFolder(dir) + ")");
                print(d, System.out);
                return 0;
            }
        }
        if (out != null && run == null) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("--out " + dir + ": no decisions.jsonl there (run ./kairos backtest --out " + dir
                        + " first)");
            }
            throw new UserError("--decision " + id + ": no such decision in " + file + " (ids look like SYMBOL-<epoch ms>,"
                    + " e.g. the first field of each line of decisions.jsonl)");
        }
        Path journalFile = common.storeDir().resolve(SqliteJournal.FILE);
        if (!Files.isRegularFile(journalFile)) {
            throw new UserError("--decision " + id + ": no such decision in " + file + " and no journal at " + journalFile
                    + " (run ./kairos backtest first)");
        }
        try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
            Optional<SqliteJournal.Found> found = journal.find(id, run);
            if (found.isEmpty()) {
                List<Long> elsewhere = run == null ? List.of() : journal.find(id).map(SqliteJournal.Found::runsWithId).orElse(List.of());
                throw new UserError("--decision " + id + ": no such decision in " + (run == null ? "" : "run " + run + " of ")
                        + journal.file() + (run == null ? "" : " or " + file)
                        + (elsewhere.isEmpty() ? "" : "; runs that have it: " + elsewhere)
                        + " (ids look like SYMBOL-<epoch ms>; ./kairos journal list shows the runs)");
            }
            SqliteJournal.Found f = found.get();
            SqliteJournal.RunInfo r = f.run();
            System.out.println("Source: journal " + journal.file() + ", run " + r.id() + " (" + r.kind() + " " + r.exchange()
                    + " " + String.join(",", r.symbols()) + " " + r.timeframe() + ", " + r.rangeStart() + " .. " + r.rangeEnd()
                    + ", recorded " + r.recordedAt() + ")");
            if (f.runsWithId().size() > 1) {
                System.out.println("Note: " + id + " is in " + f.runsWithId().size() + " runs " + f.runsWithId() + "; this is "
                        + (run == null ? "the latest" : "run " + run) + " (--run ID shows another)");
            }
            print(f.decision(), System.out);
            return 0;
        }
    }

    /** What run a backtest output folder holds, from its summary.json. */
    static String runOfFolder(Path dir) {
        Path summary = dir.resolve("summary.json");
        try {
            com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
            List<String> symbols = new java.util.ArrayList<>();
            s.path("symbols").forEach(n -> symbols.add(n.asText()));
            return "backtest " + s.path("exchange").asText("?") + " " + String.join(",", symbols) + " "
                    + s.path("timeframe").asText("?") + ", " + s.path("start").asText("?") + " .. " + s.path("end").asText("?")
                    + ", ruleset " + s.path("ruleset_hash").asText("?");
        } catch (IOException | RuntimeException e) {
            return "no summary.json beside it: run unknown";
        }
    }

    /**
     * The decision with {@code id} in a decisions.jsonl file. Only lines that hold the id as text are parsed (a
     * default backtest's file is 60 MB); a line that does and is not a decision record is an error naming it.
     */
    static Decision find(Path file, String id) throws IOException {
        String needle = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(id).length == id.length()
                ? "\"" + id + "\"" : null;
        try (java.io.BufferedReader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || (needle != null && !line.contains(needle))) {
                    continue;
                }
                Decision d;
                try {
                    d = DecisionsJsonl.fromJson(line);
                } catch (IOException e) {
                    throw new IOException(file + ":" + n + ": not a decision record: " + e.getMessage(), e);
                }
                if (d.id().equals(id)) {
                    return d;
                }
            }
        }
        return null;
    }

    static void print(Decision d, PrintStream o) {
        kairos.engine.backtest.DecisionText.lines(d).forEach(o::println);
    }
}
