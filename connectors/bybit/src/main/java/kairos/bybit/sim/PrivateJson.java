package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static kairos.bybit.sim.ExchangeNumbers.money;
import static kairos.bybit.sim.ExchangeNumbers.plain;

/**
 * The account's objects as Bybit V5 prints them, in REST lists ({@code ws} false) and private pushes ({@code ws}
 * true): field names and string-typed numbers as the documentation's examples show. Where the two differ, both are
 * kept as documented: a position's entry price is {@code avgPrice} in REST and {@code entryPrice} in the stream; an
 * order without fills has {@code avgPrice} "0" in REST and "" in the stream; pushes carry {@code category}.
 */
final class PrivateJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PrivateJson() {
    }

    static ObjectNode order(SimOrder o, SimInstrument i, boolean ws) {
        ObjectNode n = F.objectNode();
        if (ws) {
            n.put("category", "linear");
        }
        n.put("orderId", o.orderId);
        n.put("orderLinkId", o.orderLinkId);
        n.put("parentOrderLinkId", "");
        n.put("blockTradeId", "");
        n.put("symbol", o.symbol);
        n.put("price", i.price(o.price));
        n.put("qty", i.qty(o.qty));
        n.put("side", o.side.name());
        n.put("isLeverage", "");
        n.put("positionIdx", 0);
        n.put("orderStatus", o.status);
        n.put("createType", o.createType);
        n.put("cancelType", o.cancelType);
        n.put("rejectReason", o.rejectReason);
        n.put("avgPrice", o.cumExecQty.signum() == 0 ? (ws ? "" : "0") : plain(o.avgPrice()));
        BigDecimal leaves = o.leavesQty();
        n.put("leavesQty", i.qty(leaves));
        n.put("leavesValue", plain(leaves.multiply(o.price)));
        n.put("cumExecQty", i.qty(o.cumExecQty));
        n.put("cumExecValue", plain(o.cumExecValue));
        n.put("cumExecFee", money(o.cumExecFee));
        n.put("closedPnl", money(o.closedPnl));
        n.put("feeCurrency", "");
        n.put("timeInForce", o.timeInForce);
        n.put("orderType", o.orderType);
        n.put("stopOrderType", o.stopOrderType);
        n.put("orderIv", "");
        n.put("triggerPrice", i.price(o.triggerPrice == null ? BigDecimal.ZERO : o.triggerPrice));
        n.put("takeProfit", i.price(o.takeProfit));
        n.put("stopLoss", i.price(o.stopLoss));
        n.put("tpTriggerBy", o.tpTriggerBy);
        n.put("slTriggerBy", o.slTriggerBy);
        n.put("triggerDirection", o.triggerDirection);
        n.put("triggerBy", o.triggerBy);
        n.put("lastPriceOnCreated", o.lastPriceOnCreated == null ? "" : i.price(o.lastPriceOnCreated));
        n.put("reduceOnly", o.reduceOnly);
        n.put("closeOnTrigger", o.closeOnTrigger);
        n.put("smpType", "None");
        n.put("smpGroup", 0);
        n.put("smpOrderId", "");
        n.put("tpslMode", o.tpslMode);
        n.put("tpLimitPrice", "");
        n.put("slLimitPrice", "");
        n.put("placeType", "");
        n.put("slippageToleranceType", "UNKNOWN");
        n.put("slippageTolerance", "");
        n.put("createdTime", Long.toString(o.createdTime));
        n.put("updatedTime", Long.toString(o.updatedTime));
        n.put("extraFees", "");
        ObjectNode fees = n.putObject("cumFeeDetail");
        if (o.cumExecFee.signum() != 0) {
            fees.put("USDT", money(o.cumExecFee));
        }
        n.put("rpiTakerAccess", false);
        n.put("rpiMatchedQty", "0");
        return n;
    }

    static ObjectNode execution(Execution e, SimInstrument i, boolean ws) {
        ObjectNode n = F.objectNode();
        if (ws) {
            n.put("category", "linear");
        }
        n.put("symbol", e.symbol());
        n.put("orderType", e.orderType());
        n.put("underlyingPrice", "");
        n.put("orderLinkId", e.orderLinkId());
        n.put("side", e.side().name());
        n.put("indexPrice", "");
        n.put("orderId", e.orderId());
        n.put("stopOrderType", e.stopOrderType());
        n.put("leavesQty", i.qty(e.leavesQty()));
        n.put("execTime", Long.toString(e.execTime()));
        n.put("feeCurrency", "USDT");
        n.put("isMaker", e.isMaker());
        n.put("execFee", money(e.execFee()));
        n.put("feeRate", plain(e.feeRate()));
        n.put("execId", e.execId());
        n.put("tradeIv", "");
        n.put("blockTradeId", "");
        n.put("markPrice", e.markPrice() == null ? "" : i.price(e.markPrice()));
        n.put("execPrice", i.price(e.execPrice()));
        n.put("markIv", "");
        n.put("orderQty", i.qty(e.orderQty()));
        n.put("orderPrice", i.price(e.orderPrice()));
        n.put("execValue", plain(e.execValue()));
        n.put("execType", e.execType());
        n.put("execQty", i.qty(e.execQty()));
        n.put("closedSize", i.qty(e.closedSize()));
        n.put("execPnl", money(e.execPnl()));
        n.put("createType", e.createType());
        n.put("isLeverage", "0");
        n.put("marketUnit", "");
        n.put("extraFees", "");
        n.put("seq", e.seq());
        return n;
    }

    static ObjectNode position(SimPosition p, SimInstrument i, BigDecimal mark, boolean ws) {
        ObjectNode n = F.objectNode();
        if (ws) {
            n.put("category", "linear");
        }
        n.put("positionIdx", 0);
        n.put("riskId", 1);
        n.put("riskLimitValue", "2000000");
        n.put("symbol", p.symbol);
        n.put("side", p.isOpen() ? p.side.name() : "");
        n.put("size", i.qty(p.size));
        String avg = p.isOpen() ? plain(p.avgPrice) : "0";
        n.put(ws ? "entryPrice" : "avgPrice", avg);
        n.put("positionValue", plain(p.avgPrice.multiply(p.size)));
        n.put("tradeMode", 0);
        n.put("positionStatus", "Normal");
        n.put("autoAddMargin", 0);
        n.put("adlRankIndicator", p.isOpen() ? 2 : 0);
        n.put("leverage", plain(p.leverage));
        n.put("breakEvenPrice", p.isOpen() ? breakEven(p) : "");
        BigDecimal im = p.initialMargin(mark);
        n.put("positionBalance", money(im));
        n.put("markPrice", mark == null ? "" : i.price(mark));
        n.put("liqPrice", "");
        n.put("bustPrice", "");
        BigDecimal mm = p.value(mark).multiply(new BigDecimal("0.005"));
        n.put("positionMM", money(mm));
        n.put("positionMMByMp", money(mm));
        n.put("positionIM", money(im));
        n.put("positionIMByMp", money(im));
        n.put("tpslMode", "Full");
        n.put("takeProfit", i.price(p.takeProfit));
        n.put("stopLoss", i.price(p.stopLoss));
        n.put("trailingStop", i.price(BigDecimal.ZERO));
        n.put("unrealisedPnl", money(p.unrealised(mark)));
        n.put("curRealisedPnl", money(p.curRealisedPnl));
        n.put("cumRealisedPnl", money(p.cumRealisedPnl));
        n.put("sessionAvgPrice", "");
        n.put("createdTime", Long.toString(p.createdTime));
        n.put("updatedTime", Long.toString(p.updatedTime));
        n.put("seq", p.seq);
        n.put("isReduceOnly", false);
        n.put("mmrSysUpdatedTime", "");
        if (!ws) {
            n.put("mmrSysUpdateTime", "");   // the REST example spells it so
        }
        n.put("leverageSysUpdatedTime", "");
        return n;
    }

    /** (entry × qty − realised) / (qty − qty × fee), Bybit's documented break-even with the 0.055 % taker fee. */
    private static String breakEven(SimPosition p) {
        BigDecimal fee = new BigDecimal("0.00055");
        BigDecimal signedQty = p.signed();
        BigDecimal num = p.avgPrice.multiply(signedQty).subtract(p.curRealisedPnl);
        BigDecimal den = signedQty.subtract(p.size.multiply(fee));
        return den.signum() == 0 ? "" : plain(num.divide(den, 8, RoundingMode.HALF_UP));
    }

    static ObjectNode wallet(WalletState w) {
        ObjectNode n = F.objectNode();
        n.put("accountType", "UNIFIED");
        n.put("accountIMRate", rate(w.positionInitialMargin().add(w.orderInitialMargin()), w.equity()));
        n.put("accountIMRateByMp", rate(w.positionInitialMargin().add(w.orderInitialMargin()), w.equity()));
        n.put("accountMMRate", "0");
        n.put("accountMMRateByMp", "0");
        n.put("totalEquity", money(w.equity()));
        n.put("totalWalletBalance", money(w.walletBalance()));
        n.put("totalMarginBalance", money(w.equity()));
        n.put("totalAvailableBalance", money(w.availableBalance()));
        n.put("totalPerpUPL", money(w.unrealisedPnl()));
        n.put("totalInitialMargin", money(w.positionInitialMargin().add(w.orderInitialMargin())));
        n.put("totalInitialMarginByMp", money(w.positionInitialMargin().add(w.orderInitialMargin())));
        n.put("totalMaintenanceMargin", "0");
        n.put("totalMaintenanceMarginByMp", "0");
        n.put("accountLTV", "0");
        ObjectNode coin = n.putArray("coin").addObject();
        coin.put("coin", "USDT");
        coin.put("equity", money(w.equity()));
        coin.put("usdValue", money(w.equity()));
        coin.put("walletBalance", money(w.walletBalance()));
        coin.put("locked", "0");
        coin.put("spotHedgingQty", "0");
        coin.put("borrowAmount", "0");
        coin.put("accruedInterest", "0");
        coin.put("totalOrderIM", money(w.orderInitialMargin()));
        coin.put("totalPositionIM", money(w.positionInitialMargin()));
        coin.put("totalPositionMM", "0");
        coin.put("unrealisedPnl", money(w.unrealisedPnl()));
        coin.put("cumRealisedPnl", money(w.cumRealisedPnl()));
        coin.put("bonus", "0");
        coin.put("collateralSwitch", true);
        coin.put("marginCollateral", true);
        coin.put("spotBorrow", "0");
        coin.put("availableToBorrow", "");
        coin.put("availableToWithdraw", "");
        return n;
    }

    private static String rate(BigDecimal part, BigDecimal whole) {
        return whole.signum() <= 0 ? "0" : plain(part.divide(whole, 4, RoundingMode.HALF_UP));
    }
}
