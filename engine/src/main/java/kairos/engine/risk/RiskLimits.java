package kairos.engine.risk;

/**
 * Hard limits the Java risk guard enforces whatever the rules say. Rules can only make a trade smaller
 * (size multiplier below 1) or veto it; they cannot raise these.
 *
 * @param maxRiskPerTrade fraction of equity lost if the stop is hit (distance to stop × qty / equity); at most 2%
 * @param maxLeverage     notional of one position / equity
 */
public record RiskLimits(double maxRiskPerTrade, double maxLeverage) {

    /** The specification's cap on the amount at risk per trade (R6.1, R11.10). */
    public static final double RISK_PER_TRADE_CAP = 0.02;

    public RiskLimits {
        if (!(maxRiskPerTrade > 0) || maxRiskPerTrade > RISK_PER_TRADE_CAP) {
            throw new IllegalArgumentException("max risk per trade must be in (0, " + RISK_PER_TRADE_CAP + "], got " + maxRiskPerTrade);
        }
        if (!(maxLeverage > 0) || maxLeverage > 10) {
            throw new IllegalArgumentException("max leverage must be in (0, 10], got " + maxLeverage);
        }
    }
}
