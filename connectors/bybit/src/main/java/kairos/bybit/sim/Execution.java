package kairos.bybit.sim;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/**
 * One execution on the simulated account: a fill ({@code execType} {@code Trade}) or a funding settlement
 * ({@code Funding}: not a trade; {@code execFee} is the funding paid, negative when received, {@code execQty} the
 * position size and {@code execPrice} the mark price). {@code execPnl} is the gross PnL of the part that closed a
 * position.
 */
public record Execution(String execId, String orderId, String orderLinkId, String symbol, Side side, String orderType,
                        String stopOrderType, String createType, String execType, BigDecimal execPrice, BigDecimal execQty,
                        BigDecimal execValue, BigDecimal execFee, BigDecimal feeRate, boolean isMaker, long execTime,
                        BigDecimal leavesQty, BigDecimal orderQty, BigDecimal orderPrice, BigDecimal closedSize,
                        BigDecimal execPnl, BigDecimal markPrice, long seq) {

    public boolean isTrade() {
        return "Trade".equals(execType);
    }
}
