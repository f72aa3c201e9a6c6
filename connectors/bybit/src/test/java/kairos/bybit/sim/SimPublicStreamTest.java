package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.bybit.parsing.BybitPublicMessages;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import static kairos.bybit.sim.WsProbe.onTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SimPublicStreamTest extends SimTestBase {

    private WsProbe subscribed(String... topics) throws Exception {
        WsProbe ws = WsProbe.open(sim.publicWsUrl()).seenBy(sim);
        ws.send("{\"op\":\"subscribe\",\"args\":[\"" + String.join("\",\"", topics) + "\"]}");
        ws.awaitMessage(m -> "subscribe".equals(m.path("op").asText()));
        return ws;
    }

    @Test
    void subscribeUnsubscribeAndPingAnswerAsTheDocumentationShows() throws Exception {
        start(builder());
        try (WsProbe ws = WsProbe.open(sim.publicWsUrl()).seenBy(sim)) {
            ws.send("{\"req_id\":\"r1\",\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\",\"orderbook.50.SOLUSDT\"]}");
            JsonNode ack = ws.awaitMessage(m -> "r1".equals(m.path("req_id").asText()));
            DocShapes.assertSameShape("ws_public_subscribe.json", ack);
            assertThat(ack.path("success").asBoolean()).isTrue();
            ws.send("{\"op\":\"ping\"}");
            JsonNode pong = ws.awaitMessage(m -> "pong".equals(m.path("ret_msg").asText()));
            DocShapes.assertSameShape("ws_public_pong.json", pong);
            assertThat(pong.path("op").asText()).isEqualTo("ping");
            ws.send("{\"req_id\":\"r2\",\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\"]}");
            assertThat(ws.awaitMessage(m -> "r2".equals(m.path("req_id").asText())).path("ret_msg").asText()).contains("already subscribed");
            ws.send("{\"req_id\":\"r3\",\"op\":\"subscribe\",\"args\":[\"orderbook.7.SOLUSDT\",\"kline.2.SOLUSDT\",\"publicTrade.DOGEUSDT\"]}");
            JsonNode bad = ws.awaitMessage(m -> "r3".equals(m.path("req_id").asText()));
            assertThat(bad.path("success").asBoolean()).isFalse();
            assertThat(bad.path("ret_msg").asText()).contains("orderbook.7.SOLUSDT").contains("publicTrade.DOGEUSDT");
            ws.send("{\"req_id\":\"r4\",\"op\":\"unsubscribe\",\"args\":[\"publicTrade.SOLUSDT\"]}");
            ws.awaitMessage(m -> "r4".equals(m.path("req_id").asText()) && m.path("success").asBoolean());
            ws.send("{\"req_id\":\"r5\",\"op\":\"auth\",\"args\":[]}");
            assertThat(ws.awaitMessage(m -> "r5".equals(m.path("req_id").asText())).path("success").asBoolean()).isFalse();
            ws.send("{\"req_id\":\"r6\",\"op\":\"dance\"}");
            assertThat(ws.awaitMessage(m -> "r6".equals(m.path("req_id").asText())).path("ret_msg").asText()).isEqualTo("error:invalid op");
            ws.send("{nope");
            ws.awaitMessage(m -> m.path("ret_msg").asText().contains("not valid JSON"));
            trade(150, 1);
            ws.awaitMessage(onTopic("orderbook.50.SOLUSDT"));
            assertThat(ws.topic("publicTrade.SOLUSDT")).as("unsubscribed").isEmpty();
        }
    }

    @Test
    void tradesArePushedAsDocumentedAndReadBackByKairosParser() throws Exception {
        start(builder());
        try (WsProbe ws = subscribed("publicTrade.SOLUSDT")) {
            trade(150.01, 2.5, Side.Sell);
            trade(150.01, 1, Side.Buy);
            List<JsonNode> msgs = ws.awaitCount(onTopic("publicTrade.SOLUSDT"), 2);
            DocShapes.assertSameShape("ws_public_trade.json", msgs.get(0));
            JsonNode t = msgs.get(0).path("data").get(0);
            assertThat(t.path("p").asText()).isEqualTo("150.01");
            assertThat(t.path("v").asText()).isEqualTo("2.5");
            assertThat(t.path("S").asText()).isEqualTo("Sell");
            assertThat(t.path("T").asLong()).isEqualTo(T0 + 1_000);
            assertThat(msgs.get(1).path("data").get(0).path("L").asText()).isEqualTo("ZeroPlusTick");
            assertThat(msgs.get(1).path("data").get(0).path("seq").asLong()).isGreaterThan(t.path("seq").asLong());
            List<MarketEvent> parsed = new ArrayList<>();
            new BybitPublicMessages().parse(ws.texts.get(ws.texts.size() - 1), 0, parsed::add);
            assertThat(parsed).singleElement().isEqualTo(new MarketEvent.Trade(SOL, T0 + 2_000, 0, 150.01, 1.0, Side.Buy));
        }
    }

    @Test
    void theOrderBookStartsWithASnapshotThenDeltasWhoseUpdateIdsFollow() throws Exception {
        MarketTape tape = MarketTape.of(List.of(
                new MarketEvent.Book(SOL, T0 + 1_000, 0, true, new double[][] {{149.99, 10}, {149.98, 20}}, new double[][] {{150.01, 5}}),
                new MarketEvent.Book(SOL, T0 + 2_000, 0, false, new double[][] {{149.99, 0}, {149.97, 7}}, new double[][] {{150.02, 3}}),
                new MarketEvent.Book(SOL, T0 + 3_000, 0, true, new double[][] {{149.98, 20}}, new double[][] {{150.01, 6}}),
                new MarketEvent.Book(SOL, T0 + 4_000, 0, false, new double[][] {{149.96, 1}}, new double[][] {}),
                new MarketEvent.Book(SOL, T0 + 5_000, 0, false, new double[][] {{149.95, 1}}, new double[][] {})));
        start(builder().tape(tape));
        sim.advanceTo(T0 + 1_000);
        try (WsProbe ws = subscribed("orderbook.50.SOLUSDT")) {
            JsonNode snapshot = ws.awaitMessage(onTopic("orderbook.50.SOLUSDT"));
            DocShapes.assertSameShape("ws_public_orderbook_snapshot.json", snapshot);
            assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
            long u = snapshot.path("data").path("u").asLong();
            sim.advanceTo(T0 + 3_000);
            List<JsonNode> book = ws.awaitCount(onTopic("orderbook.50.SOLUSDT"), 3);
            DocShapes.assertSameShape("ws_public_orderbook_delta.json", book.get(1));
            assertThat(book.get(1).path("data").path("u").asLong()).isEqualTo(u + 1);
            assertThat(book.get(2).path("type").asText()).as("a tape snapshot goes out as the difference").isEqualTo("delta");
            assertThat(book.get(2).path("data").path("u").asLong()).isEqualTo(u + 2);
            Map<String, String> bids = replay(book, "b");
            SimClient.Reply rest = client.publicGet("/v5/market/orderbook", "category=linear&symbol=SOLUSDT");
            DocShapes.assertSameShape("v5_market_orderbook.json", rest.json());
            Map<String, String> restBids = new TreeMap<>();
            rest.result().path("b").forEach(l -> restBids.put(l.get(0).asText(), l.get(1).asText()));
            assertThat(bids).isEqualTo(restBids).containsOnlyKeys("149.98");
            assertThat(rest.result().path("u").asLong()).isEqualTo(u + 2);

            sim.faults().skipBookUpdate(SOL);
            sim.advanceTo(T0 + 4_000);
            JsonNode afterGap = ws.awaitCount(onTopic("orderbook.50.SOLUSDT"), 4).get(3);
            assertThat(afterGap.path("data").path("u").asLong()).as("one update lost").isEqualTo(u + 4);
            sim.faults().resetBook(SOL);
            JsonNode reset = ws.awaitCount(onTopic("orderbook.50.SOLUSDT"), 5).get(4);
            assertThat(reset.path("type").asText()).isEqualTo("snapshot");
            assertThat(reset.path("data").path("u").asLong()).isEqualTo(1);
            sim.advanceTo(T0 + 5_000);
            assertThat(ws.awaitCount(onTopic("orderbook.50.SOLUSDT"), 6).get(5).path("data").path("u").asLong()).isEqualTo(2);
            assertThat(sim.faults().log()).extracting(InjectedFault::kind).containsExactly("book-gap", "book-reset");
        }
    }

    private static Map<String, String> replay(List<JsonNode> book, String side) {
        Map<String, String> levels = new TreeMap<>();
        for (JsonNode m : book) {
            if ("snapshot".equals(m.path("type").asText())) {
                levels.clear();
            }
            for (JsonNode l : m.path("data").path(side)) {
                if (l.get(1).asDouble() == 0) {
                    levels.remove(l.get(0).asText());
                } else {
                    levels.put(l.get(0).asText(), l.get(1).asText());
                }
            }
        }
        return levels;
    }

    @Test
    void withoutBooksOnTheTapeABookIsSynthesisedAroundEachTrade() throws Exception {
        start(builder());
        trade(150.00, 1);
        try (WsProbe ws = subscribed("orderbook.1.SOLUSDT", "orderbook.200.SOLUSDT")) {
            JsonNode top = ws.awaitMessage(onTopic("orderbook.1.SOLUSDT"));
            assertThat(top.path("data").path("b")).hasSize(1);
            assertThat(top.path("data").path("b").get(0).get(0).asText()).isEqualTo("149.99");
            assertThat(top.path("data").path("a").get(0).get(0).asText()).isEqualTo("150.01");
            trade(150.05, 1);
            JsonNode delta = ws.awaitMessage(onTopic("orderbook.200.SOLUSDT").and(m -> "delta".equals(m.path("type").asText())));
            assertThat(delta.path("data").path("a").toString()).contains("150.06");
            assertThat(ws.awaitCount(onTopic("orderbook.1.SOLUSDT"), 2).get(1).path("type").asText()).isEqualTo("snapshot");
        }
    }

    @Test
    void klinesUpdateDuringTheMinuteAndConfirmAtItsClose() throws Exception {
        start(builder());
        try (WsProbe ws = subscribed("kline.1.SOLUSDT", "kline.5.SOLUSDT")) {
            trade(150.00, 1);
            trade(151.00, 2);
            List<JsonNode> updates = ws.awaitCount(onTopic("kline.1.SOLUSDT"), 2);
            DocShapes.assertSameShape("ws_public_kline.json", updates.get(1));
            JsonNode k = updates.get(1).path("data").get(0);
            assertThat(k.path("confirm").asBoolean()).isFalse();
            assertThat(k.path("start").asLong()).isEqualTo(T0);
            assertThat(k.path("end").asLong()).isEqualTo(T0 + 59_999);
            assertThat(k.path("high").asText()).isEqualTo("151.00");
            assertThat(k.path("volume").asText()).isEqualTo("3");
            sim.advanceTo(T0 + 120_000);
            List<JsonNode> closes = ws.awaitCount(onTopic("kline.1.SOLUSDT").and(m -> m.path("data").get(0).path("confirm").asBoolean()), 2);
            assertThat(closes.get(0).path("data").get(0).path("close").asText()).isEqualTo("151.00");
            assertThat(closes.get(0).path("ts").asLong()).isEqualTo(T0 + 60_000);
            JsonNode flat = closes.get(1).path("data").get(0);
            assertThat(flat.path("start").asLong()).as("a minute without trades closes flat").isEqualTo(T0 + 60_000);
            assertThat(flat.path("open").asText()).isEqualTo("151.00");
            assertThat(flat.path("volume").asText()).isEqualTo("0");
            sim.advanceTo(T0 + 300_000);
            JsonNode five = ws.awaitMessage(onTopic("kline.5.SOLUSDT").and(m -> m.path("data").get(0).path("confirm").asBoolean()));
            assertThat(five.path("data").get(0).path("interval").asText()).isEqualTo("5");
            assertThat(five.path("data").get(0).path("volume").asText()).isEqualTo("3");
            List<MarketEvent> parsed = new ArrayList<>();
            BybitPublicMessages parser = new BybitPublicMessages();
            ws.texts.forEach(t -> parser.parse(t, 0, parsed::add));
            assertThat(parsed).filteredOn(e -> e instanceof MarketEvent.BarClose).hasSize(6);
        }
    }

    @Test
    void tickersStartWithASnapshotAndThenSendWhatChanged() throws Exception {
        start(builder());
        trade(150.00, 1);
        try (WsProbe ws = subscribed("tickers.SOLUSDT")) {
            JsonNode snapshot = ws.awaitMessage(onTopic("tickers.SOLUSDT"));
            DocShapes.assertSameShape("ws_public_ticker.json", snapshot);
            assertThat(snapshot.path("data").path("nextFundingTime").asText()).isEqualTo(Long.toString(T0 + 8 * 3_600_000L));
            assertThat(snapshot.path("data").path("fundingRate").asText()).isEqualTo("0.0001");
            trade(150.50, 1);
            JsonNode delta = ws.awaitCount(onTopic("tickers.SOLUSDT"), 2).get(1);
            assertThat(delta.path("type").asText()).isEqualTo("delta");
            assertThat(delta.path("data").path("lastPrice").asText()).isEqualTo("150.50");
            assertThat(delta.path("data").has("fundingRate")).as("unchanged fields are not sent").isFalse();
            sim.inject(new MarketEvent.Mark(SOL, sim.now() + 1_000, 0, 150.40));
            sim.inject(new MarketEvent.Index(SOL, sim.now() + 1_000, 0, 150.30));
            sim.inject(new MarketEvent.OpenInterest(SOL, sim.now() + 1_000, 0, 123_456.7));
            sim.inject(new MarketEvent.Funding(SOL, sim.now() + 1_000, 0, -0.0002, false));
            List<JsonNode> all = ws.awaitCount(onTopic("tickers.SOLUSDT"), 6);
            assertThat(all.get(2).path("data").path("markPrice").asText()).isEqualTo("150.40");
            assertThat(all.get(3).path("data").path("indexPrice").asText()).isEqualTo("150.30");
            assertThat(all.get(4).path("data").path("openInterest").asText()).isEqualTo("123456.7");
            assertThat(all.get(5).path("data").path("fundingRate").asText()).isEqualTo("-0.0002");
            List<MarketEvent> parsed = new ArrayList<>();
            BybitPublicMessages parser = new BybitPublicMessages();
            ws.texts.forEach(t -> parser.parse(t, 0, parsed::add));
            assertThat(parsed).anyMatch(e -> e instanceof MarketEvent.Mark m && m.price() == 150.40);
        }
    }

    @Test
    void liquidationsArePushedAsDocumented() throws Exception {
        start(builder());
        try (WsProbe ws = subscribed("allLiquidation.SOLUSDT")) {
            sim.inject(new MarketEvent.Liquidation(SOL, T0 + 5_000, 0, 149.5, 33.3, Side.Buy));
            JsonNode liq = ws.awaitMessage(onTopic("allLiquidation.SOLUSDT"));
            DocShapes.assertSameShape("ws_public_all_liquidation.json", liq);
            assertThat(liq.path("data").get(0).path("S").asText()).isEqualTo("Buy");
            assertThat(liq.path("data").get(0).path("p").asText()).isEqualTo("149.50");
        }
    }

    @Test
    void droppedHeldAndDuplicatedPublicMessagesAreObservedByAClient() throws Exception {
        start(builder());
        WsProbe ws = subscribed("publicTrade.SOLUSDT");
        sim.faults().holdPublic(Duration.ofSeconds(10));
        trade(150.00, 1);
        trade(150.10, 1);
        assertThat(ws.topic("publicTrade.SOLUSDT")).isEmpty();
        sim.advanceBy(Duration.ofSeconds(10));
        ws.awaitCount(onTopic("publicTrade.SOLUSDT"), 2);
        sim.faults().duplicatePublic(1);
        trade(150.20, 1);
        List<JsonNode> three = ws.awaitCount(onTopic("publicTrade.SOLUSDT"), 4);
        assertThat(three.get(2)).isEqualTo(three.get(3));
        assertThat(sim.publicConnections()).isEqualTo(1);
        assertThat(sim.faults().dropPublicSockets()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.closed);
        assertThat(ws.closeCode).isEqualTo(1006);
        try (WsProbe again = subscribed("publicTrade.SOLUSDT")) {
            trade(150.30, 1);
            again.awaitMessage(onTopic("publicTrade.SOLUSDT"));
        }
        assertThat(sim.faults().log()).extracting(InjectedFault::kind)
                .containsExactly("public-hold", "public-release", "public-duplicate", "drop-public");
    }

    @Test
    void maintenanceRefusesConnectionsAndAnswersRestWith10016() throws Exception {
        start(builder());
        WsProbe before = WsProbe.open(sim.publicWsUrl()).seenBy(sim);
        sim.faults().maintenance(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> before.closed);
        assertThatThrownBy(() -> WsProbe.open(sim.publicWsUrl()).seenBy(sim)).hasStackTraceContaining("Unexpected HTTP response status code");
        SimClient.Reply r = client.publicGet("/v5/market/time", "");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.retCode()).isEqualTo(10016);
        sim.faults().maintenance(false);
        try (WsProbe after = WsProbe.open(sim.privateWsUrl()).seenBy(sim)) {
            assertThat(after.closed).isFalse();
        }
        assertThat(client.publicGet("/v5/market/time", "").retCode()).isZero();
    }

    @Test
    void anUnknownPathIsRefusedAtTheHandshake() {
        start(builder());
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + sim.publicWsUrl().getPort() + "/v5/public/spot"),
                        new java.net.http.WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class);
    }
}
