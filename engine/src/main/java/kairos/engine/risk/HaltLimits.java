package kairos.engine.risk;

/**
 * Thresholds of the hard halts ({@link HardHalts}), at the specification's values by default. The configuration
 * may only make them stricter; rules may add stricter halts of their own but cannot remove these.
 *
 * @param flashMoveMax        a move of more than this fraction of price within one minute is a flash crash or
 *                            pump (R16.1: 5%)
 * @param flashPauseMinutes   after a flash move: positions closed, orders cancelled, no entries this long (R16.2: 30)
 * @param staleFeedSeconds    no market data for a symbol (that streams ticks) for this long: no entries (R16.12)
 * @param latencyCriticalMs   feed latency at or above this: no new positions (R16.14: 1000 ms)
 * @param apiErrorRateMax     share of failed venue calls above this: no new positions (R16.5)
 * @param delistingHours      a delisting this close: the position is closed and no entries taken (R16.7: 24 h)
 * @param blackSwanDrawdown   drawdown above this: everything closed, trading stopped until an operator resumes
 *                            (R16.8-R16.11: 15%)
 */
public record HaltLimits(double flashMoveMax, double flashPauseMinutes, double staleFeedSeconds,
                         double latencyCriticalMs, double apiErrorRateMax, double delistingHours,
                         double blackSwanDrawdown) {

    static final double FLASH_MOVE = 0.05;
    static final double FLASH_PAUSE_MINUTES = 30;
    static final double STALE_FEED_SECONDS_MAX = 300;
    static final double LATENCY_CRITICAL_MS = 1000;
    static final double API_ERROR_RATE = 0.2;
    static final double DELISTING_HOURS = 24;
    static final double BLACK_SWAN_DRAWDOWN = 0.15;

    public static final HaltLimits SPEC = new HaltLimits(FLASH_MOVE, FLASH_PAUSE_MINUTES, 10, LATENCY_CRITICAL_MS,
            API_ERROR_RATE, DELISTING_HOURS, BLACK_SWAN_DRAWDOWN);

    public HaltLimits {
        atMost("flash move", flashMoveMax, FLASH_MOVE, true);
        atLeast("flash pause minutes", flashPauseMinutes, FLASH_PAUSE_MINUTES);
        atMost("stale feed seconds", staleFeedSeconds, STALE_FEED_SECONDS_MAX, true);
        atMost("critical latency ms", latencyCriticalMs, LATENCY_CRITICAL_MS, true);
        atMost("API error rate", apiErrorRateMax, API_ERROR_RATE, false);
        atLeast("delisting hours", delistingHours, DELISTING_HOURS);
        atMost("black swan drawdown", blackSwanDrawdown, BLACK_SWAN_DRAWDOWN, true);
    }

    private static void atMost(String what, double v, double max, boolean positive) {
        if (!(v <= max) || (positive ? !(v > 0) : !(v >= 0))) {
            throw new IllegalArgumentException(what + " must be within " + (positive ? "(0, " : "[0, ") + max
                    + "] (only stricter than the specification), got " + v);
        }
    }

    private static void atLeast(String what, double v, double min) {
        if (!(v >= min) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be at least " + min
                    + " (only stricter than the specification), got " + v);
        }
    }
}
