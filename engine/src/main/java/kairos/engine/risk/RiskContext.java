package kairos.engine.risk;

/**
 * The account state the risk guard checks an entry against (the kernel computes it from the portfolio).
 *
 * @param drawdown (peak − equity) / peak
 * @param dailyPnl change of equity since 00:00 UTC, a fraction of that day's opening equity
 * @param openRisk sum of the open positions' risk (|entry − stop| × qty), a fraction of equity
 * @param paused   a pause is in force (rule action or operator)
 * @param halt     why a hard halt bans entries now ({@link HardHalts}), or null
 */
public record RiskContext(double drawdown, double dailyPnl, double openRisk, boolean paused, String halt) {
    public static final RiskContext CALM = new RiskContext(0, 0, 0, false, null);

    public RiskContext(double drawdown, double dailyPnl, double openRisk, boolean paused) {
        this(drawdown, dailyPnl, openRisk, paused, null);
    }
}
