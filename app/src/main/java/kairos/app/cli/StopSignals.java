package kairos.app.cli;

/**
 * SIGINT and SIGTERM for long-running commands: instead of the JVM's default (exit 130/143 mid-write), the
 * command is told to stop, finishes its files and exits 0. Falls back to a shutdown hook where signals cannot be
 * handled.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void onInterrupt(Runnable stop) {
        onSignal(name -> stop.run());
    }

    /** As {@link #onInterrupt(Runnable)}, telling the handler which signal came ({@code SIGINT}, {@code SIGTERM}). */
    @SuppressWarnings("removal")
    static void onSignal(java.util.function.Consumer<String> stop) {
        try {
            for (String name : new String[] {"INT", "TERM"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.accept("SIG" + s.getName()));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept("shutdown")));
        }
    }
}
