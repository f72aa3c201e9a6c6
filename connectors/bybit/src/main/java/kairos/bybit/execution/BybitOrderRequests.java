package kairos.bybit.execution;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import kairos.engine.domain.Side;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderType;

/**
 * Kairos' orders as Bybit V5 request bodies (category {@code linear}, one-way mode: {@code positionIdx} 0;
 * {@code orderLinkId} passed through).
 * <ul>
 *   <li>{@code MARKET} without a protection price: {@code orderType} Market. With one: a Limit order at the
 *       protection price, {@code timeInForce} IOC — it fills at the market up to that price and the rest is
 *       cancelled, exactly the bound the intent asks for. (Bybit's own {@code slippageTolerance} is relative to the
 *       best bid/ask at arrival, which Kairos does not know when it sends; an absolute bound is what the engine
 *       and the simulated venue mean.)</li>
 *   <li>{@code LIMIT}: {@code timeInForce} GTC, or PostOnly for entries when the venue is set so (a PostOnly order
 *       that would take liquidity is cancelled by Bybit instead).</li>
 *   <li>{@code STOP_MARKET}: a conditional market order, {@code triggerPrice} = the intent's price,
 *       {@code triggerDirection} 1 (rises to it) for a buy stop, 2 (falls to it) for a sell stop, triggered by
 *       {@code triggerBy} (LastPrice by default, as the simulated venue triggers on trades), {@code reduceOnly} as
 *       the intent says. A conditional order, not the position's {@code trading-stop}: it carries the orderLinkId,
 *       so it is queried, amended, cancelled and its fill booked like every other order, and it can cover part of
 *       a position, as the order manager's stops and ladders need.</li>
 * </ul>
 */
final class BybitOrderRequests {
    private final boolean postOnlyEntries;
    private final String stopTriggerBy;

    BybitOrderRequests(boolean postOnlyEntries, String stopTriggerBy) {
        this.postOnlyEntries = postOnlyEntries;
        this.stopTriggerBy = stopTriggerBy;
    }

    Map<String, Object> create(OrderIntent intent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "linear");
        body.put("symbol", intent.symbol());
        body.put("side", intent.side().name());
        switch (intent.type()) {
            case MARKET -> {
                if (intent.protectionPrice() == null) {
                    body.put("orderType", "Market");
                } else {
                    body.put("orderType", "Limit");
                    body.put("price", intent.protectionPrice().toPlainString());
                    body.put("timeInForce", "IOC");
                }
            }
            case LIMIT -> {
                body.put("orderType", "Limit");
                body.put("price", intent.price().toPlainString());
                body.put("timeInForce", postOnlyEntries && intent.purpose() == OrderPurpose.ENTRY ? "PostOnly" : "GTC");
            }
            case STOP_MARKET -> {
                body.put("orderType", "Market");
                body.put("triggerPrice", intent.price().toPlainString());
                body.put("triggerDirection", intent.side() == Side.Buy ? 1 : 2);
                body.put("triggerBy", stopTriggerBy);
            }
        }
        body.put("qty", intent.qty().toPlainString());
        body.put("positionIdx", 0);
        body.put("orderLinkId", intent.linkId());
        body.put("reduceOnly", intent.reduceOnly());
        return body;
    }

    /** An amend: the new quantity and, for a conditional order, the trigger price, else the limit price. */
    static Map<String, Object> amend(String symbol, String linkId, BigDecimal price, BigDecimal qty, boolean conditional,
                                     boolean hasPrice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "linear");
        body.put("symbol", symbol);
        body.put("orderLinkId", linkId);
        if (qty != null) {
            body.put("qty", qty.toPlainString());
        }
        if (price != null && hasPrice) {
            body.put(conditional ? "triggerPrice" : "price", price.toPlainString());
        }
        return body;
    }

    /** Whether an order of this type has a price Bybit can amend (a plain market order has none). */
    static boolean hasPrice(OrderType type) {
        return type != OrderType.MARKET;
    }
}
