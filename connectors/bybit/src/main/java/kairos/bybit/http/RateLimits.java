package kairos.bybit.http;

import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Bybit's rate limits as its answers state them. Per endpoint, {@code X-Bapi-Limit} requests per window,
 * {@code X-Bapi-Limit-Status} left, {@code X-Bapi-Limit-Reset-Timestamp} when the window resets (server time);
 * each call sent counts one down before its answer comes, so that callers on several threads do not overshoot.
 * An endpoint with none left waits until its reset; {@code 10006} blocks it until the reset the answer names; an
 * HTTP 403 (IP limit) blocks every endpoint. Thread-safe.
 */
final class RateLimits {
    static final String LIMIT = "X-Bapi-Limit";
    static final String STATUS = "X-Bapi-Limit-Status";
    static final String RESET = "X-Bapi-Limit-Reset-Timestamp";
    /** Bybit's API limits roll per second: with none left and no reset named, the next second is free again. */
    static final long WINDOW_MS = 1000;

    private static final class Window {
        long remaining = Long.MAX_VALUE;
        long limit;
        long resetAt;
    }

    private final Map<String, Window> windows = new HashMap<>();
    private long bannedUntil;
    private String banReason = "";

    /** Server time until which a call to {@code endpoint} must wait, 0 when it may go now; {@code why} gets the reason. */
    synchronized long blockedUntil(String endpoint, long serverNow, StringBuilder why) {
        long until = 0;
        if (bannedUntil > serverNow) {
            until = bannedUntil;
            why.append(banReason);
        }
        Window w = windows.get(endpoint);
        if (w != null && w.remaining <= 0 && w.resetAt > serverNow && w.resetAt > until) {
            until = w.resetAt;
            why.setLength(0);
            why.append("no requests left on ").append(endpoint).append(" until its window resets");
        }
        return until;
    }

    /**
     * The rate-limit headroom: of the endpoints whose window has not reset yet, the smallest share of requests left
     * ({@code remaining / limit}, 0..1); 0 while the IP is banned (HTTP 403); 1 when no open window is known.
     */
    synchronized double headroom(long serverNow) {
        if (bannedUntil > serverNow) {
            return 0;
        }
        double least = 1;
        for (Window w : windows.values()) {
            if (w.resetAt > serverNow && w.remaining != Long.MAX_VALUE) {
                least = Math.min(least, w.limit > 0 ? Math.max(0, w.remaining) / (double) w.limit : w.remaining > 0 ? 1 : 0);
            }
        }
        return least;
    }

    /** A call to {@code endpoint} goes out: one fewer left. */
    synchronized void sent(String endpoint) {
        Window w = windows.get(endpoint);
        if (w != null && w.remaining != Long.MAX_VALUE) {
            w.remaining--;
        }
    }

    /** Takes the limit headers of an answer. */
    synchronized void observe(String endpoint, HttpHeaders headers, long serverNow) {
        OptionalLong status = number(headers, STATUS);
        if (status.isEmpty()) {
            return;
        }
        Window w = windows.computeIfAbsent(endpoint, e -> new Window());
        w.remaining = status.getAsLong();
        w.limit = number(headers, LIMIT).orElse(0);
        w.resetAt = number(headers, RESET).orElse(0);
        if (w.remaining <= 0 && w.resetAt <= serverNow) {
            w.resetAt = serverNow + WINDOW_MS;
        }
    }

    /** Bybit said 10006 (too many visits): nothing more to the endpoint until the reset it named, else for a window. */
    synchronized void limited(String endpoint, HttpHeaders headers, long serverNow) {
        Window w = windows.computeIfAbsent(endpoint, e -> new Window());
        w.remaining = 0;
        long reset = number(headers, RESET).orElse(0);
        w.resetAt = reset > serverNow ? reset : serverNow + WINDOW_MS;
    }

    /** HTTP 403: the IP is over its limit; nothing goes out until {@code until}. */
    synchronized void ban(long until, String reason) {
        if (until > bannedUntil) {
            bannedUntil = until;
            banReason = reason;
        }
    }

    static OptionalLong number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::strip).filter(s -> s.matches("-?\\d+"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }
}
