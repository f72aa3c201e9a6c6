package kairos.app.cli;

import java.io.PrintStream;

/**
 * SIGINT and SIGTERM on a command that writes results (backtest, train): it stops at once and writes nothing half
 * done, exit 0 (ARCHITECTURE.md, process and exit codes). Until the command enters its {@link #commit} section
 * nothing is visible, so the handler deletes the unfinished outputs and ends the process; a signal that arrives
 * during the commit (moving the finished folder in place, the journal transaction) waits for it to finish, so the
 * results and the journal are whole either way.
 */
public final class GracefulStop {
    private final Object commitLock = new Object();
    private final String command;
    private final PrintStream err;
    private volatile Runnable discard = () -> { };
    private volatile boolean committed;

    private GracefulStop(String command, PrintStream err) {
        this.command = command;
        this.err = err;
    }

    private static volatile GracefulStop current;

    /**
     * Handling from the JVM's start until a command installs its own: a signal then finds nothing written and the
     * process ends with exit 0 (instead of the JVM's 130/143).
     */
    public static void beforeAnyCommand() {
        StopSignals.onSignal(signal -> {
            System.err.println("kairos: stopped by " + signal + " before the command began: nothing was written");
            System.err.flush();
            System.exit(0);
        });
    }

    /** Installs the handlers for {@code command} ({@code backtest}, {@code train}); messages go to {@code err}. */
    static GracefulStop install(String command, PrintStream err) {
        GracefulStop stop = new GracefulStop(command, err);
        StopSignals.onSignal(stop::stop);
        current = stop;
        return stop;
    }

    /**
     * Ends the process with exit 1 after an error the running command cannot return from (a rule that never
     * returns, see {@code DecisionWatchdog}): its unfinished outputs are deleted, committed ones stay.
     */
    public static void failAndExit(String command, String message) {
        GracefulStop stop = current;
        PrintStream err = stop != null ? stop.err : System.err;
        if (stop != null) {
            synchronized (stop.commitLock) {
                if (!stop.committed) {
                    stop.discard.run();
                }
                err.println("kairos " + stop.command + ": " + message);
                err.println("kairos " + stop.command + ": the run stops; nothing of it was written (the journal is as it was)");
                err.flush();
                Runtime.getRuntime().halt(1);
            }
        }
        err.println("kairos " + command + ": " + message);
        err.flush();
        Runtime.getRuntime().halt(1);
    }

    /** What to delete when a signal comes before the commit (the hidden output folder). */
    void onStopDiscard(Runnable discard) {
        this.discard = discard;
    }

    /** Runs the commit section: a signal meanwhile waits for it and then ends the process. */
    void commit(Runnable section) {
        synchronized (commitLock) {
            section.run();
            committed = true;
        }
    }

    private void stop(String signal) {
        synchronized (commitLock) {
            if (committed) {
                err.println("kairos " + command + ": " + signal + " after the results were written: stopping");
            } else {
                discard.run();
                err.println("kairos " + command + ": stopped by " + signal + " before the end: nothing was written "
                        + "(earlier results and the journal are as they were)");
            }
            err.flush();
            System.exit(0);
        }
    }
}
