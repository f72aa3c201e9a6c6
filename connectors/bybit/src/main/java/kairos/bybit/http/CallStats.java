package kairos.bybit.http;

/**
 * Outcomes and latencies of the last {@code size} REST calls, for the risk guard's view of the venue
 * ({@link RestHealth}). A failure is a call without a usable answer or refused for its rate; a business refusal
 * (insufficient balance, order not found) is an answer, not a failure. Thread-safe.
 */
final class CallStats {
    private final boolean[] failed;
    private final long[] latency;
    private int next;
    private int count;

    CallStats(int size) {
        failed = new boolean[size];
        latency = new long[size];
    }

    synchronized void record(boolean failure, long latencyMs) {
        failed[next] = failure;
        latency[next] = Math.max(0, latencyMs);
        next = (next + 1) % failed.length;
        count = Math.min(count + 1, failed.length);
    }

    /** Share of failed calls in the window, 0 when none was made. */
    synchronized double errorRate() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += failed[i] ? 1 : 0;
        }
        return count == 0 ? 0 : (double) n / count;
    }

    /** Mean latency of the calls in the window, ms. */
    synchronized double meanLatencyMs() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += latency[i];
        }
        return count == 0 ? 0 : (double) sum / count;
    }

    synchronized int count() {
        return count;
    }
}
