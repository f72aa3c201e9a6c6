package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;

import java.util.List;

/**
 * What a trader asks of a trade list beside the KPIs: the best and the worst trade, the longest runs of winners and
 * of losers (in closing order; a trade at exactly zero ends both), and how long winners and losers were held.
 *
 * @param best                 the trade with the highest net PnL (null without trades)
 * @param worst                the trade with the lowest net PnL (null without trades)
 * @param longestWinStreak     most winners in a row
 * @param longestLossStreak    most losers in a row
 * @param avgWinnerMinutes     mean holding time of winners, NaN without any
 * @param avgLoserMinutes      mean holding time of losers, NaN without any
 */
public record TradeInsights(TradeRecord best, TradeRecord worst, int longestWinStreak, int longestLossStreak,
                            double avgWinnerMinutes, double avgLoserMinutes, int winners, int losers) {

    public static TradeInsights of(List<TradeRecord> trades) {
        TradeRecord best = null;
        TradeRecord worst = null;
        int win = 0;
        int loss = 0;
        int maxWin = 0;
        int maxLoss = 0;
        double winMinutes = 0;
        double lossMinutes = 0;
        int winners = 0;
        int losers = 0;
        List<TradeRecord> byExit = trades.stream()
                .sorted(java.util.Comparator.comparingLong(TradeRecord::exitTime).thenComparing(TradeRecord::id)).toList();
        for (TradeRecord t : byExit) {
            if (best == null || t.netPnl() > best.netPnl()) {
                best = t;
            }
            if (worst == null || t.netPnl() < worst.netPnl()) {
                worst = t;
            }
            if (t.netPnl() > 0) {
                win++;
                loss = 0;
                winners++;
                winMinutes += t.holdingMinutes();
            } else if (t.netPnl() < 0) {
                loss++;
                win = 0;
                losers++;
                lossMinutes += t.holdingMinutes();
            } else {
                win = 0;
                loss = 0;
            }
            maxWin = Math.max(maxWin, win);
            maxLoss = Math.max(maxLoss, loss);
        }
        return new TradeInsights(best, worst, maxWin, maxLoss, winners == 0 ? Double.NaN : winMinutes / winners,
                losers == 0 ? Double.NaN : lossMinutes / losers, winners, losers);
    }
}
