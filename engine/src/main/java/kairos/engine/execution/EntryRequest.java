package kairos.engine.execution;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/**
 * An entry the risk guard has sized: what the {@link OrderManager} works on the venue.
 *
 * @param limit      true for a limit entry (priced {@code limitOffset} inside {@code refPrice}), false for market
 * @param refPrice   the decision's reference price (the limit reference, or the close a market entry expects)
 * @param qty        quantity on the instrument's step, from the risk guard
 * @param stop       the initial stop on the instrument's tick, from the risk guard
 * @param atr        ATR of the strategy timeframe at the decision, for the take-profit ladder (NaN: none)
 * @param target     a single take-profit price used when no ladder applies (NaN: none)
 * @param ladder     the proposal's own ladder, or null for the configured one
 * @param decisionId the decision that asked for the entry (the trade's {@code decision_id})
 */
public record EntryRequest(String symbol, Side side, boolean limit, double refPrice, BigDecimal qty, BigDecimal stop,
                           double atr, double target, TakeProfitLadder ladder, String strategy, String rule,
                           long time, String decisionId) {

    public EntryRequest {
        if (qty == null || qty.signum() <= 0) {
            throw new IllegalArgumentException("entry quantity must be > 0");
        }
        if (stop == null || stop.signum() <= 0) {
            throw new IllegalArgumentException("entry stop must be > 0");
        }
        decisionId = decisionId == null ? "" : decisionId;
    }

    /** Doubles for tests. */
    public EntryRequest(String symbol, Side side, boolean limit, double refPrice, double qty, double stop, double atr,
                        double target, TakeProfitLadder ladder, String strategy, String rule, long time) {
        this(symbol, side, limit, refPrice, BigDecimal.valueOf(qty), BigDecimal.valueOf(stop), atr, target, ladder,
                strategy, rule, time, "");
    }
}
