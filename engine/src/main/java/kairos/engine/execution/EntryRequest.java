package kairos.engine.execution;

import kairos.engine.domain.Side;

/**
 * An entry the risk guard has sized: what the {@link OrderManager} works on the venue.
 *
 * @param limit      true for a limit entry (priced {@code limitOffset} inside {@code refPrice}), false for market
 * @param refPrice   the decision's reference price (the limit reference, or the close a market entry expects)
 * @param qty        quantity already rounded to the instrument's step by the risk guard
 * @param stop       the initial stop, rounded to the tick
 * @param atr        ATR of the strategy timeframe at the decision, for the take-profit ladder (NaN: none)
 * @param target     a single take-profit price used when no ladder applies (NaN: none)
 * @param ladder     the proposal's own ladder, or null for the configured one
 */
public record EntryRequest(String symbol, Side side, boolean limit, double refPrice, double qty, double stop,
                           double atr, double target, TakeProfitLadder ladder, String strategy, String rule,
                           long time) {
}
