package kairos.app.cli;

import kairos.engine.data.FileTrees;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGINT and SIGTERM on the validation commands (walkforward, stress, promote): they stop at once, delete their
 * scratch folders and exit 0 with nothing written (ARCHITECTURE.md, process and exit codes), unless the output is
 * being moved into place, which is left to finish.
 */
final class Interruption {
    private static final AtomicInteger COMMITTING = new AtomicInteger();

    private Interruption() {
    }

    static void exitOnStop(String command, List<Path> scratch) {
        StopSignals.onInterrupt(handler(command, scratch, () -> Runtime.getRuntime().halt(0)));
    }

    /** What a signal does: unless the output is being moved into place, delete the scratch folders, then {@code exit}. */
    static Runnable handler(String command, List<Path> scratch, Runnable exit) {
        return () -> {
            if (COMMITTING.get() > 0) {
                return;
            }
            System.err.println("kairos: " + command + " stopped by a signal; nothing was written");
            for (Path p : scratch) {
                try {
                    FileTrees.deleteTree(p);
                } catch (IOException | RuntimeException e) {
                    System.err.println("kairos: could not delete " + p + ": " + e.getMessage());
                }
            }
            exit.run();
        };
    }

    /** Marks the output being moved into place: a signal now lets it finish. */
    static void committing(boolean on) {
        if (on) {
            COMMITTING.incrementAndGet();
        } else {
            COMMITTING.decrementAndGet();
        }
    }
}
