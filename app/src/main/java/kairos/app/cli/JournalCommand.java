package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.ops.journal.SqliteJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code kairos journal list|prune}: the runs in the journal of a store. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = {"Lists and prunes the runs in the journal of the store (<store>/journal.db): every backtest's",
                "decisions, trades and equity. The newest journal.keep_runs runs are kept (config, default 10);",
                "older ones are pruned after each run."},
        subcommands = {JournalCommand.ListRuns.class, JournalCommand.Prune.class})
public final class JournalCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the journaled runs, oldest first: id, when, what was run, decisions, trades and size.")
    public static final class ListRuns implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            KairosConfig config = common.loadConfig();
            if (!Files.isRegularFile(common.storeDir().resolve(SqliteJournal.FILE))) {
                System.out.println("no journal in " + common.storeDir() + " (a backtest writes one)");
                return 0;
            }
            try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
                List<SqliteJournal.RunInfo> runs = journal.runs();
                PrintStream out = System.out;
                out.printf(Locale.ROOT, "%5s  %-20s  %-8s  %-8s  %-16s  %-4s  %-23s  %9s  %6s  %8s  %s%n", "run", "recorded (UTC)",
                        "kind", "exchange", "symbols", "tf", "range", "decisions", "trades", "audit MB", "ruleset");
                for (SqliteJournal.RunInfo r : runs) {
                    out.printf(Locale.ROOT, "%5d  %-20s  %-8s  %-8s  %-16s  %-4s  %-23s  %9d  %6d  %8.2f  %s%n", r.id(),
                            shortTime(r.recordedAt()), r.kind(), r.exchange(), String.join(",", r.symbols()), r.timeframe(),
                            day(r.rangeStart()) + " .. " + day(r.rangeEnd()), r.decisions(), r.trades(),
                            r.decisionBytes() / 1e6, r.rulesetHash());
                }
                out.printf(Locale.ROOT, "%d run%s in %s, %.1f MB on disk; the newest %d are kept (journal.keep_runs)%n",
                        runs.size(), runs.size() == 1 ? "" : "s", journal.file(), journal.sizeOnDisk() / 1e6,
                        config.journalOrDefault().keepRunsOrDefault());
                return 0;
            }
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Deletes every run but the newest --keep (default: journal.keep_runs of the config) with its",
                    "decisions, trades and equity, then compacts the file. Without --yes it only lists what would be",
                    "deleted, changes nothing and exits 1."},
            footer = {"", "Example:", "  ./kairos journal prune --keep 3 --yes"})
    public static final class Prune implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--keep", paramLabel = "N", description = "Runs to keep, the newest (default: journal.keep_runs).")
        Integer keep;

        @Option(names = "--yes", description = "Delete; without it nothing changes and the command lists what would go.")
        boolean yes;

        @Override
        public Integer call() {
            KairosConfig config = common.loadConfig();
            int n = keep != null ? keep : config.journalOrDefault().keepRunsOrDefault();
            if (n < 0) {
                throw new UserError("--keep " + n + ": give the number of runs to keep, 0 or more");
            }
            if (!Files.isRegularFile(common.storeDir().resolve(SqliteJournal.FILE))) {
                System.out.println("no journal in " + common.storeDir() + ": nothing to prune");
                return 0;
            }
            try (SqliteJournal journal = SqliteJournal.open(common.storeDir())) {
                long before = journal.sizeOnDisk();
                List<SqliteJournal.RunInfo> gone = journal.prune(n, yes);
                for (SqliteJournal.RunInfo r : gone) {
                    System.out.printf(Locale.ROOT, "%s run %d (%s %s %s %s, %d decisions)%n", yes ? "deleted" : "would delete",
                            r.id(), r.kind(), r.exchange(), String.join(",", r.symbols()), r.timeframe(), r.decisions());
                }
                if (!yes) {
                    System.err.println("kairos journal prune: nothing deleted (" + gone.size() + " run"
                            + (gone.size() == 1 ? "" : "s") + " would go, keeping the newest " + n + "); add --yes to delete");
                    return 1;
                }
                journal.vacuum();
                System.out.printf(Locale.ROOT, "%d run%s deleted, %d kept; %s: %.1f MB -> %.1f MB%n", gone.size(),
                        gone.size() == 1 ? "" : "s", journal.runs().size(), journal.file(), before / 1e6,
                        journal.sizeOnDisk() / 1e6);
                return 0;
            }
        }
    }

    private static String shortTime(String iso) {
        return iso == null ? "" : iso.length() > 19 ? iso.substring(0, 19) + "Z" : iso;
    }

    private static String day(String iso) {
        return iso == null ? "" : iso.length() >= 10 ? iso.substring(0, 10) : iso;
    }
}
