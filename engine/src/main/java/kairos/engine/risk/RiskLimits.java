package kairos.engine.risk;

/**
 * Hard limits the Java risk guard enforces whatever the rules say. Rules can only make a trade smaller
 * (size factors below 1), veto it or pause trading; they cannot raise these.
 *
 * @param maxRiskPerTrade fraction of equity lost if the stop is hit (distance to stop × qty / equity); at most 2%
 * @param maxLeverage     notional of one position / equity
 * @param maxDrawdown     drawdown from the equity peak above which no entry is taken (kill switch, R6.18)
 * @param maxDailyLoss    loss since 00:00 UTC, a fraction of that day's opening equity, at which entries stop (R6.14)
 * @param maxOpenRisk     sum of the open positions' risk, a fraction of equity, never exceeded by a new entry (R6.20)
 */
public record RiskLimits(double maxRiskPerTrade, double maxLeverage, double maxDrawdown, double maxDailyLoss,
                         double maxOpenRisk) {

    /** The specification's cap on the amount at risk per trade (R6.1, R11.10). */
    public static final double RISK_PER_TRADE_CAP = 0.02;
    /** The specification's drawdown stop (R6.18), daily loss limit (R6.14) and exposure limit (R6.20). */
    public static final double DRAWDOWN_STOP = 0.10;
    public static final double DAILY_LOSS_LIMIT = 0.03;
    public static final double OPEN_RISK_LIMIT = 0.10;

    public RiskLimits {
        if (!(maxRiskPerTrade > 0) || maxRiskPerTrade > RISK_PER_TRADE_CAP) {
            throw new IllegalArgumentException("max risk per trade must be in (0, " + RISK_PER_TRADE_CAP + "], got " + maxRiskPerTrade);
        }
        if (!(maxLeverage > 0) || maxLeverage > 10) {
            throw new IllegalArgumentException("max leverage must be in (0, 10], got " + maxLeverage);
        }
        if (!(maxDrawdown > 0) || maxDrawdown > DRAWDOWN_STOP) {
            throw new IllegalArgumentException("max drawdown must be in (0, " + DRAWDOWN_STOP + "], got " + maxDrawdown);
        }
        if (!(maxDailyLoss > 0) || maxDailyLoss > DAILY_LOSS_LIMIT) {
            throw new IllegalArgumentException("max daily loss must be in (0, " + DAILY_LOSS_LIMIT + "], got " + maxDailyLoss);
        }
        if (!(maxOpenRisk > 0) || maxOpenRisk > OPEN_RISK_LIMIT) {
            throw new IllegalArgumentException("max open risk must be in (0, " + OPEN_RISK_LIMIT + "], got " + maxOpenRisk);
        }
    }

    /** Per-trade risk and leverage from the configuration; the other limits at the specification's values. */
    public RiskLimits(double maxRiskPerTrade, double maxLeverage) {
        this(maxRiskPerTrade, maxLeverage, DRAWDOWN_STOP, DAILY_LOSS_LIMIT, OPEN_RISK_LIMIT);
    }
}
