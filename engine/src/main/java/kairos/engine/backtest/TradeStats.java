package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KPIs of a set of closed trades, used for the whole backtest and for each {@code per_strategy} and
 * {@code per_rule} group. A win is a trade with {@code netPnl > 0}, a loss one with {@code netPnl < 0};
 * a trade at exactly zero is neither (it still counts in {@code trades} and lowers the win rate).
 *
 * <p>Ratios over nothing are NaN here and {@code null} in JSON: {@code winRate} and {@code expectancy}
 * without trades, {@code profitFactor} without losses (including the all-winners case, where it would
 * be infinite), {@code avgWinLossRatio} without wins or without losses.
 *
 * @param profitFactor    gross profit / gross loss, both over {@code netPnl}
 * @param avgWinLossRatio mean win / |mean loss|
 * @param expectancy      mean {@code netPnl} per trade, quote currency
 * @param fundingPaid     sum of funding paid; negative when more was received than paid
 */
public record TradeStats(
        int trades,
        double winRate,
        double profitFactor,
        double avgWinLossRatio,
        double expectancy,
        double netPnl,
        double feesPaid,
        double fundingPaid) {

    /** Computes the KPIs of {@code trades}; an empty list gives zero counts and sums and NaN ratios. */
    public static TradeStats of(List<TradeRecord> trades) {
        int wins = 0;
        int losses = 0;
        double grossProfit = 0;
        double grossLoss = 0;
        double net = 0;
        double fees = 0;
        double funding = 0;
        for (TradeRecord t : trades) {
            if (t.netPnl() > 0) {
                wins++;
                grossProfit += t.netPnl();
            } else if (t.netPnl() < 0) {
                losses++;
                grossLoss -= t.netPnl();
            }
            net += t.netPnl();
            fees += t.fees();
            funding += t.funding();
        }
        int n = trades.size();
        double winRate = n == 0 ? Double.NaN : (double) wins / n;
        double profitFactor = losses == 0 ? Double.NaN : grossProfit / grossLoss;
        double avgWinLoss = wins == 0 || losses == 0
                ? Double.NaN
                : (grossProfit / wins) / (grossLoss / losses);
        double expectancy = n == 0 ? Double.NaN : net / n;
        return new TradeStats(n, winRate, profitFactor, avgWinLoss, expectancy, net, fees, funding);
    }

    /** The JSON object, snake_case keys in a fixed order, non-finite values as {@code null}. */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("trades", trades);
        map.put("win_rate", JsonNumbers.finiteOrNull(winRate));
        map.put("profit_factor", JsonNumbers.finiteOrNull(profitFactor));
        map.put("avg_win_loss_ratio", JsonNumbers.finiteOrNull(avgWinLossRatio));
        map.put("expectancy", JsonNumbers.finiteOrNull(expectancy));
        map.put("net_pnl", netPnl);
        map.put("fees_paid", feesPaid);
        map.put("funding_paid", fundingPaid);
        return map;
    }
}
