package kairos.engine.rules;

/**
 * Rule fact: the account's risk at the decision point, computed by the kernel from the portfolio.
 *
 * @param drawdown             (peak equity − equity) / peak equity, 0..1
 * @param dailyPnl             (equity − equity at 00:00 UTC) / equity at 00:00 UTC; −0.03 is a 3% daily loss
 * @param consecutiveLosses    closed trades in a row with a net loss, counted back from the last one
 * @param minutesSinceLastLoss minutes since the last losing trade closed (+∞ when none)
 * @param openPositions        open positions over all symbols
 * @param correlatedPositions  open positions in other symbols (every USDT perpetual counts as correlated)
 * @param openRisk             sum over open positions of |entry − stop| × qty, a fraction of equity
 * @param paused               true while a pause action or an operator pause is in force
 * @param pauseReason          why (empty when not paused)
 * @param closedTrades         closed trades in the Kelly window
 * @param winRate              wins / closed trades in the window (NaN with none)
 * @param avgWin               mean net profit of the window's winners (NaN with none)
 * @param avgLoss              mean net loss (positive) of the window's losers (NaN with none)
 */
public record RiskState(String symbol, double drawdown, double dailyPnl, int consecutiveLosses,
                        double minutesSinceLastLoss, int openPositions, int correlatedPositions, double openRisk,
                        boolean paused, String pauseReason, int closedTrades, double winRate, double avgWin,
                        double avgLoss) {

    /** Closed trades (most recent) the Kelly statistics are computed over. */
    public static final int KELLY_WINDOW = 50;

    /** A fresh account: no drawdown, no trades, no pause. */
    public static RiskState calm(String symbol) {
        return new RiskState(symbol, 0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, false, "", 0, Double.NaN,
                Double.NaN, Double.NaN);
    }

    public String getSymbol() { return symbol; }
    public double getDrawdown() { return drawdown; }
    public double getDailyPnl() { return dailyPnl; }
    public int getConsecutiveLosses() { return consecutiveLosses; }
    public double getMinutesSinceLastLoss() { return minutesSinceLastLoss; }
    public int getOpenPositions() { return openPositions; }
    public int getCorrelatedPositions() { return correlatedPositions; }
    public double getOpenRisk() { return openRisk; }
    public boolean isPaused() { return paused; }
    public String getPauseReason() { return pauseReason; }
    public int getClosedTrades() { return closedTrades; }
    public double getWinRate() { return winRate; }
    public double getAvgWin() { return avgWin; }
    public double getAvgLoss() { return avgLoss; }

    /**
     * Kelly fraction (R6.1): (win rate × avg win − loss rate × avg loss) / avg win. NaN without closed trades;
     * 1 when every trade won; −1 when none did (a certain loser).
     */
    public double getKelly() {
        if (closedTrades == 0 || Double.isNaN(winRate)) {
            return Double.NaN;
        }
        if (!(avgWin > 0)) {
            return -1;
        }
        if (Double.isNaN(avgLoss)) {
            return 1;
        }
        return (winRate * avgWin - (1 - winRate) * avgLoss) / avgWin;
    }
}
