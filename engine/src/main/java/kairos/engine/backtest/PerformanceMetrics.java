package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The KPIs of one backtest, the metric part of {@code summary.json} (the CLI adds the run's
 * {@code start}, {@code end}, {@code symbols}, {@code timeframe}, ... around it).
 *
 * <p>Serialised with any Jackson {@code ObjectMapper} through {@link #toMap()}: snake_case keys in a
 * fixed order and NaN written as {@code null}. NaN means undefined: see {@link TradeStats} for the trade
 * ratios; {@code sharpe} is undefined with fewer than two days or a flat curve, {@code sortino} without
 * a losing day, {@code calmar} without a drawdown, {@code avgHoldingMinutes} without trades.
 *
 * <p>Definitions. Daily returns: see {@link DailyReturns} (UTC days, sample stdev, sqrt(365)).
 * {@code days = (endExclusive - start) / 86,400,000}. {@code annualised return = (final/initial)^(365/days)
 * - 1}; {@code calmar = annualised return / maxDrawdown}. Drawdowns: see {@link Drawdown}, with the
 * initial equity as the first peak. {@code exposureTime} is the fraction of equity points in a position;
 * {@code buyAndHoldReturn = lastPrice / firstPrice - 1}. {@code finalEquity} is the last point's equity
 * (the initial equity when there are none). Groups in {@code perStrategy} and {@code perRule} are sorted
 * by name.
 */
public record PerformanceMetrics(
        int trades,
        double winRate,
        double profitFactor,
        double avgWinLossRatio,
        double expectancy,
        double netPnl,
        double sharpe,
        double sortino,
        double calmar,
        double maxDrawdown,
        double maxDrawdownDays,
        double totalReturn,
        double tradesPerDay,
        double avgHoldingMinutes,
        double feesPaid,
        double fundingPaid,
        double exposureTime,
        double buyAndHoldReturn,
        double initialEquity,
        double finalEquity,
        Map<String, TradeStats> perStrategy,
        Map<String, TradeStats> perRule) {

    public PerformanceMetrics {
        perStrategy = Collections.unmodifiableMap(new TreeMap<>(perStrategy));
        perRule = Collections.unmodifiableMap(new TreeMap<>(perRule));
    }

    /**
     * Computes the metrics of a finished replay.
     *
     * @param trades        closed positions, any order
     * @param equity        one point per replayed bar, in time order
     * @param initialEquity equity before the first bar, {@code > 0}
     * @param start         first instant of the replay window, epoch ms UTC
     * @param endExclusive  end of the replay window (exclusive), {@code > start}
     * @param firstPrice    first close of the traded symbol, for buy and hold
     * @param lastPrice     last close of the traded symbol
     */
    public static PerformanceMetrics compute(List<TradeRecord> trades, List<EquityPoint> equity,
            double initialEquity, long start, long endExclusive, double firstPrice, double lastPrice) {
        if (!(initialEquity > 0) || Double.isInfinite(initialEquity)) {
            throw new IllegalArgumentException("initialEquity must be a positive number, got " + initialEquity);
        }
        if (endExclusive <= start) {
            throw new IllegalArgumentException("endExclusive " + endExclusive + " must be after start " + start);
        }
        requireTimeOrder(equity);
        TradeStats all = TradeStats.of(trades);
        double finalEquity = equity.isEmpty() ? initialEquity : equity.get(equity.size() - 1).equity();
        double days = (endExclusive - start) / (double) DailyReturns.DAY_MILLIS;
        double[] daily = DailyReturns.of(equity, initialEquity, start, endExclusive);
        Drawdown drawdown = Drawdown.of(equity, initialEquity, start, endExclusive);
        double annualised = Math.pow(finalEquity / initialEquity, 365 / days) - 1;
        double calmar = drawdown.maxDrawdown() == 0 ? Double.NaN : annualised / drawdown.maxDrawdown();
        return new PerformanceMetrics(
                all.trades(),
                all.winRate(),
                all.profitFactor(),
                all.avgWinLossRatio(),
                all.expectancy(),
                all.netPnl(),
                DailyReturns.sharpe(daily),
                DailyReturns.sortino(daily),
                calmar,
                drawdown.maxDrawdown(),
                drawdown.maxDrawdownDays(),
                finalEquity / initialEquity - 1,
                trades.size() / days,
                averageHoldingMinutes(trades),
                all.feesPaid(),
                all.fundingPaid(),
                exposure(equity),
                lastPrice / firstPrice - 1,
                initialEquity,
                finalEquity,
                groupStats(trades, TradeRecord::strategy),
                groupStats(trades, TradeRecord::entryRule));
    }

    /** The {@code summary.json} metrics: snake_case keys in a fixed order, NaN as {@code null}. */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("trades", trades);
        map.put("win_rate", JsonNumbers.finiteOrNull(winRate));
        map.put("profit_factor", JsonNumbers.finiteOrNull(profitFactor));
        map.put("avg_win_loss_ratio", JsonNumbers.finiteOrNull(avgWinLossRatio));
        map.put("expectancy", JsonNumbers.finiteOrNull(expectancy));
        map.put("net_pnl", JsonNumbers.finiteOrNull(netPnl));
        map.put("sharpe", JsonNumbers.finiteOrNull(sharpe));
        map.put("sortino", JsonNumbers.finiteOrNull(sortino));
        map.put("calmar", JsonNumbers.finiteOrNull(calmar));
        map.put("max_drawdown", JsonNumbers.finiteOrNull(maxDrawdown));
        map.put("max_drawdown_days", JsonNumbers.finiteOrNull(maxDrawdownDays));
        map.put("total_return", JsonNumbers.finiteOrNull(totalReturn));
        map.put("trades_per_day", JsonNumbers.finiteOrNull(tradesPerDay));
        map.put("avg_holding_minutes", JsonNumbers.finiteOrNull(avgHoldingMinutes));
        map.put("fees_paid", JsonNumbers.finiteOrNull(feesPaid));
        map.put("funding_paid", JsonNumbers.finiteOrNull(fundingPaid));
        map.put("exposure_time", JsonNumbers.finiteOrNull(exposureTime));
        map.put("buy_and_hold_return", JsonNumbers.finiteOrNull(buyAndHoldReturn));
        map.put("initial_equity", JsonNumbers.finiteOrNull(initialEquity));
        map.put("final_equity", JsonNumbers.finiteOrNull(finalEquity));
        map.put("per_strategy", groupMaps(perStrategy));
        map.put("per_rule", groupMaps(perRule));
        return map;
    }

    private static Map<String, Object> groupMaps(Map<String, TradeStats> groups) {
        Map<String, Object> map = new LinkedHashMap<>();
        groups.forEach((name, stats) -> map.put(name, stats.toMap()));
        return map;
    }

    private static Map<String, TradeStats> groupStats(List<TradeRecord> trades,
            Function<TradeRecord, String> key) {
        Map<String, List<TradeRecord>> groups = new TreeMap<>();
        for (TradeRecord t : trades) {
            groups.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
        }
        Map<String, TradeStats> stats = new TreeMap<>();
        groups.forEach((name, list) -> stats.put(name, TradeStats.of(list)));
        return stats;
    }

    private static double averageHoldingMinutes(List<TradeRecord> trades) {
        double sum = 0;
        for (TradeRecord t : trades) {
            sum += t.holdingMinutes();
        }
        return trades.isEmpty() ? Double.NaN : sum / trades.size();
    }

    private static double exposure(List<EquityPoint> equity) {
        if (equity.isEmpty()) {
            return 0;
        }
        long inPosition = equity.stream().filter(EquityPoint::inPosition).count();
        return (double) inPosition / equity.size();
    }

    private static void requireTimeOrder(List<EquityPoint> equity) {
        for (int i = 1; i < equity.size(); i++) {
            if (equity.get(i).time() < equity.get(i - 1).time()) {
                throw new IllegalArgumentException("equity points must be in time order: point " + i
                        + " at " + equity.get(i).time() + " is before " + equity.get(i - 1).time());
            }
        }
    }
}
