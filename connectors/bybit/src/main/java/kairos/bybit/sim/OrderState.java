package kairos.bybit.sim;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/**
 * The simulator's truth about one order at the moment it was read: what a test compares Kairos' own order book
 * with. {@code stopOrderType} is {@code UNKNOWN} for a plain order, {@code Stop} for a conditional one, and
 * {@code StopLoss}/{@code TakeProfit} for the position's TP/SL.
 */
public record OrderState(String orderId, String orderLinkId, String symbol, Side side, String orderType, BigDecimal price,
                         BigDecimal qty, String timeInForce, String status, boolean reduceOnly, boolean closeOnTrigger,
                         BigDecimal triggerPrice, int triggerDirection, String stopOrderType, BigDecimal takeProfit,
                         BigDecimal stopLoss, BigDecimal cumExecQty, BigDecimal leavesQty, BigDecimal avgPrice,
                         BigDecimal cumExecFee, String cancelType, String rejectReason, long createdTime, long updatedTime) {

    public boolean isOpen() {
        return SimOrder.OPEN.contains(status);
    }
}
