package kairos.bybit.sim;

import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class SimMatchingTest extends SimTestBase {

    @Test
    void aMarketOrderFillsAtTheNextTradeWithSlippageAndPaysTheTakerFee() throws Exception {
        start(builder().slippageTicks(2));
        trade(150.00, 10);
        String id = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"2\"");
        assertThat(order(id).status()).isEqualTo("New");
        assertThat(sim.executions()).isEmpty();
        trade(150.50, 10);
        OrderState o = order(id);
        assertThat(o.status()).isEqualTo("Filled");
        assertThat(o.avgPrice()).isEqualByComparingTo("150.52");
        Execution e = sim.executions().get(0);
        assertThat(e.isMaker()).isFalse();
        assertThat(e.execFee()).isEqualByComparingTo(dec("301.04").multiply(dec("0.00055")));
        assertThat(size()).isEqualByComparingTo("2");
        assertThat(sim.wallet().walletBalance()).isEqualByComparingTo(dec("10000").subtract(e.execFee()));
    }

    @Test
    void aRestingLimitFillsAsMakerAtItsPriceOnlyWhenATradeGoesThroughIt() throws Exception {
        start(builder());
        trade(150.00, 10);
        String id = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.50\"");
        trade(149.50, 10);
        assertThat(order(id).status()).as("a touch does not fill by default").isEqualTo("New");
        trade(149.40, 10);
        assertThat(order(id).status()).isEqualTo("Filled");
        assertThat(order(id).avgPrice()).isEqualByComparingTo("149.5");
        assertThat(sim.executions().get(0).isMaker()).isTrue();
        assertThat(sim.executions().get(0).feeRate()).isEqualByComparingTo("0.0002");
    }

    @Test
    void fillOnTouchFillsARestingLimitAtItsPrice() throws Exception {
        start(builder().fillOnTouch(true));
        trade(150.00, 10);
        String id = place("\"side\":\"Sell\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"150.20\"");
        trade(150.20, 10);
        assertThat(order(id).status()).isEqualTo("Filled");
        assertThat(size()).isEqualByComparingTo("-1");
    }

    @Test
    void aMarketableLimitFillsAsTakerAtTheTradePrice() throws Exception {
        start(builder());
        trade(150.00, 10);
        String id = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"151.00\"");
        trade(150.10, 10);
        assertThat(order(id).avgPrice()).isEqualByComparingTo("150.1");
        assertThat(sim.executions().get(0).isMaker()).isFalse();
    }

    @Test
    void postOnlyThatWouldTakeIsCancelledAndOneThatRestsWaits() throws Exception {
        start(builder());
        trade(150.00, 10);
        String taking = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"151.00\",\"timeInForce\":\"PostOnly\"");
        assertThat(order(taking).status()).isEqualTo("Cancelled");
        assertThat(order(taking).rejectReason()).isEqualTo("EC_PostOnlyWillTakeLiquidity");
        String resting = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"timeInForce\":\"PostOnly\"");
        assertThat(order(resting).status()).isEqualTo("New");
    }

    @Test
    void iocAndFokGetOneTrade() throws Exception {
        start(builder().maxFillFraction(0.5));
        trade(150.00, 10);
        String ioc = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"4\",\"price\":\"150.50\",\"timeInForce\":\"IOC\"");
        String fok = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"4\",\"price\":\"150.50\",\"timeInForce\":\"FOK\"");
        trade(150.10, 4);   // at most 2 of it for the account
        assertThat(order(ioc).cumExecQty()).isEqualByComparingTo("2");
        assertThat(order(ioc).status()).isEqualTo("Cancelled");
        assertThat(order(fok).cumExecQty()).isEqualByComparingTo("0");
        assertThat(order(fok).status()).isEqualTo("Cancelled");
        String missed = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"150.00\",\"timeInForce\":\"IOC\"");
        trade(150.30, 4);
        assertThat(order(missed).status()).isEqualTo("Cancelled");
        assertThat(order(missed).rejectReason()).isEqualTo("EC_NoImmediateQtyToFill");
    }

    @Test
    void partialFillsTakeAShareOfEachTradeUntilFilled() throws Exception {
        start(builder().maxFillFraction(0.5));
        trade(150.00, 10);
        String id = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"3\"");
        trade(150.10, 2.5);   // floor(1.25 / 0.1) * 0.1 = 1.2
        assertThat(order(id).status()).isEqualTo("PartiallyFilled");
        assertThat(order(id).cumExecQty()).isEqualByComparingTo("1.2");
        assertThat(order(id).leavesQty()).isEqualByComparingTo("1.8");
        trade(150.20, 10);
        assertThat(order(id).status()).isEqualTo("Filled");
        assertThat(sim.executions()).hasSize(2);
        assertThat(sim.executions()).extracting(Execution::execId).doesNotHaveDuplicates();
        assertThat(size()).isEqualByComparingTo("3");
    }

    @Test
    void positionAveragesOnIncreasesAndRealisesPnlOnReductionsAndFlips() throws Exception {
        start(builder().fees("0", "0"));
        trade(100.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(100.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(102.00, 10);
        assertThat(sim.position(SOL).avgPrice()).isEqualByComparingTo("101");
        place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"3\"");
        trade(105.00, 10);
        PositionState p = sim.position(SOL);
        assertThat(p.side()).isEqualTo(Side.Sell);
        assertThat(p.size()).isEqualByComparingTo("1");
        assertThat(p.avgPrice()).isEqualByComparingTo("105");
        assertThat(sim.wallet().walletBalance()).isEqualByComparingTo("10008");   // (105 - 101) * 2
        Execution flip = sim.executions().get(2);
        assertThat(flip.closedSize()).isEqualByComparingTo("2");
        assertThat(flip.execPnl()).isEqualByComparingTo("8");
        trade(104.00, 10);
        assertThat(sim.wallet().unrealisedPnl()).isEqualByComparingTo("1");
        assertThat(sim.wallet().equity()).isEqualByComparingTo("10009");
    }

    @Test
    void conditionalOrdersTriggerOnTheLastPriceInTheirDirection() throws Exception {
        start(builder());
        trade(150.00, 10);
        String stop = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"151.00\",\"triggerDirection\":1");
        String dip = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"148.00\",\"triggerPrice\":\"149.00\",\"triggerDirection\":2");
        assertThat(order(stop).status()).isEqualTo("Untriggered");
        assertThat(order(stop).stopOrderType()).isEqualTo("Stop");
        trade(150.90, 10);
        assertThat(order(stop).status()).isEqualTo("Untriggered");
        trade(151.00, 10);
        assertThat(order(stop).status()).as("triggered and filled on the triggering trade").isEqualTo("Filled");
        assertThat(order(stop).avgPrice()).isEqualByComparingTo("151");
        trade(149.00, 10);
        assertThat(order(dip).status()).as("triggered, now a resting limit").isEqualTo("New");
        trade(147.90, 10);
        assertThat(order(dip).status()).isEqualTo("Filled");
        assertThat(order(dip).avgPrice()).isEqualByComparingTo("148");
    }

    @Test
    void aTriggerPriceOnTheWrongSideOfTheMarketIsRefused() throws Exception {
        start(builder());
        trade(150.00, 10);
        SimClient.Reply rising = tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"149.00\",\"triggerDirection\":1");
        assertThat(rising.retCode()).isEqualTo(110092);
        assertThat(rising.retMsg()).contains("expect Rising").contains("149.00").contains("150.00");
        SimClient.Reply falling = tryPlace("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"151.00\",\"triggerDirection\":2");
        assertThat(falling.retCode()).isEqualTo(110093);
        SimClient.Reply noDirection = tryPlace("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"151.00\"");
        assertThat(noDirection.retCode()).isEqualTo(10001);
        assertThat(noDirection.retMsg()).contains("triggerDirection");
    }

    @Test
    void markAndIndexTriggersFollowTheirPrices() throws Exception {
        start(builder());
        trade(150.00, 10);
        String byMark = place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"149.00\",\"triggerDirection\":2,\"triggerBy\":\"MarkPrice\"");
        String byIndex = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"152.00\",\"triggerDirection\":1,\"triggerBy\":\"IndexPrice\"");
        sim.inject(new MarketEvent.Mark(SOL, sim.now() + 1_000, 0, 148.9));
        assertThat(order(byMark).status()).isEqualTo("New");
        sim.inject(new MarketEvent.Index(SOL, sim.now() + 1_000, 0, 152.1));
        assertThat(order(byIndex).status()).isEqualTo("New");
        trade(150.00, 10);
        assertThat(order(byMark).status()).isEqualTo("Filled");
        assertThat(order(byIndex).status()).isEqualTo("Filled");
    }

    @Test
    void reduceOnlyNeverIncreasesAPosition() throws Exception {
        start(builder());
        trade(150.00, 10);
        SimClient.Reply flat = tryPlace("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"reduceOnly\":true");
        assertThat(flat.retCode()).isEqualTo(110017);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(150.00, 10);
        SimClient.Reply sameSide = tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"reduceOnly\":true");
        assertThat(sameSide.retCode()).isEqualTo(110017);
        String big = place("\"side\":\"Sell\",\"orderType\":\"Limit\",\"qty\":\"3\",\"price\":\"151.00\",\"reduceOnly\":true");
        String other = place("\"side\":\"Sell\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"152.00\",\"reduceOnly\":true");
        trade(151.50, 10);
        assertThat(order(big).cumExecQty()).as("capped at the position").isEqualByComparingTo("1");
        assertThat(order(big).status()).isEqualTo("Cancelled");
        assertThat(order(big).cancelType()).isEqualTo("CancelByReduceOnly");
        assertThat(order(other).status()).isEqualTo("Cancelled");
        assertThat(size()).isEqualByComparingTo("0");
    }

    @Test
    void closeOnTriggerWithQtyZeroClosesTheWholePosition() throws Exception {
        start(builder());
        trade(150.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"2.5\"");
        trade(150.00, 10);
        String close = place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"0\",\"reduceOnly\":true,\"closeOnTrigger\":true");
        assertThat(order(close).qty()).isEqualByComparingTo("2.5");
        trade(149.00, 10);
        assertThat(size()).isEqualByComparingTo("0");
    }

    @Test
    void aReduceOnlyStopWithoutAPositionIsDeactivatedWhenItTriggers() throws Exception {
        start(builder());
        trade(150.00, 10);
        String stop = place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"149.00\",\"triggerDirection\":2,\"reduceOnly\":true");
        trade(148.00, 10);
        assertThat(order(stop).status()).isEqualTo("Deactivated");
        assertThat(size()).isEqualByComparingTo("0");
    }

    @Test
    void theTradingStopStopLossClosesThePositionAndClearsTheTakeProfit() throws Exception {
        start(builder());
        trade(150.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"2\"");
        trade(150.00, 10);
        SimClient.Reply set = client.post("/v5/position/trading-stop",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"stopLoss\":\"148.00\",\"takeProfit\":\"155.00\"}");
        assertThat(set.retCode()).as(set.body()).isZero();
        assertThat(sim.position(SOL).stopLoss()).isEqualByComparingTo("148");
        OrderState sl = sim.openOrders().stream().filter(o -> o.stopOrderType().equals("StopLoss")).findFirst().orElseThrow();
        assertThat(sl.qty()).isEqualByComparingTo("2");
        assertThat(sl.triggerDirection()).isEqualTo(2);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(150.00, 10);
        assertThat(sim.orderById(sl.orderId()).orElseThrow().qty()).as("follows the position").isEqualByComparingTo("3");
        SimClient.Reply again = client.post("/v5/position/trading-stop",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"stopLoss\":\"148.00\"}");
        assertThat(again.retCode()).isEqualTo(34040);
        trade(147.90, 10);
        assertThat(size()).isEqualByComparingTo("0");
        assertThat(sim.orderById(sl.orderId()).orElseThrow().status()).isEqualTo("Filled");
        OrderState tp = sim.orders().stream().filter(o -> o.stopOrderType().equals("TakeProfit")).findFirst().orElseThrow();
        assertThat(tp.status()).isEqualTo("Deactivated");
        assertThat(tp.cancelType()).isEqualTo("CancelByTpSlTsClear");
        assertThat(sim.position(SOL).stopLoss()).isEqualByComparingTo("0");
    }

    @Test
    void tradingStopIsRefusedWithoutAPositionOrOnTheWrongSide() throws Exception {
        start(builder());
        trade(150.00, 10);
        String body = "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"stopLoss\":\"148.00\"}";
        assertThat(client.post("/v5/position/trading-stop", body).retMsg()).isEqualTo("can not set tp/sl/ts for zero position");
        place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(150.00, 10);
        SimClient.Reply wrong = client.post("/v5/position/trading-stop", body);
        assertThat(wrong.retCode()).isEqualTo(10001);
        assertThat(wrong.retMsg()).contains("StopLoss:148.00 set for Sell position should higher than base_price:150.00");
        SimClient.Reply partial = client.post("/v5/position/trading-stop", body.replace("Full", "Partial"));
        assertThat(partial.retMsg()).contains("Partial is not implemented");
        SimClient.Reply noIdx = client.post("/v5/position/trading-stop", body.replace(",\"positionIdx\":0", ""));
        assertThat(noIdx.retMsg()).contains("positionIdx is required");
        SimClient.Reply cleared = client.post("/v5/position/trading-stop",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"stopLoss\":\"152.00\"}");
        assertThat(cleared.retCode()).isZero();
        SimClient.Reply removed = client.post("/v5/position/trading-stop",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"stopLoss\":\"0\"}");
        assertThat(removed.retCode()).isZero();
        assertThat(sim.openOrders()).isEmpty();
    }

    @Test
    void anEntryWithStopLossAndTakeProfitSetsThePositionsOnItsFill() throws Exception {
        start(builder());
        trade(150.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"stopLoss\":\"147.00\",\"takeProfit\":\"156.00\"");
        trade(150.00, 10);
        assertThat(sim.position(SOL).stopLoss()).isEqualByComparingTo("147");
        assertThat(sim.position(SOL).takeProfit()).isEqualByComparingTo("156");
        trade(156.10, 10);
        assertThat(size()).isEqualByComparingTo("0");
        assertThat(sim.executions()).last().extracting(Execution::createType).isEqualTo("CreateByTakeProfit");
    }

    @Test
    void fundingSettlesEveryEightHoursAsAFundingExecution() throws Exception {
        long t0 = T0 + 8 * 3_600_000L - 120_000;
        start(builder().startAt(t0).fees("0", "0").defaultFundingRate(0.001));
        sim.inject(new MarketEvent.Trade(SOL, t0 + 1_000, 0, 100.00, 10, Side.Buy));
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"2\"");
        sim.inject(new MarketEvent.Trade(SOL, t0 + 2_000, 0, 100.00, 10, Side.Buy));
        sim.advanceTo(T0 + 8 * 3_600_000L);
        Execution funding = sim.executions().get(1);
        assertThat(funding.execType()).isEqualTo("Funding");
        assertThat(funding.isTrade()).isFalse();
        assertThat(funding.execFee()).isEqualByComparingTo("0.2");   // 2 * 100 * 0.001, paid by the long
        assertThat(funding.execTime()).isEqualTo(T0 + 8 * 3_600_000L);
        assertThat(sim.wallet().walletBalance()).isEqualByComparingTo("9999.8");
        assertThat(sim.position(SOL).curRealisedPnl()).isEqualByComparingTo("-0.2");
    }

    @Test
    void theTapesFundingSettlementsAreUsedWhenItHasThem() throws Exception {
        long f = T0 + 8 * 3_600_000L;
        MarketTape tape = MarketTape.of(java.util.List.of(
                new MarketEvent.Trade(SOL, T0 + 1_000, 0, 100, 10, Side.Buy),
                new MarketEvent.Trade(SOL, T0 + 2_000, 0, 100, 10, Side.Buy),
                new MarketEvent.Funding(SOL, f + 3, 0, -0.0005, true)));
        start(builder().tape(tape).fees("0", "0"));
        sim.advanceTo(T0 + 1_000);
        place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"2\"");
        sim.advanceTo(f + 10);
        Execution funding = sim.executions().get(1);
        assertThat(funding.execType()).isEqualTo("Funding");
        assertThat(funding.execFee()).as("a short pays a negative rate").isEqualByComparingTo("0.1");
        assertThat(funding.execTime()).isEqualTo(f + 3);
        assertThat(sim.executions()).hasSize(2);
    }

    @Test
    void amendChangesPriceAndQtyAndCancelEndsTheOrder() throws Exception {
        start(builder());
        trade(150.00, 10);
        String id = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"orderLinkId\":\"amend-me\"");
        SimClient.Reply amend = client.post("/v5/order/amend",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderLinkId\":\"amend-me\",\"qty\":\"2\",\"price\":\"149.50\"}");
        assertThat(amend.retCode()).as(amend.body()).isZero();
        assertThat(amend.result().path("orderId").asText()).isEqualTo(id);
        assertThat(order(id).qty()).isEqualByComparingTo("2");
        assertThat(order(id).price()).isEqualByComparingTo("149.5");
        SimClient.Reply same = client.post("/v5/order/amend",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\"" + id + "\",\"qty\":\"2\"}");
        assertThat(same.retCode()).isEqualTo(10001);
        SimClient.Reply cancel = client.post("/v5/order/cancel",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\"" + id + "\",\"orderLinkId\":null}");
        assertThat(cancel.retCode()).isZero();
        assertThat(order(id).status()).isEqualTo("Cancelled");
        assertThat(order(id).cancelType()).isEqualTo("CancelByUser");
        SimClient.Reply again = client.post("/v5/order/cancel", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\"" + id + "\"}");
        assertThat(again.retCode()).isEqualTo(110001);
        SimClient.Reply amendClosed = client.post("/v5/order/amend",
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\"" + id + "\",\"qty\":\"3\"}");
        assertThat(amendClosed.retCode()).isEqualTo(110001);
    }

    @Test
    void cancelAllCancelsOpenOrdersAndDeactivatesConditionalOnes() throws Exception {
        start(builder());
        trade(150.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\"");
        String stop = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"152.00\",\"triggerDirection\":1");
        SimClient.Reply onlyStops = client.post("/v5/order/cancel-all", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderFilter\":\"StopOrder\"}");
        assertThat(onlyStops.result().path("list")).hasSize(1);
        assertThat(order(stop).status()).isEqualTo("Deactivated");
        SimClient.Reply all = client.post("/v5/order/cancel-all", "{\"category\":\"linear\",\"symbol\":null,\"settleCoin\":\"USDT\"}");
        assertThat(all.retCode()).isZero();
        assertThat(all.result().path("success").asText()).isEqualTo("1");
        assertThat(all.result().path("list")).hasSize(1);
        assertThat(sim.openOrders()).isEmpty();
        assertThat(client.post("/v5/order/cancel-all", "{\"category\":\"linear\"}").retCode()).isEqualTo(10001);
    }

    @Test
    void orderLinkIdsAreUniqueAndAtMost36Characters() throws Exception {
        start(builder());
        trade(150.00, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"orderLinkId\":\"k-1\"");
        SimClient.Reply dup = tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"orderLinkId\":\"k-1\"");
        assertThat(dup.retCode()).isEqualTo(110072);
        assertThat(dup.retMsg()).isEqualTo("OrderLinkedID is duplicate");
        SimClient.Reply tooLong = tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"orderLinkId\":\"" + "x".repeat(37) + "\"");
        assertThat(tooLong.retCode()).isEqualTo(10001);
        assertThat(tooLong.retMsg()).contains("orderLinkId").contains("37 characters");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\",\"orderLinkId\":\"" + "x".repeat(36) + "\"").retCode()).isZero();
        assertThat(sim.orders()).hasSize(2);
    }

    @Test
    void ordersAreCheckedAgainstTheInstrumentAndTheBalance() throws Exception {
        start(builder().initialBalance("100"));
        trade(150.00, 10);
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.15\",\"price\":\"149.00\"").retMsg())
                .contains("qty 0.15 is not a multiple of qtyStep 0.1");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.005\"").retMsg())
                .contains("price 149.005 is not a multiple of tickSize 0.01");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"20.00\"").retCode()).isEqualTo(110094);
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"10\",\"price\":\"149.00\"").retCode()).isEqualTo(110007);
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\"").retMsg()).contains("price is required");
        assertThat(tryPlace("\"side\":\"Long\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"149.00\"").retMsg()).contains("side must be Buy or Sell");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Stop\",\"qty\":\"1\"").retMsg()).contains("orderType");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"positionIdx\":1").retMsg())
                .isEqualTo("position idx not match position mode");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.01\"").retMsg()).contains("minOrderQty 0.1");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"abc\"").retMsg()).contains("qty must be a decimal number");
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"timeInForce\":\"GTD\"").retMsg()).contains("timeInForce");
        assertThat(client.order("{\"category\":\"spot\",\"symbol\":\"SOLUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"}").retMsg())
                .contains("linear only");
        assertThat(client.order("{\"category\":\"linear\",\"symbol\":\"DOGEUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"}").retMsg())
                .contains("symbol invalid");
        assertThat(client.order("not json").retMsg()).contains("not valid JSON");
        assertThat(sim.orders()).as("refused orders change nothing").isEmpty();
    }

    @Test
    void aMarketOrderNeedsAPrice() throws Exception {
        start(builder());
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"").retCode()).isEqualTo(110118);
    }

    @Test
    void aDelistedContractTakesNoOrders() throws Exception {
        start(builder().instrument(SimInstrument.known(SOL).delistedAt(T0 + 10_000)));
        trade(150.00, 10);
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"").retCode()).isZero();
        sim.advanceTo(T0 + 10_000);
        assertThat(tryPlace("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"").retCode()).isEqualTo(110074);
    }

    @Test
    void leverageAndPositionModeAnswerAsBybitDoes() throws Exception {
        start(builder());
        trade(150.00, 10);
        String lev = "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"buyLeverage\":\"5\",\"sellLeverage\":\"5\"}";
        assertThat(client.post("/v5/position/set-leverage", lev).retCode()).isZero();
        assertThat(sim.position(SOL).leverage()).isEqualByComparingTo("5");
        assertThat(client.post("/v5/position/set-leverage", lev).retCode()).isEqualTo(110043);
        assertThat(client.post("/v5/position/set-leverage", lev.replace("\"sellLeverage\":\"5\"", "\"sellLeverage\":\"6\"")).retCode()).isEqualTo(10001);
        assertThat(client.post("/v5/position/set-leverage", lev.replace("\"5\"", "\"500\"")).retMsg()).contains("outside [1, 100]");
        assertThat(client.post("/v5/position/switch-mode", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"mode\":0}").retCode()).isEqualTo(110025);
        assertThat(client.post("/v5/position/switch-mode", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"mode\":3}").retMsg())
                .contains("hedge mode");
        assertThat(client.post("/v5/position/switch-mode", "{\"category\":\"linear\",\"mode\":0}").retCode()).isEqualTo(10001);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        trade(150.00, 10);
        assertThat(client.post("/v5/position/switch-mode", "{\"category\":\"linear\",\"coin\":\"USDT\",\"mode\":3}").retCode()).isEqualTo(110024);
        assertThat(sim.wallet().positionInitialMargin()).isEqualByComparingTo("30");   // 150 / 5
    }

    @Test
    void aTriggeredOrderWithoutMarginIsCancelled() throws Exception {
        start(builder().initialBalance("20"));
        trade(150.00, 10);
        String stop = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"5\",\"triggerPrice\":\"151.00\",\"triggerDirection\":1");
        trade(151.00, 10);
        assertThat(order(stop).status()).isEqualTo("Cancelled");
        assertThat(size()).isEqualByComparingTo(BigDecimal.ZERO);
    }
}
