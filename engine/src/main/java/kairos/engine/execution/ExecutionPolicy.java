package kairos.engine.execution;

/**
 * How entries are worked (R7.1–R7.8) and how positions are managed after the fill (R6.4–R6.13).
 *
 * <p>Entries: a limit entry rests {@code limitOffset} (0.05%) inside the reference price; after
 * {@code fillTimeoutMs} (30 s) without a complete fill it is accepted if at least {@code minPartialFill} (50%)
 * has filled, else re-priced at the last close (up to {@code maxReprices} times), else cancelled and any small
 * partial position closed. A market entry carries a slippage bound of {@code maxSlippage} (0.1%) from the
 * reference price and is rejected by the venue beyond it. An entry whose notional exceeds
 * {@code icebergSliceNotional} is split into equal slices sent {@code icebergIntervalMs} apart, each interval
 * jittered by up to ±50% from a seed derived from the entry's link id (deterministic, R7.7).
 * A bar-based backtest has no seconds: the timeout is compared against event time, so with 1m bars a 30 s limit
 * order gets exactly the first bar after it becomes live.
 *
 * <p>Exits: the take-profit ladder, the stop moved to breakeven after TP1 ({@code breakevenAfterTp1}), trailing
 * once TP1 has filled (tightest of the enabled methods: Parabolic SAR, {@code profitShare} (70%) of the maximum
 * open profit, structure: beyond the last swing low/high of {@code swingBars} bars each side), and a time stop
 * after {@code timeStopMinutes} (120) while TP1 has not been reached. {@code ackTimeoutMs} is how long an order may
 * stay unacknowledged before it becomes UNKNOWN and is queried.
 */
public record ExecutionPolicy(double limitOffset, long fillTimeoutMs, double minPartialFill, int maxReprices,
                              double maxSlippage, double icebergSliceNotional, long icebergIntervalMs,
                              TakeProfitLadder ladder, boolean breakevenAfterTp1, boolean trailSar,
                              boolean trailProfitShare, double profitShare, boolean trailStructure, int swingBars,
                              double timeStopMinutes, long ackTimeoutMs) {

    public static final ExecutionPolicy DEFAULT = new ExecutionPolicy(0.0005, 30_000, 0.5, 1, 0.001, 250_000, 20_000,
            TakeProfitLadder.DEFAULT, true, true, true, 0.7, true, 2, 120, 10_000);

    public ExecutionPolicy {
        check(limitOffset >= 0 && limitOffset <= 0.05, "limit offset must be within [0, 5%]");
        check(fillTimeoutMs >= 1 && fillTimeoutMs <= 86_400_000, "fill timeout must be within [1 ms, 1 day]");
        check(minPartialFill > 0 && minPartialFill <= 1, "minimum partial fill must be within (0, 1]");
        check(maxReprices >= 0 && maxReprices <= 100, "max reprices must be within [0, 100]");
        check(maxSlippage > 0 && maxSlippage <= 0.05, "max slippage must be within (0, 5%]");
        check(icebergSliceNotional > 0, "iceberg slice notional must be > 0");
        check(icebergIntervalMs >= 0, "iceberg interval must be >= 0");
        check(profitShare > 0 && profitShare < 1, "profit share must be within (0, 1)");
        check(swingBars >= 1 && swingBars <= 20, "swing bars must be within [1, 20]");
        check(timeStopMinutes >= 0, "time stop must be >= 0 minutes (0: off)");
        check(ackTimeoutMs >= 1, "ack timeout must be >= 1 ms");
        java.util.Objects.requireNonNull(ladder, "ladder");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public ExecutionPolicy withLadder(TakeProfitLadder newLadder) {
        return new ExecutionPolicy(limitOffset, fillTimeoutMs, minPartialFill, maxReprices, maxSlippage,
                icebergSliceNotional, icebergIntervalMs, newLadder, breakevenAfterTp1, trailSar, trailProfitShare,
                profitShare, trailStructure, swingBars, timeStopMinutes, ackTimeoutMs);
    }

    public boolean trailing() {
        return trailSar || trailProfitShare || trailStructure;
    }
}
