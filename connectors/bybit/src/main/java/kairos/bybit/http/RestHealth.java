package kairos.bybit.http;

/**
 * The REST connection's health for the risk guard: the circuit breaker's state ({@code CLOSED}, {@code OPEN},
 * {@code HALF_OPEN}; while not closed, routine calls — new entries, market data — are held back and only
 * protective ones go out), the share of failed calls and the mean latency over the recent window
 * ({@code calls} of them), the measured offset of Bybit's clock from the local one, and whether Bybit is under
 * maintenance (its last answer was HTTP 503, and none succeeded since), and the rate-limit headroom (the smallest share
 * of an endpoint's requests left in its current window, 0..1; 0 while the IP is banned).
 */
public record RestHealth(String breakerState, double errorRate, double meanLatencyMs, int calls,
                         long clockOffsetMs, boolean maintenance, double rateLimitHeadroom) {

    /** Whether new entries are halted: the breaker is not closed. */
    public boolean entriesHalted() {
        return !"CLOSED".equals(breakerState);
    }
}
