package kairos.app.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's wall time goes, printed to stderr at its end when {@code KAIROS_TIMINGS=1}: the JVM's start
 * up to the command (JVM boot, class loading, argument parsing), then each phase the command marks (config, data
 * loading, rule and EPL compilation, replay, outputs, journal). {@code ./kairos bench startup} collects these
 * lines; {@code docs/performance.md} has the figures. Off by default, and then it costs nothing.
 */
final class Timings {
    private static final boolean ON = "1".equals(System.getenv("KAIROS_TIMINGS"));
    private static final List<String> PHASES = new ArrayList<>();
    private static long last;

    private Timings() {
    }

    /** Starts the record of one command: the time since the JVM started is its first phase. */
    static synchronized void start() {
        if (!ON) {
            return;
        }
        PHASES.clear();
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        PHASES.add(String.format(Locale.ROOT, "jvm start %.2f s", uptimeMs / 1000.0));
        last = System.nanoTime();
    }

    /** Closes the phase that ran since the previous mark under {@code name}. */
    static synchronized void mark(String name) {
        if (!ON || last == 0) {
            return;
        }
        long now = System.nanoTime();
        PHASES.add(String.format(Locale.ROOT, "%s %.2f s", name, (now - last) / 1e9));
        last = now;
    }

    /** Prints {@code kairos: timings: ...} once per command, after its last phase. */
    static synchronized void report(PrintStream err) {
        if (!ON || last == 0) {
            return;
        }
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        err.println("kairos: timings: " + String.join(", ", PHASES)
                + String.format(Locale.ROOT, ", total %.2f s since the JVM started", uptimeMs / 1000.0));
        PHASES.clear();
        last = 0;
    }
}
