package kairos.app.cli;

import kairos.app.config.ConfigException;
import kairos.engine.cep.CepException;
import kairos.engine.data.DataFileException;
import kairos.engine.data.NoSuchSeriesException;
import kairos.engine.rules.RuleBuildException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The {@code kairos} command line: exit 0 ok, 1 failed check or error, 2 usage error. */
@Command(name = "kairos", mixinStandardHelpOptions = true, version = "Kairos 0.1.0",
        description = {"Kairos: a rules-engine-driven expert system for intraday trading of Bybit USDT perpetual futures.",
                "Trading logic lives in rules/*.drl and cep-statements/*.epl, loaded from disk at run time.",
                "Modes: backtest (stored bars) and replay (a recording of Bybit's public streams) with the",
                "simulated venue; record captures the live public streams; run --mode paper trades the live",
                "streams against the simulated venue, run --mode live against Bybit. With TELEGRAM_BOT_TOKEN set,",
                "run answers Telegram commands and sends alerts and rule-firing audits there. Hot reload over the",
                "control API and dashboards are not built yet (the API serves /health, /status, /positions)."},
        footer = {"", "Run './kairos <command> --help' for a command's options. Exit codes: 0 ok, 1 failed check or error, 2 usage error."})
public final class KairosCommand implements Runnable {
    /**
     * The commands, in the order --help lists them (a new command goes here). Added to the command line by
     * {@link #commandLine(String...)}: only the one a run names, since building a command's model costs start-up.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(BacktestCommand.class, DataCommand.class, FeaturesCommand.class,
            CepCommand.class, RecordCommand.class, ReplayCommand.class, RunCommand.class, RulesCommand.class,
            ExplainCommand.class, TrainCommand.class, WalkforwardCommand.class, MontecarloCommand.class,
            StressCommand.class, PromoteCommand.class, JournalCommand.class, BenchCommand.class, TestCommand.class,
            WarmupCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The whole command line, every command in it. */
    public static CommandLine commandLine() {
        return build(SUBCOMMANDS);
    }

    /**
     * The command line for one run: with only the command {@code args} names when it names one (the others' models
     * are never built), else every command (for --help, an unknown command's error, ...).
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command != null && (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0]))) {
                    return build(List.of(c));
                }
            }
        }
        return commandLine();
    }

    /** The width of {@code --help} when the terminal's is not known (a pipe, a file, a test). */
    static final int HELP_WIDTH = 120;

    private static CommandLine build(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new KairosCommand());
        subcommands.forEach(cl::addSubcommand);
        cl.setExecutionExceptionHandler(KairosCommand::handle);
        cl.setExecutionStrategy(parse -> {
            useCompiledCache();
            Timings.start();
            try {
                return new CommandLine.RunLast().execute(parse);
            } finally {
                Timings.report(System.err);
            }
        });
        wholeSentenceSummaries(cl);
        // descriptions are written a line of up to ~110 characters each: laid out as written where the terminal is
        // wide enough (or unknown), wrapped to it where it is narrower
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    /** A {@code -Dkairos.cache.dir} given when the JVM started wins over the project's default. */
    private static final String CACHE_DIR_GIVEN = System.getProperty(kairos.engine.data.CompiledCache.PROPERTY);

    /**
     * Compiled rule bases and EPL modules are cached in {@code .cache/} of the project (see {@code
     * kairos.engine.data.CompiledCache}); {@code KAIROS_CACHE=off} or {@code -Dkairos.cache.dir=off} turns it off.
     */
    static void useCompiledCache() {
        String dir = CACHE_DIR_GIVEN != null ? CACHE_DIR_GIVEN
                : "off".equalsIgnoreCase(System.getenv("KAIROS_CACHE")) ? "off" : KairosHome.resolve(".cache").toString();
        System.setProperty(kairos.engine.data.CompiledCache.PROPERTY, dir);
    }

    /**
     * Command lists show each command's first whole sentence (picocli's default is the first line of the
     * description, which breaks sentences that wrap in the source), on every level ({@code kairos --help},
     * {@code kairos data --help}, ...).
     */
    static void wholeSentenceSummaries(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, KairosCommand::commandList);
        cl.getSubcommands().values().forEach(KairosCommand::wholeSentenceSummaries);
    }

    private static String commandList(CommandLine.Help help) {
        Map<String, CommandLine.Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = 2 + subcommands.keySet().stream().mapToInt(String::length).max().orElse(8) + 2;
        int width = help.commandSpec().usageMessage().width();
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(nameWidth, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(Math.max(20, width - nameWidth), 2, CommandLine.Help.Column.Overflow.WRAP));
        subcommands.forEach((name, sub) -> table.addRowValues(name, SUMMARIES.getOrDefault(
                sub.commandSpec().qualifiedName(" "), firstSentence(sub.commandSpec().usageMessage().description()))));
        return table.toString();
    }

    /** One short sentence per command where its description's first sentence is long; others use that sentence. */
    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("kairos backtest", "Replays stored market data through the trading kernel and writes the results."),
            Map.entry("kairos data", "Imports, lists and deletes market data in the store."),
            Map.entry("kairos features", "Writes the feature matrix of one symbol and range to a CSV file."),
            Map.entry("kairos cep", "Runs the CEP (Esper EPL) pattern statements over an event file."),
            Map.entry("kairos rules", "Checks the rule files (DRL) and runs their scenarios."),
            Map.entry("kairos explain", "Prints one decision's audit readably, with the run it comes from."),
            Map.entry("kairos journal", "Lists and prunes the runs in the journal of the store."),
            Map.entry("kairos record", "Records Bybit's public WebSocket streams to a compressed file."),
            Map.entry("kairos bench", "Measures throughput and start-up times (a benchmark, not a test)."),
            Map.entry("kairos test", "Runs the whole test suite, as CI does."));

    /** The first sentence of a description given as lines (a period followed by a space or the end ends it). */
    static String firstSentence(String[] lines) {
        String text = String.join(" ", lines).replace("%%", "%").replace("%n", " ").replaceAll("\\s+", " ").trim();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("(?<!e\\.g|i\\.e|etc)\\.(\\s|$)").matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parse) {
        PrintWriter err = cl.getErr();
        String message = userMessage(e);
        if (message != null) {
            err.println(cl.getCommandSpec().qualifiedName(" ") + ": " + message.replace("\n", "\n  "));
        } else {
            err.println(cl.getCommandSpec().qualifiedName(" ") + ": internal error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** The message of an error the user can fix, or null for a bug. */
    static String userMessage(Throwable e) {
        return switch (e) {
            case UserError u -> u.getMessage();
            case ConfigException c -> c.getMessage();
            case RuleBuildException r -> "the rules do not build:\n" + r.getMessage();
            case kairos.engine.rules.DecisionBudgetException d -> d.getMessage();
            case CepException c -> "the EPL modules do not compile:\n" + c.getMessage();
            case DataFileException d -> d.getMessage();
            case NoSuchSeriesException n -> n.getMessage();
            case IllegalArgumentException i -> i.getMessage();
            case java.nio.file.NoSuchFileException n -> "no such file: " + n.getMessage();
            default -> null;
        };
    }
}
