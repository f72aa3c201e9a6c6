package kairos.bybit.sim;

import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.util.Set;

/**
 * An order on the simulated exchange, from creation to a closed status. Mutated only by {@link SimExchange} under
 * its lock; {@link #state()} is the immutable copy tests and REST answers read.
 */
final class SimOrder {
    static final Set<String> OPEN = Set.of("New", "PartiallyFilled", "Untriggered");

    final String orderId;
    final String orderLinkId;
    final String symbol;
    final Side side;
    final String orderType;
    final String timeInForce;
    final boolean reduceOnly;
    final boolean closeOnTrigger;
    final String stopOrderType;
    final String createType;
    final int triggerDirection;
    final String triggerBy;
    final long createdTime;
    final BigDecimal lastPriceOnCreated;
    /** A position TP/SL order: its quantity follows the position and it closes the whole of it. */
    final boolean positionTpsl;
    BigDecimal price;
    BigDecimal qty;
    BigDecimal triggerPrice;
    BigDecimal takeProfit = BigDecimal.ZERO;
    BigDecimal stopLoss = BigDecimal.ZERO;
    String tpTriggerBy = "UNKNOWN";
    String slTriggerBy = "UNKNOWN";
    String tpslMode = "";
    String status;
    String cancelType = "UNKNOWN";
    String rejectReason = "EC_NoError";
    BigDecimal cumExecQty = BigDecimal.ZERO;
    BigDecimal cumExecValue = BigDecimal.ZERO;
    BigDecimal cumExecFee = BigDecimal.ZERO;
    BigDecimal closedPnl = BigDecimal.ZERO;
    long updatedTime;
    /** Would have taken liquidity when placed (a market order, or a limit through the last price): fills as taker. */
    boolean taker;
    /** Sequence of creation, for time priority. */
    final long sequence;

    SimOrder(String orderId, String orderLinkId, String symbol, Side side, String orderType, BigDecimal price, BigDecimal qty,
             String timeInForce, boolean reduceOnly, boolean closeOnTrigger, BigDecimal triggerPrice, int triggerDirection,
             String triggerBy, String stopOrderType, String createType, boolean positionTpsl, long createdTime,
             BigDecimal lastPriceOnCreated, long sequence) {
        this.orderId = orderId;
        this.orderLinkId = orderLinkId;
        this.symbol = symbol;
        this.side = side;
        this.orderType = orderType;
        this.price = price;
        this.qty = qty;
        this.timeInForce = timeInForce;
        this.reduceOnly = reduceOnly;
        this.closeOnTrigger = closeOnTrigger;
        this.triggerPrice = triggerPrice;
        this.triggerDirection = triggerDirection;
        this.triggerBy = triggerBy;
        this.stopOrderType = stopOrderType;
        this.createType = createType;
        this.positionTpsl = positionTpsl;
        this.createdTime = createdTime;
        this.updatedTime = createdTime;
        this.lastPriceOnCreated = lastPriceOnCreated;
        this.sequence = sequence;
        this.status = triggerPrice != null ? "Untriggered" : "New";
    }

    boolean isOpen() {
        return OPEN.contains(status);
    }

    boolean isConditional() {
        return !"UNKNOWN".equals(stopOrderType);
    }

    /** Placed and waiting for a trade (not a conditional order still to trigger). */
    boolean isActive() {
        return "New".equals(status) || "PartiallyFilled".equals(status);
    }

    BigDecimal leavesQty() {
        return isOpen() ? qty.subtract(cumExecQty) : BigDecimal.ZERO;
    }

    BigDecimal avgPrice() {
        return cumExecQty.signum() == 0 ? BigDecimal.ZERO
                : cumExecValue.divide(cumExecQty, 8, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }

    OrderState state() {
        return new OrderState(orderId, orderLinkId, symbol, side, orderType, price, qty, timeInForce, status, reduceOnly,
                closeOnTrigger, triggerPrice == null ? BigDecimal.ZERO : triggerPrice, triggerDirection, stopOrderType,
                takeProfit, stopLoss, cumExecQty, leavesQty(), avgPrice(), cumExecFee, cancelType, rejectReason, createdTime,
                updatedTime);
    }
}
