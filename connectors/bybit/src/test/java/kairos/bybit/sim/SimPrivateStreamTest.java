package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static kairos.bybit.sim.WsProbe.onTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimPrivateStreamTest extends SimTestBase {
    private static final String ALL = "\"order\",\"execution\",\"position\",\"wallet\"";

    private WsProbe account() throws Exception {
        WsProbe ws = WsProbe.authed(sim, KEY, SECRET);
        ws.send("{\"req_id\":\"sub\",\"op\":\"subscribe\",\"args\":[" + ALL + "]}");
        ws.awaitMessage(m -> "sub".equals(m.path("req_id").asText()));
        return ws;
    }

    private JsonNode auth(WsProbe ws, String key, long expires, String signature) {
        ws.send("{\"req_id\":\"a" + expires + "\",\"op\":\"auth\",\"args\":[\"" + key + "\"," + expires + ",\"" + signature + "\"]}");
        return ws.awaitMessage(m -> ("a" + expires).equals(m.path("req_id").asText()));
    }

    @Test
    void authWithTheDocumentedSignatureThenSubscribeAndPing() throws Exception {
        start(builder());
        try (WsProbe ws = WsProbe.open(sim.privateWsUrl()).seenBy(sim)) {
            ws.send("{\"req_id\":\"early\",\"op\":\"subscribe\",\"args\":[\"order\"]}");
            JsonNode early = ws.awaitMessage(m -> "early".equals(m.path("req_id").asText()));
            assertThat(early.path("success").asBoolean()).isFalse();
            assertThat(early.path("ret_msg").asText()).isEqualTo("Request not authorized");
            long expires = sim.serverTime() + 5_000;
            JsonNode ok = auth(ws, KEY, expires, SimClient.hmac(SECRET, "GET/realtime" + expires));
            DocShapes.assertSameShape("ws_private_auth.json", ok);
            assertThat(ok.path("success").asBoolean()).isTrue();
            ws.send("{\"req_id\":\"s\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution.linear\"]}");
            JsonNode sub = ws.awaitMessage(m -> "s".equals(m.path("req_id").asText()));
            DocShapes.assertSameShape("ws_private_subscribe.json", sub);
            assertThat(sub.path("success").asBoolean()).isTrue();
            ws.send("{\"req_id\":\"bad\",\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\"]}");
            assertThat(ws.awaitMessage(m -> "bad".equals(m.path("req_id").asText())).path("success").asBoolean()).isFalse();
            ws.send("{\"req_id\":\"test\",\"op\":\"ping\"}");
            JsonNode pong = ws.awaitMessage(m -> "pong".equals(m.path("op").asText()));
            DocShapes.assertSameShape("ws_private_pong.json", pong);
            assertThat(pong.path("args").get(0).asText()).isEqualTo(Long.toString(sim.now()));
        }
    }

    @Test
    void anExpiredBadOrUnknownAuthIsRefused() throws Exception {
        start(builder());
        try (WsProbe ws = WsProbe.open(sim.privateWsUrl()).seenBy(sim)) {
            long past = sim.serverTime() - 1;
            assertThat(auth(ws, KEY, past, SimClient.hmac(SECRET, "GET/realtime" + past)).path("ret_msg").asText()).isEqualTo("Params Error");
            long future = sim.serverTime() + 5_000;
            JsonNode badSig = auth(ws, KEY, future, SimClient.hmac("wrong", "GET/realtime" + future));
            assertThat(badSig.path("success").asBoolean()).isFalse();
            JsonNode unknown = auth(ws, "nobody", future + 1, SimClient.hmac(SECRET, "GET/realtime" + (future + 1)));
            assertThat(unknown.path("ret_msg").asText()).isEqualTo("API key is invalid.");
            ws.send("{\"req_id\":\"m\",\"op\":\"auth\",\"args\":[\"" + KEY + "\",\"soon\",\"x\"]}");
            assertThat(ws.awaitMessage(m -> "m".equals(m.path("req_id").asText())).path("ret_msg").asText()).isEqualTo("Params Error");
            ws.send("{\"req_id\":\"n\",\"op\":\"auth\",\"args\":[\"" + KEY + "\"]}");
            assertThat(ws.awaitMessage(m -> "n".equals(m.path("req_id").asText())).path("success").asBoolean()).isFalse();
        }
    }

    @Test
    void aSkewedServerClockMakesAFreshExpiresLookExpired() throws Exception {
        start(builder());
        try (WsProbe ws = WsProbe.open(sim.privateWsUrl()).seenBy(sim)) {
            long expires = sim.now() + 1_000;
            sim.faults().skewClock(Duration.ofSeconds(5));
            assertThat(auth(ws, KEY, expires, SimClient.hmac(SECRET, "GET/realtime" + expires)).path("success").asBoolean()).isFalse();
        }
    }

    @Test
    void aFillPushesExecutionOrderPositionAndWalletInTheDocumentedShapes() throws Exception {
        start(builder());
        trade(150.00, 10);
        try (WsProbe ws = account()) {
            String id = place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"2\",\"orderLinkId\":\"entry-1\"");
            JsonNode placed = ws.awaitMessage(onTopic("order"));
            assertThat(placed.path("data").get(0).path("orderStatus").asText()).isEqualTo("New");
            assertThat(placed.path("data").get(0).path("avgPrice").asText()).isEmpty();
            trade(150.10, 10);
            JsonNode exec = ws.awaitMessage(onTopic("execution"));
            List<JsonNode> orders = ws.awaitCount(onTopic("order"), 2);
            JsonNode wallet = ws.awaitMessage(onTopic("wallet"));
            List<JsonNode> positions = ws.awaitCount(onTopic("position"), 2);
            DocShapes.assertSameShape("ws_private_execution.json", exec);
            DocShapes.assertSameShape("ws_private_order.json", orders.get(1));
            DocShapes.assertSameShape("ws_private_position.json", positions.get(1));
            DocShapes.assertSameShape("ws_private_wallet.json", wallet);
            JsonNode e = exec.path("data").get(0);
            assertThat(e.path("execId").asText()).isEqualTo(sim.executions().get(0).execId());
            assertThat(e.path("orderLinkId").asText()).isEqualTo("entry-1");
            assertThat(e.path("execType").asText()).isEqualTo("Trade");
            assertThat(e.path("execQty").asText()).isEqualTo("2.0");
            assertThat(e.path("execTime").asText()).isEqualTo(Long.toString(T0 + 2_000));
            JsonNode o = orders.get(1).path("data").get(0);
            assertThat(o.path("orderId").asText()).isEqualTo(id);
            assertThat(o.path("orderStatus").asText()).isEqualTo("Filled");
            assertThat(o.path("cumExecQty").asText()).isEqualTo("2.0");
            assertThat(o.path("leavesQty").asText()).isEqualTo("0.0");
            assertThat(o.path("avgPrice").asText()).isEqualTo("150.1");
            assertThat(o.path("updatedTime").asText()).isEqualTo(Long.toString(T0 + 2_000));
            JsonNode p = positions.get(1).path("data").get(0);
            assertThat(p.path("size").asText()).isEqualTo("2.0");
            assertThat(p.path("side").asText()).isEqualTo("Buy");
            assertThat(p.path("entryPrice").asText()).isEqualTo("150.1");
            assertThat(exec.path("topic").asText()).isEqualTo("execution");
            int execAt = ws.messages.indexOf(exec);
            assertThat(execAt).as("the execution comes before the order update").isLessThan(ws.messages.indexOf(orders.get(1)));
            assertThat(wallet.path("data").get(0).path("coin").get(0).path("walletBalance").asText())
                    .isEqualTo(ExchangeNumbers.money(sim.wallet().walletBalance()));
        }
    }

    @Test
    void categorisedTopicsCarryTheirOwnName() throws Exception {
        start(builder());
        trade(150.00, 10);
        try (WsProbe ws = WsProbe.authed(sim, KEY, SECRET)) {
            ws.send("{\"req_id\":\"s\",\"op\":\"subscribe\",\"args\":[\"order.linear\",\"position.linear\"]}");
            ws.awaitMessage(m -> "s".equals(m.path("req_id").asText()));
            place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\"");
            ws.awaitMessage(onTopic("order.linear"));
            ws.awaitMessage(onTopic("position.linear"));
        }
    }

    @Test
    void fundingIsPushedAsAnExecutionOfTypeFunding() throws Exception {
        long t0 = T0 + 8 * 3_600_000L - 60_000;
        start(builder().startAt(t0));
        sim.inject(new MarketEvent.Trade(SOL, t0 + 1_000, 0, 100, 10, Side.Buy));
        try (WsProbe ws = account()) {
            place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"");
            sim.inject(new MarketEvent.Trade(SOL, t0 + 2_000, 0, 100, 10, Side.Buy));
            sim.advanceTo(T0 + 8 * 3_600_000L);
            List<JsonNode> execs = ws.awaitCount(onTopic("execution"), 2);
            JsonNode funding = execs.get(1).path("data").get(0);
            assertThat(funding.path("execType").asText()).isEqualTo("Funding");
            assertThat(funding.path("execFee").asText()).as("a short receives a positive rate").isEqualTo("-0.01");
            assertThat(funding.path("orderType").asText()).isEqualTo("UNKNOWN");
        }
    }

    @Test
    void duplicatedReversedAndHeldPrivateMessagesReachTheClientSo() throws Exception {
        start(builder());
        trade(150.00, 10);
        try (WsProbe ws = account()) {
            place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
            ws.awaitCount(onTopic("position"), 1);
            sim.faults().duplicatePrivate(1).reversePrivate(2);
            trade(150.00, 10);
            List<JsonNode> execs = ws.awaitCount(onTopic("execution"), 1);
            List<JsonNode> orders = ws.awaitCount(onTopic("order"), 2);
            JsonNode filled = orders.get(1);
            assertThat(filled.path("data").get(0).path("orderStatus").asText()).isEqualTo("Filled");
            assertThat(ws.messages.indexOf(filled)).as("Filled before its execution").isLessThan(ws.messages.indexOf(execs.get(0)));
            List<JsonNode> positions = ws.awaitCount(onTopic("position"), 3);
            assertThat(positions.get(1)).as("the next message sent twice").isEqualTo(positions.get(2));

            sim.faults().holdPrivate(Duration.ofSeconds(30));
            place("\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"");
            trade(150.50, 10);
            assertThat(ws.topic("execution")).hasSize(1);
            sim.advanceBy(Duration.ofSeconds(30));
            ws.awaitCount(onTopic("execution"), 2);
            assertThat(sim.faults().log()).extracting(InjectedFault::kind)
                    .containsExactly("private-reorder", "private-duplicate", "private-hold", "private-release");
        }
    }

    @Test
    void seededChaosDuplicatesAndReordersAndReleaseFlushesWhatIsKept() throws Exception {
        start(builder());
        trade(150.00, 10);
        try (WsProbe ws = account()) {
            sim.faults().privateChaos(7, 1.0, 0.0);
            place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\"");
            assertThat(ws.awaitCount(onTopic("order"), 2)).hasSize(2);
            sim.faults().privateChaos(7, 0.0, 1.0);
            place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"141.00\"");
            sim.faults().releaseHeld();
            ws.awaitCount(onTopic("order"), 3);
            assertThat(sim.privateMessagesDelivered()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void droppedPrivateSocketsCloseAndTheClientCanAuthenticateAgain() throws Exception {
        start(builder());
        WsProbe ws = account();
        assertThat(sim.privateConnections()).isEqualTo(1);
        assertThat(sim.faults().dropPrivateSockets()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.closed);
        trade(150.00, 10);
        try (WsProbe again = account()) {
            place("\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\"");
            again.awaitMessage(onTopic("order"));
        }
    }
}
