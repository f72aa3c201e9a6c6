package kairos.bybit.parsing;

import java.math.BigDecimal;

import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderPurpose;

/**
 * One execution as Bybit V5 reports it: {@code /v5/execution/list} and the private {@code execution} topic. Its
 * {@code execType} says what it is: {@code Trade}, {@code BlockTrade}, {@code MovePosition} and
 * {@code FutureSpread} are fills of Kairos' or the user's orders; {@code BustTrade} (liquidation), {@code AdlTrade}
 * (auto-deleveraging) and {@code Delivery} (position closed at delisting) are fills the exchange forced, booked as
 * liquidations; {@code Funding} is no fill at all but a funding payment ({@link FundingCashFlow}); anything else
 * ({@code Settle}, {@code CorporateAction}, {@code UNKNOWN}) changes no USDT-perpetual position and is neither.
 */
public record BybitExecution(String symbol, String category, String orderId, String orderLinkId, String side,
                             String execId, String execType, BigDecimal execPrice, BigDecimal execQty,
                             BigDecimal execValue, BigDecimal execFee, BigDecimal feeRate, Boolean isMaker,
                             Long execTime, BigDecimal markPrice, Long seq) {

    /** What an execution means to Kairos. */
    public enum Kind { FILL, FUNDING, OTHER }

    public Kind kind() {
        if (execType == null) {
            return Kind.FILL;   // the private topic and older payloads: a trade
        }
        return switch (execType) {
            case "Trade", "BlockTrade", "MovePosition", "FutureSpread", "BustTrade", "AdlTrade", "Delivery" -> Kind.FILL;
            case "Funding" -> Kind.FUNDING;
            default -> Kind.OTHER;
        };
    }

    /** The engine's fill; fee in quote currency (negative for a rebate). */
    public Fill toFill(String where) {
        String at = where + ": execution " + execId;
        BybitJson.required(execId, where, "execId");
        BigDecimal qty = BybitJson.required(execQty, at, "execQty");
        BigDecimal price = BybitJson.required(execPrice, at, "execPrice");
        if (qty.signum() <= 0 || price.signum() <= 0) {
            throw new BybitPayloadException(at + ": execQty " + qty.toPlainString() + " and execPrice "
                    + price.toPlainString() + " must be > 0 for a fill");
        }
        OrderPurpose purpose = null;
        String reason = null;
        switch (execType == null ? "" : execType) {
            case "BustTrade" -> { purpose = OrderPurpose.LIQUIDATION; reason = "liquidation"; }
            case "AdlTrade" -> { purpose = OrderPurpose.LIQUIDATION; reason = "adl"; }
            case "Delivery" -> { purpose = OrderPurpose.LIQUIDATION; reason = "delivery"; }
            default -> { }
        }
        return new Fill(execId, linkId(), BybitJson.required(symbol, at, "symbol"), side(at), qty, price,
                BybitJson.required(execFee, at, "execFee").doubleValue(), Boolean.TRUE.equals(isMaker),
                BybitJson.required(execTime, at, "execTime"), purpose, reason);
    }

    /** The funding payment of a {@code Funding} execution. */
    public FundingCashFlow toFunding(String where) {
        String at = where + ": funding execution " + execId;
        BybitJson.required(execId, where, "execId");
        return new FundingCashFlow(execId, BybitJson.required(symbol, at, "symbol"), side(at),
                BybitJson.required(execQty, at, "execQty"), BybitJson.required(feeRate, at, "feeRate"),
                BybitJson.required(execFee, at, "execFee"), BybitJson.required(execTime, at, "execTime"));
    }

    /** The orderLinkId, or {@code orderId:<id>} for an order placed without one (a liquidation's). */
    public String linkId() {
        return orderLinkId == null || orderLinkId.isEmpty() ? "orderId:" + orderId : orderLinkId;
    }

    private Side side(String at) {
        String s = BybitJson.required(side, at, "side");
        return switch (s) {
            case "Buy" -> Side.Buy;
            case "Sell" -> Side.Sell;
            default -> throw new BybitPayloadException(at + ": side '" + s + "' is not Buy or Sell");
        };
    }
}
