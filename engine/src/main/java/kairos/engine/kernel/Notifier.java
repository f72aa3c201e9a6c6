package kairos.engine.kernel;

/**
 * Port for alerts and audits leaving the kernel (Telegram in operations, the log when no token is set).
 * Implementations must not block the kernel thread: queue and send elsewhere.
 */
public interface Notifier {

    /** Severity levels of the specification's alert system (§8.2). */
    enum Level { CRITICAL, IMPORTANT, INFO }

    /** An alert: {@code type} is a stable code such as "EXTREME_MOVEMENT"; {@code ts} is event time, epoch ms. */
    record Alert(Level level, String type, String symbol, long ts, String text) {
    }

    void notify(Alert alert);
}
