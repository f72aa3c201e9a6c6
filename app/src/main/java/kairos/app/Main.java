package kairos.app;

import kairos.app.cli.KairosCommand;

/** Entry point of the runnable jar; {@code ./kairos} execs it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // SIGINT/SIGTERM before a command has installed its own handling: nothing was written yet, stop with exit 0
        kairos.app.cli.GracefulStop.beforeAnyCommand();
        // a rule that does not return within the decision budget cannot be taken back from its thread: say which
        // rule it is and end the run (exit 1); nothing half-done is written
        kairos.engine.rules.DecisionWatchdog.onOverrun(e -> kairos.app.cli.GracefulStop.failAndExit(
                args.length == 0 ? "" : args[0], e.getMessage()));
        System.exit(KairosCommand.run(args));
    }
}
