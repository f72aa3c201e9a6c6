package kairos.app.cli;

import kairos.app.config.ConfigException;
import kairos.engine.cep.CepException;
import kairos.engine.data.DataFileException;
import kairos.engine.data.NoSuchSeriesException;
import kairos.engine.rules.RuleBuildException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code kairos} command line: exit 0 ok, 1 failed check or error, 2 usage error. */
@Command(name = "kairos", mixinStandardHelpOptions = true, version = "Kairos 0.1.0",
        description = {"Kairos: a rules-engine-driven expert system for intraday trading of Bybit USDT perpetual futures.",
                "Trading logic lives in rules/*.drl and cep-statements/*.epl, loaded from disk at run time."},
        subcommands = {BacktestCommand.class, DataCommand.class, FeaturesCommand.class, CepCommand.class, RecordCommand.class,
                ReplayCommand.class, RunCommand.class, RulesCommand.class, ExplainCommand.class, TrainCommand.class,
                WalkforwardCommand.class, MontecarloCommand.class, StressCommand.class, PromoteCommand.class,
                BenchCommand.class, TestCommand.class},
        footer = {"", "Run './kairos <command> --help' for a command's options. Exit codes: 0 ok, 1 failed check or error, 2 usage error."})
public final class KairosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KairosCommand());
        cl.setExecutionExceptionHandler(KairosCommand::handle);
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
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
            case CepException c -> "the EPL modules do not compile:\n" + c.getMessage();
            case DataFileException d -> d.getMessage();
            case NoSuchSeriesException n -> n.getMessage();
            case IllegalArgumentException i -> i.getMessage();
            case java.nio.file.NoSuchFileException n -> "no such file: " + n.getMessage();
            default -> null;
        };
    }
}
