package kairos.bybit.parsing;

/** Bybit's answer to an order create, amend or cancel: the order's ids (its state comes by stream or query). */
public record BybitOrderAck(String orderId, String orderLinkId) {
}
