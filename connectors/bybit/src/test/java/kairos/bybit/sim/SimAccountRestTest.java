package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimAccountRestTest extends SimTestBase {
    private static final String Q = "category=linear&symbol=SOLUSDT";

    @Test
    void orderEntryAnswersCarryTheDocumentedFields() throws Exception {
        start(builder());
        trade(150, 10);
        SimClient.Reply create = tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\",\"orderLinkId\":\"a-1\"");
        DocShapes.assertSameShape("v5_order_create.json", create.json());
        assertThat(create.result().path("orderLinkId").asText()).isEqualTo("a-1");
        SimClient.Reply amend = client.post("/v5/order/amend", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderLinkId\":\"a-1\",\"price\":\"141.00\"}");
        DocShapes.assertSameShape("v5_order_amend.json", amend.json());
        SimClient.Reply cancel = client.post("/v5/order/cancel", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderLinkId\":\"a-1\"}");
        DocShapes.assertSameShape("v5_order_cancel.json", cancel.json());
        tryPlace("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\",\"orderLinkId\":\"a-2\"");
        SimClient.Reply all = client.post("/v5/order/cancel-all", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\"}");
        DocShapes.assertSameShape("v5_order_cancel_all.json", all.json());
        assertThat(client.post("/v5/order/cancel", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\"}").retMsg()).contains("orderId or orderLinkId");
    }

    @Test
    void realtimeListsOpenOrdersRecentClosedOnesAndFindsAnyByOrderLinkId() throws Exception {
        start(builder());
        trade(150, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"orderLinkId\":\"filled-1\"");
        trade(150, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\",\"orderLinkId\":\"open-1\"");
        place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"141.00\",\"orderLinkId\":\"open-2\"");
        place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\",\"triggerPrice\":\"140.00\",\"triggerDirection\":2,\"reduceOnly\":true,\"orderLinkId\":\"stop-1\"");
        SimClient.Reply open = client.get("/v5/order/realtime", Q);
        DocShapes.assertSameShape("v5_order_realtime.json", open.json());
        assertThat(open.result().path("list")).extracting(o -> o.path("orderLinkId").asText()).containsExactly("stop-1", "open-2", "open-1");
        assertThat(client.get("/v5/order/realtime", Q + "&orderFilter=StopOrder").result().path("list")).hasSize(1);
        assertThat(client.get("/v5/order/realtime", Q + "&orderFilter=Order").result().path("list")).hasSize(2);
        assertThat(client.get("/v5/order/realtime", Q + "&orderFilter=tpslOrder").retCode()).isEqualTo(10001);
        JsonNode closed = client.get("/v5/order/realtime", Q + "&openOnly=1").result().path("list");
        assertThat(closed).extracting(o -> o.path("orderLinkId").asText()).containsExactly("filled-1");
        JsonNode byLink = client.get("/v5/order/realtime", "category=linear&settleCoin=USDT&orderLinkId=filled-1").result().path("list");
        assertThat(byLink.get(0).path("orderStatus").asText()).isEqualTo("Filled");
        assertThat(byLink.get(0).path("avgPrice").asText()).isEqualTo("150");
        JsonNode byId = client.get("/v5/order/realtime", "category=linear&baseCoin=SOL&orderId=" + sim.order("open-1").orElseThrow().orderId())
                .result().path("list");
        assertThat(byId.get(0).path("orderLinkId").asText()).isEqualTo("open-1");
        SimClient.Reply page1 = client.get("/v5/order/realtime", Q + "&limit=2");
        SimClient.Reply page2 = client.get("/v5/order/realtime", Q + "&limit=2&cursor=" + page1.result().path("nextPageCursor").asText());
        assertThat(page2.result().path("list")).extracting(o -> o.path("orderLinkId").asText()).containsExactly("open-1");
        assertThat(client.get("/v5/order/realtime", "category=linear").retMsg()).contains("symbol, baseCoin or settleCoin is required");
        assertThat(client.get("/v5/order/realtime", Q + "&openOnly=2").retMsg()).contains("openOnly");
        assertThat(client.get("/v5/order/realtime", "category=linear&settleCoin=USDC").retMsg()).contains("USDC");
    }

    @Test
    void historyKeepsUnfilledEndedOrdersForADayAndChecksItsRange() throws Exception {
        start(builder());
        trade(150, 10);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"orderLinkId\":\"f\"");
        trade(150, 10);
        String c = place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\",\"orderLinkId\":\"c\"");
        client.post("/v5/order/cancel", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\"" + c + "\"}");
        SimClient.Reply h = client.get("/v5/order/history", "category=linear");
        DocShapes.assertSameShape("v5_order_history.json", h.json());
        assertThat(h.result().path("list")).extracting(o -> o.path("orderLinkId").asText()).containsExactly("c", "f");
        assertThat(client.get("/v5/order/history", "category=linear&orderStatus=Filled").result().path("list")).hasSize(1);
        assertThat(client.get("/v5/order/history", "category=linear&orderLinkId=c").result().path("list").get(0)
                .path("cancelType").asText()).isEqualTo("CancelByUser");
        sim.advanceBy(Duration.ofHours(25));
        client.timestamp = sim::serverTime;
        assertThat(client.get("/v5/order/history", "category=linear").result().path("list")).extracting(o -> o.path("orderLinkId").asText())
                .containsExactly("f");
        assertThat(client.get("/v5/order/history", "category=linear&startTime=1&endTime=" + (8L * 86_400_000)).retMsg()).contains("7 days");
        assertThat(client.get("/v5/order/history", "category=linear&startTime=10&endTime=5").retMsg()).contains("before");
        assertThat(client.get("/v5/order/history", "category=linear&startTime=" + (T0 + 3_600_000)).result().path("list")).isEmpty();
        assertThat(client.get("/v5/order/history", "category=linear&endTime=" + (T0 + 3_600_000)).result().path("list")).hasSize(1);
    }

    @Test
    void executionsArePagedNewestFirstAndFilteredByTimeOrderAndType() throws Exception {
        long start = T0 + 8 * 3_600_000L - 60_000;
        start(builder().startAt(start).rateLimit("/v5/execution/list", 100));
        trade(150, 10);
        for (int i = 0; i < 3; i++) {
            place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\",\"orderLinkId\":\"e-" + i + "\"");
            trade(150 + i, 10);
        }
        sim.advanceTo(T0 + 8 * 3_600_000L);
        client.timestamp = sim::serverTime;
        SimClient.Reply r = client.get("/v5/execution/list", Q);
        DocShapes.assertSameShape("v5_execution_list.json", r.json());
        assertThat(r.result().path("list")).hasSize(4);
        assertThat(r.result().path("list").get(0).path("execType").asText()).isEqualTo("Funding");
        List<String> paged = new ArrayList<>();
        String cursor = "";
        do {
            SimClient.Reply page = client.get("/v5/execution/list", Q + "&execType=Trade&limit=1" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            page.result().path("list").forEach(e -> paged.add(e.path("orderLinkId").asText()));
            cursor = page.result().path("nextPageCursor").asText();
        } while (!cursor.isEmpty());
        assertThat(paged).containsExactly("e-2", "e-1", "e-0");
        long second = sim.executions().get(1).execTime();
        assertThat(client.get("/v5/execution/list", Q + "&startTime=" + second + "&execType=Trade").result().path("list")).hasSize(2);
        assertThat(client.get("/v5/execution/list", "category=linear&orderLinkId=e-1").result().path("list").get(0)
                .path("execPrice").asText()).isEqualTo("151.00");
        String orderId = sim.order("e-0").orElseThrow().orderId();
        assertThat(client.get("/v5/execution/list", "category=linear&orderId=" + orderId).result().path("list")).hasSize(1);
    }

    @Test
    void positionListAndWalletBalanceDescribeTheAccount() throws Exception {
        start(builder().rateLimit("/v5/position/list", 100));
        trade(150, 10);
        SimClient.Reply flat = client.get("/v5/position/list", Q);
        assertThat(flat.result().path("list").get(0).path("size").asText()).isEqualTo("0.0");
        assertThat(flat.result().path("list").get(0).path("side").asText()).isEmpty();
        assertThat(client.get("/v5/position/list", "category=linear&settleCoin=USDT").result().path("list")).isEmpty();
        place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"2\"");
        trade(150, 10);
        trade(149, 10);
        SimClient.Reply open = client.get("/v5/position/list", "category=linear&settleCoin=USDT");
        DocShapes.assertSameShape("v5_position_list.json", open.json());
        JsonNode p = open.result().path("list").get(0);
        assertThat(p.path("side").asText()).isEqualTo("Sell");
        assertThat(p.path("size").asText()).isEqualTo("2.0");
        assertThat(p.path("avgPrice").asText()).isEqualTo("150");
        assertThat(p.path("unrealisedPnl").asText()).isEqualTo("2");
        assertThat(p.path("markPrice").asText()).isEqualTo("149.00");
        assertThat(p.path("positionIM").asText()).isEqualTo("29.8");
        assertThat(p.path("breakEvenPrice").asText()).isNotEmpty();
        assertThat(client.get("/v5/position/list", "category=linear").retCode()).isEqualTo(10001);
        assertThat(client.get("/v5/position/list", "category=linear&settleCoin=USDC").retCode()).isEqualTo(10001);
        SimClient.Reply w = client.get("/v5/account/wallet-balance", "accountType=UNIFIED");
        DocShapes.assertSameShape("v5_account_wallet_balance.json", w.json());
        JsonNode account = w.result().path("list").get(0);
        WalletState truth = sim.wallet();
        assertThat(account.path("totalWalletBalance").asText()).isEqualTo(ExchangeNumbers.money(truth.walletBalance()));
        assertThat(account.path("totalEquity").asText()).isEqualTo(ExchangeNumbers.money(truth.equity()));
        assertThat(account.path("totalPerpUPL").asText()).isEqualTo("2");
        assertThat(account.path("coin").get(0).path("coin").asText()).isEqualTo("USDT");
        assertThat(client.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=BTC").result().path("list").get(0).path("coin")).isEmpty();
        assertThat(client.get("/v5/account/wallet-balance", "accountType=CONTRACT").retMsg()).contains("UNIFIED");
    }
}
