package kairos.ops.telegram;

import kairos.engine.kernel.Notifier;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rate limit of alerts: at most {@code perMinute} alerts of one type for one symbol in any sliding minute of the wall
 * clock. Important and informational alerts over the limit are held back and counted; the next one of the same kind
 * that passes says how many were held back, and {@link #takeSuppressed()} gives the total for the heartbeat. A
 * critical alert is never dropped: it always passes (and carries the count of its kind held back before, if any).
 * Thread-safe.
 */
final class AlertThrottle {
    private static final long MINUTE = 60_000;

    /** What to do with an alert: send it ({@code suppressedBefore} of its kind were held back since the last sent). */
    record Admission(boolean send, int suppressedBefore) {
    }

    private final Clock wall;
    private final int perMinute;
    private final Map<String, ArrayDeque<Long>> sent = new HashMap<>();
    private final Map<String, Integer> held = new HashMap<>();
    private long suppressedTotal;

    AlertThrottle(Clock wall, int perMinute) {
        this.wall = wall;
        this.perMinute = perMinute;
    }

    synchronized Admission admit(Notifier.Alert alert) {
        String key = alert.level() + "|" + alert.type() + "|" + (alert.symbol() == null ? "*" : alert.symbol());
        long now = wall.millis();
        ArrayDeque<Long> times = sent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - MINUTE) {
            times.pollFirst();
        }
        if (times.size() >= perMinute && alert.level() != Notifier.Level.CRITICAL) {
            held.merge(key, 1, Integer::sum);
            suppressedTotal++;
            return new Admission(false, 0);
        }
        times.addLast(now);
        Integer before = held.remove(key);
        return new Admission(true, before == null ? 0 : before);
    }

    /** Alerts held back since the last call (the heartbeat reports them). */
    synchronized long takeSuppressed() {
        long n = suppressedTotal;
        suppressedTotal = 0;
        return n;
    }
}
