package kairos.engine.backtest;

import kairos.engine.domain.Side;

/**
 * One closed position (partial exits summed): {@code exitPrice} is the quantity-weighted mean of the exit fills,
 * {@code fees} >= 0, {@code funding} paid (negative when received), {@code netPnl = grossPnl - fees - funding}.
 */
public record TradeRecord(String id, String symbol, Side side, String strategy, String entryRule, long entryTime,
                          double entryPrice, long exitTime, double exitPrice, double qty, double grossPnl, double fees,
                          double funding, double netPnl, String exitReason) {
}
