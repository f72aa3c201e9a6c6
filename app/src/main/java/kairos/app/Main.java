package kairos.app;

import kairos.app.cli.KairosCommand;

/** Entry point of the runnable jar; {@code ./kairos} execs it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(KairosCommand.run(args));
    }
}
