package kairos.bybit.parsing;

import java.math.BigDecimal;

import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.OrderUpdate;

/**
 * One order as Bybit V5 reports it: {@code /v5/order/realtime}, {@code /v5/order/history} and the private
 * {@code order} topic share these fields. Decimals are null where Bybit sent {@code ""}.
 *
 * <p>Bybit's {@code orderStatus} maps onto Kairos' {@link OrderStatus}: {@code Created}, {@code New},
 * {@code Active}, and the conditional states {@code Untriggered} (resting until its trigger) and {@code Triggered}
 * (the instant it turns into a market order) are {@code ACCEPTED}; {@code PartiallyFilled} is
 * {@code PARTIALLY_FILLED}; {@code Filled}; {@code Cancelled}, {@code PartiallyFilledCanceled} and
 * {@code Deactivated} (a conditional order cancelled before it triggered) are {@code CANCELLED} — a derivatives
 * order cancelled after partial fills keeps its filled quantity in {@code cumQty}; {@code Rejected}.
 */
public record BybitOrder(String orderId, String orderLinkId, String symbol, String category, String side,
                         String orderType, BigDecimal price, BigDecimal qty, BigDecimal triggerPrice,
                         Integer triggerDirection, String orderStatus, String cancelType, String rejectReason,
                         BigDecimal avgPrice, BigDecimal leavesQty, BigDecimal cumExecQty, BigDecimal cumExecFee,
                         String timeInForce, String stopOrderType, Boolean reduceOnly, Long createdTime,
                         Long updatedTime) {

    /** The link id the engine knows the order by: its orderLinkId, or {@code orderId:<id>} for an order placed without one. */
    public String linkId() {
        return orderLinkId == null || orderLinkId.isEmpty() ? "orderId:" + orderId : orderLinkId;
    }

    /** Whether this is a conditional (trigger) order: its price in Kairos is the trigger price. */
    public boolean conditional() {
        return triggerPrice != null && triggerPrice.signum() > 0;
    }

    /** Kairos' status of a Bybit {@code orderStatus}; {@code where} names the source in the error. */
    public OrderStatus status(String where) {
        String s = BybitJson.required(orderStatus, where, "orderStatus");
        return switch (s) {
            case "Created", "New", "Active", "Untriggered", "Triggered" -> OrderStatus.ACCEPTED;
            case "PartiallyFilled" -> OrderStatus.PARTIALLY_FILLED;
            case "Filled" -> OrderStatus.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> OrderStatus.CANCELLED;
            case "Rejected" -> OrderStatus.REJECTED;
            default -> throw new BybitPayloadException(where + ": order " + linkId() + ": orderStatus '" + s
                    + "' is not a Bybit V5 order status");
        };
    }

    /**
     * The engine's report of this order: price is the limit price of a limit order, else the trigger price of a
     * conditional order, else null; {@code venueSeq} and {@code time} are Bybit's {@code updatedTime}.
     */
    public OrderUpdate toUpdate(String where) {
        String at = where + ": order " + linkId();
        OrderStatus status = status(where);
        BigDecimal q = BybitJson.required(qty, at, "qty");
        long updated = BybitJson.required(updatedTime, at, "updatedTime");
        BigDecimal cum = BybitJson.required(cumExecQty, at, "cumExecQty");
        BigDecimal p = "Limit".equals(orderType) && price != null && price.signum() > 0 ? price
                : conditional() ? triggerPrice : null;
        return new OrderUpdate(linkId(), BybitJson.required(symbol, at, "symbol"), status, p, q, cum, reason(),
                updated, updated);
    }

    private String reason() {
        StringBuilder sb = new StringBuilder();
        switch (orderStatus) {
            case "Untriggered", "Triggered", "Deactivated", "PartiallyFilledCanceled" -> sb.append(orderStatus);
            default -> { }
        }
        if (cancelType != null && !cancelType.isEmpty() && !"UNKNOWN".equals(cancelType)) {
            sb.append(sb.isEmpty() ? "" : " ").append(cancelType);
        }
        if (rejectReason != null && !rejectReason.isEmpty() && !"EC_NoError".equals(rejectReason)) {
            sb.append(sb.isEmpty() ? "" : " ").append(rejectReason);
        }
        return sb.toString();
    }
}
