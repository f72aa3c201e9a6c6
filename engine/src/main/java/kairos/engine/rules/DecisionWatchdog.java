package kairos.engine.rules;

import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches the {@link RuleSession}s that have a decision budget, on one daemon thread: every
 * {@value #PERIOD_MS} ms it looks at the sessions that are inside a call, and a call running longer than its
 * session's budget is flagged ({@link RuleSession#checkOverrun}) and handed to the session's overrun handler. The
 * default handler ({@link #onOverrun}) is set by the command line: it prints the rule, file and line and ends the
 * process with exit 1, because a consequence that never returns cannot be taken back from its thread. Watching
 * reads {@code System.nanoTime()} to measure how long a call has taken; nothing a decision sees depends on it.
 */
public final class DecisionWatchdog {
    static final long PERIOD_MS = 25;
    private static final Set<RuleSession> WATCHED = ConcurrentHashMap.newKeySet();
    private static volatile Consumer<DecisionBudgetException> handler = e ->
            LoggerFactory.getLogger(DecisionWatchdog.class).error("kairos: {}", e.getMessage());
    private static Thread thread;

    private DecisionWatchdog() {
    }

    /** Who hears of an overrun in a session without a handler of its own (the command line's: print, exit 1). */
    public static void onOverrun(Consumer<DecisionBudgetException> overrunHandler) {
        handler = overrunHandler;
    }

    static void overrun(DecisionBudgetException e) {
        handler.accept(e);
    }

    /** Starts watching {@code session} (no-op when it is watched already). */
    static void watch(RuleSession session) {
        if (WATCHED.add(session)) {
            ensureThread();
        }
    }

    /** Stops watching a closed session. */
    static void forget(RuleSession session) {
        WATCHED.remove(session);
    }

    private static synchronized void ensureThread() {
        if (thread != null) {
            return;
        }
        thread = new Thread(DecisionWatchdog::loop, "kairos-decision-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private static void loop() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (RuleSession s : WATCHED) {
                if (s.busy()) {
                    try {
                        s.checkOverrun(now);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(DecisionWatchdog.class).error("kairos: the decision watchdog failed", e);
                    }
                }
            }
        }
    }
}
