package kairos.engine.kernel;

/**
 * Account equity (cash plus unrealised P&amp;L, in quote currency) sampled at one bar of the replay.
 * The backtest records one point per bar so that drawdown, daily returns and exposure are measured on
 * the same clock as the decisions.
 *
 * @param time       epoch milliseconds UTC of the sample
 * @param inPosition whether any position was open at that sample
 */
public record EquityPoint(long time, double equity, boolean inPosition) {

    public EquityPoint {
        if (!Double.isFinite(equity)) {
            throw new IllegalArgumentException("equity at " + time + " must be finite, got " + equity);
        }
    }
}
