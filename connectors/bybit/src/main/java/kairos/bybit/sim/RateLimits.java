package kairos.bybit.sim;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bybit's two request limits: per API key and endpoint, a rolling one-second window (answered with retCode 10006
 * and the {@code X-Bapi-Limit*} headers), and per IP a rolling window over every request (answered with HTTP 403,
 * "access too frequent"). Windows run on the simulator's request clock, so stepped tests hit them deterministically.
 */
final class RateLimits {
    /** Bybit's documented per-second limits for the endpoints the simulator serves (UTA, linear). */
    static Map<String, Integer> documented() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String p : new String[] {"/v5/order/create", "/v5/order/amend", "/v5/order/cancel", "/v5/order/cancel-all",
                "/v5/position/set-leverage", "/v5/position/switch-mode", "/v5/position/trading-stop", "/v5/user/query-api"}) {
            m.put(p, 10);
        }
        for (String p : new String[] {"/v5/order/realtime", "/v5/order/history", "/v5/execution/list", "/v5/position/list",
                "/v5/account/wallet-balance"}) {
            m.put(p, 50);
        }
        return m;
    }

    /** A request's place in its window: allowed or not, the limit, what remains, when the window frees. */
    record Verdict(boolean allowed, int limit, int remaining, long resetAt) {
    }

    private final Map<String, Integer> perSecond;
    private final int ipLimit;
    private final long ipWindowMs;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();
    private final ArrayDeque<Long> ipWindow = new ArrayDeque<>();

    RateLimits(Map<String, Integer> perSecond, int ipLimit, long ipWindowMs) {
        this.perSecond = Map.copyOf(perSecond);
        this.ipLimit = ipLimit;
        this.ipWindowMs = ipWindowMs;
    }

    int limit(String path) {
        return perSecond.getOrDefault(path, 10);
    }

    synchronized Verdict endpoint(String apiKey, String path, long now) {
        int limit = limit(path);
        ArrayDeque<Long> w = windows.computeIfAbsent(apiKey + " " + path, k -> new ArrayDeque<>());
        while (!w.isEmpty() && w.peekFirst() <= now - 1_000) {
            w.pollFirst();
        }
        if (w.size() >= limit) {
            return new Verdict(false, limit, 0, w.peekFirst() + 1_000);
        }
        w.addLast(now);
        return new Verdict(true, limit, limit - w.size(), now);
    }

    /** Counts a request against the IP window; false when over the limit. */
    synchronized boolean ip(long now) {
        while (!ipWindow.isEmpty() && ipWindow.peekFirst() <= now - ipWindowMs) {
            ipWindow.pollFirst();
        }
        if (ipWindow.size() >= ipLimit) {
            return false;
        }
        ipWindow.addLast(now);
        return true;
    }
}
