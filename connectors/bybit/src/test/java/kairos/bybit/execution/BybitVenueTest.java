package kairos.bybit.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import kairos.bybit.http.BybitCredentials;
import kairos.bybit.http.BybitRestClient;
import kairos.bybit.http.BybitTradeApi;
import kairos.bybit.parsing.BybitInstrument;
import kairos.bybit.parsing.FundingCashFlow;
import kairos.bybit.websocket.BybitPrivateStream;
import kairos.bybit.websocket.LocalBybitPrivateServer;
import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderNotFound;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.OrderType;
import kairos.engine.execution.OrderUpdate;
import kairos.engine.execution.RequestRejected;
import kairos.engine.execution.VenueConnection;
import kairos.engine.execution.VenueEvent;
import kairos.engine.execution.VenueSnapshot;
import kairos.engine.rules.VenueHealth;

/** The venue against a local REST stand-in (WireMock) and a local private stream. */
class BybitVenueTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final BybitCredentials KEYS = new BybitCredentials("local-key", "local-secret");

    WireMockServer server;
    TestClock clock = new TestClock(1_700_000_000_000L);
    final List<VenueEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> deliveredAt = new CopyOnWriteArrayList<>();
    final List<FundingCashFlow> funding = new CopyOnWriteArrayList<>();
    BybitVenue venue;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        venue = venue(rest(BybitRestClient.Settings.defaults(URI.create(server.baseUrl()))), BybitVenue.Settings.defaults());
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).willReturn(okJson(Fixtures.ok("{\"list\":[]}"))));
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).willReturn(okJson(Fixtures.ok("{\"list\":[]}"))));
    }

    @AfterEach
    void stop() {
        venue.close();
        server.stop();
    }

    BybitRestClient rest(BybitRestClient.Settings s) {
        return new BybitRestClient(s.withRetries(2, Duration.ofMillis(1)).withTimeout(Duration.ofSeconds(2)), KEYS,
                clock, clock::sleep);
    }

    BybitVenue venue(BybitRestClient rest, BybitVenue.Settings settings) {
        return new BybitVenue(new BybitTradeApi(rest), (e, at) -> {
            events.add(e);
            deliveredAt.add(at);
        }, funding::add, clock, settings);
    }

    static OrderIntent intent(String linkId, OrderType type, Side side, String qty, String price, boolean reduceOnly,
                              OrderPurpose purpose, String protection) {
        return new OrderIntent(linkId, "SOLUSDT", side, type, new BigDecimal(qty), price == null ? null : new BigDecimal(price),
                reduceOnly, purpose, purpose.label(), 0, protection == null ? null : new BigDecimal(protection));
    }

    /** One linear order as Bybit reports it (the documented fields Kairos reads). */
    static String order(String linkId, String status, String orderType, String price, String trigger, String cum,
                        long updated) {
        return "{\"orderId\":\"id-" + linkId + "\",\"orderLinkId\":\"" + linkId + "\",\"symbol\":\"SOLUSDT\","
                + "\"category\":\"linear\",\"side\":\"Sell\",\"orderType\":\"" + orderType + "\",\"price\":\"" + price
                + "\",\"qty\":\"2\",\"triggerPrice\":\"" + trigger + "\",\"triggerDirection\":2,\"orderStatus\":\""
                + status + "\",\"cancelType\":\"UNKNOWN\",\"rejectReason\":\"EC_NoError\",\"avgPrice\":\"0\","
                + "\"leavesQty\":\"2\",\"cumExecQty\":\"" + cum + "\",\"cumExecFee\":\"0\",\"timeInForce\":\"GTC\","
                + "\"stopOrderType\":\"\",\"reduceOnly\":true,\"createdTime\":\"" + (updated - 5) + "\",\"updatedTime\":\""
                + updated + "\"}";
    }

    static String execution(String linkId, String execId, String execType, String fee) {
        return Fixtures.read("ws_private_execution.json").replace("\"orderLinkId\": \"\"", "\"orderLinkId\": \"" + linkId + "\"")
                .replace("\"symbol\": \"BTCUSDT\"", "\"symbol\": \"SOLUSDT\"")
                .replace("0ab1bdf7-4219-438b-b30a-32ec863018f7", execId).replace("\"execType\": \"Trade\"",
                        "\"execType\": \"" + execType + "\"").replace("\"execFee\": \"26.3725275\"", "\"execFee\": \"" + fee + "\"");
    }

    /** The data item of a private execution message, for a REST list. */
    static String executionItem(String linkId, String execId, String execType, String fee) {
        String m = execution(linkId, execId, execType, fee);
        return m.substring(m.indexOf('[') + 1, m.lastIndexOf(']'));
    }

    void realtime(String linkId, String body) {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).withQueryParam("orderLinkId", equalTo(linkId))
                .willReturn(okJson(Fixtures.ok("{\"list\":[" + body + "]}"))));
    }

    <T extends VenueEvent> List<T> awaitEvents(Class<T> type, int n) {
        await().atMost(WAIT).until(() -> events.stream().filter(type::isInstance).count() >= n);
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void eachOrderTypeIsSentAsBybitExpectsAndTheAcknowledgementReported() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        venue.submit(intent("k-e1", OrderType.LIMIT, Side.Buy, "1.5", "150.25", false, OrderPurpose.ENTRY, null));
        venue.submit(intent("k-s1", OrderType.STOP_MARKET, Side.Sell, "1.5", "140", true, OrderPurpose.STOP, null));
        venue.submit(intent("k-x1", OrderType.MARKET, Side.Sell, "1.5", null, true, OrderPurpose.EXIT, "139.5"));
        venue.submit(intent("k-m1", OrderType.MARKET, Side.Buy, "0.5", null, false, OrderPurpose.ENTRY, null));
        List<OrderUpdate> acks = awaitEvents(OrderUpdate.class, 4);
        assertThat(acks).extracting(OrderUpdate::linkId).containsExactly("k-e1", "k-s1", "k-x1", "k-m1");
        assertThat(acks).extracting(OrderUpdate::status).containsOnly(OrderStatus.ACCEPTED);
        assertThat(acks.get(1).price()).isEqualByComparingTo("140");
        assertThat(acks.get(3).price()).isNull();
        assertThat(deliveredAt).containsOnly(clock.millis());
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"price\":\"150.25\","
                        + "\"timeInForce\":\"GTC\",\"qty\":\"1.5\",\"positionIdx\":0,\"orderLinkId\":\"k-e1\",\"reduceOnly\":false}")));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"triggerPrice\":\"140\","
                        + "\"triggerDirection\":2,\"triggerBy\":\"LastPrice\",\"qty\":\"1.5\",\"positionIdx\":0,"
                        + "\"orderLinkId\":\"k-s1\",\"reduceOnly\":true}")));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Sell\",\"orderType\":\"Limit\",\"price\":\"139.5\","
                        + "\"timeInForce\":\"IOC\",\"qty\":\"1.5\",\"positionIdx\":0,\"orderLinkId\":\"k-x1\",\"reduceOnly\":true}")));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.5\","
                        + "\"positionIdx\":0,\"orderLinkId\":\"k-m1\",\"reduceOnly\":false}")));
    }

    @Test
    void postOnlyEntriesAndAMarkPriceStopWhenSoSet() {
        venue.close();
        venue = venue(rest(BybitRestClient.Settings.defaults(URI.create(server.baseUrl()))),
                new BybitVenue.Settings(true, "MarkPrice", 3, 1000));
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        venue.submit(intent("k-e2", OrderType.LIMIT, Side.Buy, "1", "150", false, OrderPurpose.ENTRY, null));
        venue.submit(intent("k-t2", OrderType.LIMIT, Side.Sell, "1", "160", true, OrderPurpose.TARGET, null));
        venue.submit(intent("k-s2", OrderType.STOP_MARKET, Side.Buy, "1", "170", true, OrderPurpose.STOP, null));
        awaitEvents(OrderUpdate.class, 3);
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(matchingJsonPath("$.timeInForce", equalTo("PostOnly"))));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalToJson(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Sell\",\"orderType\":\"Limit\",\"price\":\"160\","
                        + "\"timeInForce\":\"GTC\",\"qty\":\"1\",\"positionIdx\":0,\"orderLinkId\":\"k-t2\",\"reduceOnly\":true}")));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/create")).withRequestBody(equalToJson(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"triggerPrice\":\"170\","
                        + "\"triggerDirection\":1,\"triggerBy\":\"MarkPrice\",\"qty\":\"1\",\"positionIdx\":0,"
                        + "\"orderLinkId\":\"k-s2\",\"reduceOnly\":true}")));
        assertThatThrownBy(() -> new BybitVenue.Settings(false, "Last", 3, 0)).hasMessageContaining("stopTriggerBy");
        assertThatThrownBy(() -> new BybitVenue.Settings(false, "LastPrice", 0, 0)).hasMessageContaining("resolveAttempts");
    }

    @Test
    void aCreateThatTimesOutAfterBybitAcceptedItIsResolvedByQueryWithoutASecondOrder() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json")).withFixedDelay(3000)));
        realtime("k-t1", order("k-t1", "New", "Limit", "150", "0", "0", 1_700_000_000_123L));
        venue.submit(intent("k-t1", OrderType.LIMIT, Side.Sell, "2", "150", true, OrderPurpose.TARGET, null));
        OrderUpdate u = awaitEvents(OrderUpdate.class, 1).getFirst();
        assertThat(u).isEqualTo(new OrderUpdate("k-t1", "SOLUSDT", OrderStatus.ACCEPTED, new BigDecimal("150"),
                new BigDecimal("2"), BigDecimal.ZERO, "", 1_700_000_000_123L, 1_700_000_000_123L));
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));
        assertThat(events).hasSize(1);
    }

    @Test
    void anOrderBybitNeverSawIsSentAgainWithTheSameLinkIdAndTheDuplicateLookedUp() {
        server.stubFor(post("/v5/order/create").inScenario("c").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("resent"));
        server.stubFor(post("/v5/order/create").inScenario("c").whenScenarioStateIs("resent")
                .willReturn(okJson(Fixtures.error(110072, "OrderLinkedID is duplicate"))));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.ok("{\"list\":[]}"))).willSetStateTo("visible"));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).inScenario("r").whenScenarioStateIs("visible")
                .willReturn(okJson(Fixtures.ok("{\"list\":[" + order("k-d1", "Untriggered", "Market", "0", "140", "0",
                        1_700_000_000_456L) + "]}"))));
        venue.submit(intent("k-d1", OrderType.STOP_MARKET, Side.Sell, "2", "140", true, OrderPurpose.STOP, null));
        OrderUpdate u = awaitEvents(OrderUpdate.class, 1).getFirst();
        assertThat(u.status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(u.price()).isEqualByComparingTo("140");
        assertThat(u.reason()).isEqualTo("110072 duplicate orderLinkId: already placed; Untriggered");
        server.verify(2, postRequestedFor(urlPathEqualTo("/v5/order/create"))
                .withRequestBody(matchingJsonPath("$.orderLinkId", equalTo("k-d1"))));
    }

    @Test
    void aResendThatBybitAcceptsIsAcknowledged() {
        server.stubFor(post("/v5/order/create").inScenario("c").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.error(10016, "Server error."))).willSetStateTo("resent"));
        server.stubFor(post("/v5/order/create").inScenario("c").whenScenarioStateIs("resent")
                .willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        realtime("k-r1", "");
        venue.submit(intent("k-r1", OrderType.LIMIT, Side.Sell, "2", "150", true, OrderPurpose.TARGET, null));
        assertThat(awaitEvents(OrderUpdate.class, 1).getFirst().status()).isEqualTo(OrderStatus.ACCEPTED);
        server.verify(2, postRequestedFor(urlPathEqualTo("/v5/order/create")));
    }

    @Test
    void anOutcomeThatStaysUnknownIsNotInvented() {
        server.stubFor(post("/v5/order/create").willReturn(aResponse().withStatus(503)));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(aResponse().withStatus(503)));
        venue.submit(intent("k-u1", OrderType.LIMIT, Side.Sell, "2", "150", true, OrderPurpose.TARGET, null));
        await().atMost(WAIT).until(() -> server.findAll(getRequestedFor(urlPathEqualTo("/v5/order/realtime"))).size() == 6);
        venue.query("k-u1", "SOLUSDT");
        realtime("k-marker", order("k-marker", "New", "Limit", "150", "0", "0", 9L));
        venue.query("k-marker", "SOLUSDT");   // the worker runs in order: its answer comes after all of the above
        await().atMost(WAIT).until(() -> !events.isEmpty());
        assertThat(events).as("no ACCEPTED, no REJECTED, no OrderNotFound from a venue that did not answer")
                .singleElement().satisfies(e -> assertThat(((OrderUpdate) e).linkId()).isEqualTo("k-marker"));
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));
    }

    @Test
    void a110072AnswerMeansAlreadyPlacedAndTheOrderIsReportedWithItsFills() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.error(110072, "OrderLinkedID is duplicate"))));
        realtime("k-p1", order("k-p1", "PartiallyFilled", "Limit", "150", "0", "0.5", 1_700_000_000_789L));
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).withQueryParam("orderLinkId", equalTo("k-p1"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[" + executionItem("k-p1", "ex-1", "Trade", "0.01") + "]}"))));
        venue.submit(intent("k-p1", OrderType.LIMIT, Side.Sell, "2", "150", true, OrderPurpose.TARGET, null));
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events.get(0)).isInstanceOfSatisfying(Fill.class, f -> {
            assertThat(f.execId()).isEqualTo("ex-1");
            assertThat(f.orderLinkId()).isEqualTo("k-p1");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(OrderUpdate.class, u -> {
            assertThat(u.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
            assertThat(u.reason()).isEqualTo("110072 duplicate orderLinkId: already placed");
            assertThat(u.cumQty()).isEqualByComparingTo("0.5");
        });
    }

    @Test
    void aRefusalIsARejectionNamingEndpointAndCode() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.error(110007, "Available balance is insufficient"))));
        venue.submit(intent("k-n1", OrderType.LIMIT, Side.Buy, "2", "150", false, OrderPurpose.ENTRY, null));
        OrderUpdate u = awaitEvents(OrderUpdate.class, 1).getFirst();
        assertThat(u.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(u.reason()).isEqualTo("POST /v5/order/create: retCode 110007 (Available balance is insufficient)");
    }

    @Test
    void whileTheBreakerIsOpenEntriesAreRefusedButStopsStillGoOut() {
        venue.close();
        BybitRestClient rest = rest(BybitRestClient.Settings.defaults(URI.create(server.baseUrl()))
                .withBreaker(0.5, 2, 2, Duration.ofSeconds(30)));
        venue = venue(rest, BybitVenue.Settings.defaults());
        server.stubFor(get(urlPathEqualTo("/v5/market/tickers")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> rest.publicGet("/v5/market/tickers", java.util.Map.of()))
                .isInstanceOf(kairos.bybit.http.BybitUnknownOutcomeException.class);
        assertThat(rest.health().breakerState()).isEqualTo("OPEN");
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        venue.submit(intent("k-b1", OrderType.LIMIT, Side.Buy, "2", "150", false, OrderPurpose.ENTRY, null));
        venue.submit(intent("k-b2", OrderType.STOP_MARKET, Side.Sell, "2", "140", true, OrderPurpose.STOP, null));
        List<OrderUpdate> u = awaitEvents(OrderUpdate.class, 2);
        assertThat(u.get(0).status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(u.get(0).reason()).startsWith("not sent: POST /v5/order/create: circuit breaker OPEN");
        assertThat(u.get(1).status()).isEqualTo(OrderStatus.ACCEPTED);
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));
        assertThat(venue.restHealth().entriesHalted()).isTrue();
        VenueHealth h = venue.health("SOLUSDT", null);
        assertThat(h.apiErrorRate()).isEqualTo(2.0 / 3);
        assertThat(h.delistingInHours()).isInfinite();
        assertThat(h.maintenance()).isFalse();
    }

    @Test
    void queryAnswersWithTheExecutionsThenTheStateOrNotFound() {
        realtime("k-q1", order("k-q1", "Filled", "Limit", "150", "0", "2", 1_700_000_001_000L));
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).withQueryParam("orderLinkId", equalTo("k-q1"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[" + executionItem("k-q1", "ex-2", "Trade", "0.02") + ","
                        + executionItem("k-q1", "ex-3", "Trade", "-0.01") + "]}"))));
        realtime("k-q2", "");
        venue.query("k-q1", "SOLUSDT");
        venue.query("k-q2", "SOLUSDT");
        await().atMost(WAIT).until(() -> events.size() == 4);
        assertThat(events.get(0)).isInstanceOf(Fill.class);
        assertThat(((Fill) events.get(1)).fee()).isEqualTo(-0.01);
        assertThat(events.get(2)).isInstanceOfSatisfying(OrderUpdate.class, u -> assertThat(u.status()).isEqualTo(OrderStatus.FILLED));
        assertThat(events.get(3)).isEqualTo(new OrderNotFound("k-q2", "SOLUSDT", clock.millis()));

        // executions that cannot be read: the state still comes, its cumQty says fills are missing
        realtime("k-q3", order("k-q3", "PartiallyFilled", "Limit", "150", "0", "1", 1_700_000_001_500L));
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).withQueryParam("orderLinkId", equalTo("k-q3"))
                .willReturn(aResponse().withStatus(500)));
        venue.query("k-q3", "SOLUSDT");
        await().atMost(WAIT).until(() -> events.size() == 5);
        assertThat(events.get(4)).isInstanceOfSatisfying(OrderUpdate.class, u -> assertThat(u.cumQty()).isEqualByComparingTo("1"));
        server.verify(getRequestedFor(urlPathEqualTo("/v5/order/history")).withQueryParam("orderLinkId", equalTo("k-q2")));
    }

    @Test
    void anAmendSendsTheTriggerPriceOfAStopAndThenReportsTheOrder() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        server.stubFor(post("/v5/order/amend").willReturn(okJson(Fixtures.read("v5_order_amend.json"))));
        realtime("k-a1", order("k-a1", "Untriggered", "Market", "0", "142", "0", 1_700_000_002_000L));
        venue.submit(intent("k-a1", OrderType.STOP_MARKET, Side.Sell, "2", "140", true, OrderPurpose.STOP, null));
        venue.amend("k-a1", "SOLUSDT", new BigDecimal("142"), new BigDecimal("2"));
        List<OrderUpdate> u = awaitEvents(OrderUpdate.class, 2);
        assertThat(u.get(1).price()).isEqualByComparingTo("142");
        assertThat(u.get(1).venueSeq()).isEqualTo(1_700_000_002_000L);
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/amend")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderLinkId\":\"k-a1\",\"qty\":\"2\",\"triggerPrice\":\"142\"}")));

        // an order this venue did not place (a restart): looked up first, a limit order's price is its price
        realtime("k-a2", order("k-a2", "New", "Limit", "160", "0", "0", 1_700_000_002_100L));
        venue.amend("k-a2", "SOLUSDT", new BigDecimal("161"), new BigDecimal("2"));
        awaitEvents(OrderUpdate.class, 3);
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/amend")).withRequestBody(equalTo(
                "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderLinkId\":\"k-a2\",\"qty\":\"2\",\"price\":\"161\"}")));

        server.stubFor(post("/v5/order/amend").willReturn(okJson(Fixtures.error(110001, "Order does not exist"))));
        venue.amend("k-a1", "SOLUSDT", new BigDecimal("143"), new BigDecimal("2"));
        realtime("k-a3", "");
        venue.amend("k-a3", "SOLUSDT", new BigDecimal("143"), new BigDecimal("2"));
        List<RequestRejected> r = awaitEvents(RequestRejected.class, 2);
        assertThat(r.get(0)).isEqualTo(new RequestRejected("k-a1", "SOLUSDT", "amend",
                "POST /v5/order/amend: retCode 110001 (Order does not exist)", clock.millis()));
        assertThat(r.get(1).reason()).isEqualTo("order k-a3 is not on Bybit (order/realtime and order/history)");
    }

    @Test
    void aCancelReportsTheOrderAndARefusedOneSaysWhy() {
        server.stubFor(post("/v5/order/cancel").willReturn(okJson(Fixtures.read("v5_order_cancel.json"))));
        realtime("k-c1", order("k-c1", "Cancelled", "Limit", "150", "0", "0", 1_700_000_003_000L).replace(
                "\"cancelType\":\"UNKNOWN\"", "\"cancelType\":\"CancelByUser\""));
        venue.cancel("k-c1", "SOLUSDT");
        OrderUpdate u = awaitEvents(OrderUpdate.class, 1).getFirst();
        assertThat(u.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(u.reason()).isEqualTo("CancelByUser");

        server.stubFor(post("/v5/order/cancel").willReturn(okJson(Fixtures.error(110001, "Order does not exist"))));
        realtime("k-c2", order("k-c2", "Filled", "Limit", "150", "0", "2", 1_700_000_003_100L));
        venue.cancel("k-c2", "SOLUSDT");
        RequestRejected r = awaitEvents(RequestRejected.class, 1).getFirst();
        assertThat(r.request()).isEqualTo("cancel");
        assertThat(r.reason()).contains("retCode 110001");
        assertThat(awaitEvents(OrderUpdate.class, 2).get(1).status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void cancelAllReportsEveryOrderItCancelled() {
        server.stubFor(post("/v5/order/cancel-all").willReturn(okJson(Fixtures.ok(
                "{\"list\":[{\"orderId\":\"1\",\"orderLinkId\":\"k-z1\"},{\"orderId\":\"2\",\"orderLinkId\":\"\"}],\"success\":\"1\"}"))));
        realtime("k-z1", order("k-z1", "Cancelled", "Market", "0", "140", "0", 1_700_000_004_000L));
        venue.cancelAll("SOLUSDT");
        assertThat(awaitEvents(OrderUpdate.class, 1).getFirst().linkId()).isEqualTo("k-z1");

        server.stubFor(post("/v5/order/cancel-all").willReturn(okJson(Fixtures.error(10001, "params error"))));
        venue.cancelAll("SOLUSDT");
        assertThat(awaitEvents(RequestRejected.class, 1).getFirst().request()).isEqualTo("cancelAll");

        server.stubFor(post("/v5/order/cancel-all").willReturn(aResponse().withStatus(504)));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).withQueryParam("settleCoin", equalTo("USDT"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[" + order("k-z2", "New", "Limit", "150", "0", "0", 5L) + "]}"))));
        venue.cancelAll("SOLUSDT");
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof OrderUpdate o && o.linkId().equals("k-z2")));
    }

    @Test
    void reconcileIsOneSnapshotOfOrdersPositionsAndExecutions() {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(Fixtures.ok(
                "{\"list\":[" + order("k-o1", "Untriggered", "Market", "0", "140", "0", 7L) + "],\"nextPageCursor\":\"\"}"))));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(okJson(Fixtures.read("v5_position_list.json")
                .replace("\"side\": \"Sell\"", "\"side\": \"Buy\"").replace("\"symbol\": \"BTCUSD\"", "\"symbol\": \"SOLUSDT\"")
                .replace("]", ",{\"symbol\":\"ETHUSDT\",\"side\":\"\",\"size\":\"0\",\"avgPrice\":\"0\",\"positionIdx\":0}]"))));
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).willReturn(okJson(Fixtures.ok("{\"list\":["
                + executionItem("k-o0", "ex-9", "Trade", "0.1") + "," + executionItem("", "ex-f", "Funding", "0.3") + ","
                + executionItem("", "ex-s", "Settle", "0") + "],\"nextPageCursor\":\"\"}"))));
        venue.reconcile(clock.millis() - 3_600_000);
        VenueSnapshot s = awaitEvents(VenueSnapshot.class, 1).getFirst();
        assertThat(s.openOrders()).extracting(OrderUpdate::linkId).containsExactly("k-o1");
        assertThat(s.positions()).singleElement().satisfies(p -> {
            assertThat(p.symbol()).isEqualTo("SOLUSDT");
            assertThat(p.size()).isEqualByComparingTo("300");
        });
        assertThat(s.executions()).extracting(Fill::execId).containsExactly("ex-9");
        assertThat(s.time()).isEqualTo(1697684980172L);
        assertThat(s.executionsSince()).isEqualTo(clock.millis() - 3_600_000);
        assertThat(funding).extracting(FundingCashFlow::execId).containsExactly("ex-f");
        server.verify(getRequestedFor(urlPathEqualTo("/v5/execution/list"))
                .withQueryParam("startTime", equalTo(Long.toString(clock.millis() - 3_600_000))));

        venue.reconcile(0);   // a first start: Bybit's last week
        awaitEvents(VenueSnapshot.class, 2);
        server.verify(getRequestedFor(urlPathEqualTo("/v5/execution/list"))
                .withQueryParam("startTime", equalTo(Long.toString(clock.millis() - 7L * 24 * 3600 * 1000))));

        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(aResponse().withStatus(500)));
        venue.reconcile(0);
        venue.query("k-none", "SOLUSDT");   // a marker behind the failed reconciliation
        awaitEvents(OrderNotFound.class, 1);
        assertThat(events.stream().filter(VenueSnapshot.class::isInstance)).hasSize(2);
    }

    /** An execution-list item of SOLUSDT at {@code execTime} with Bybit's cross sequence {@code seq} (null: none). */
    static String executionAt(String linkId, String execId, String side, long execTime, Long seq) {
        String item = executionItem(linkId, execId, "Trade", "0.1")
                .replace("\"execTime\": \"1746270400353\"", "\"execTime\": \"" + execTime + "\"")
                .replace("\"side\": \"Sell\"", "\"side\": \"" + side + "\"");
        return seq == null ? item.replace("\"seq\": 140612148849382,", "")
                : item.replace("\"seq\": 140612148849382", "\"seq\": " + seq);
    }

    static String positionsAnswer(String items) {
        return Fixtures.ok("{\"list\":[" + items + "],\"nextPageCursor\":\"\",\"category\":\"linear\"}");
    }

    static String position(String side, String size, long seq, long updated) {
        return "{\"symbol\":\"SOLUSDT\",\"side\":\"" + side + "\",\"size\":\"" + size + "\",\"avgPrice\":\"150\","
                + "\"positionIdx\":0,\"seq\":" + seq + ",\"updatedTime\":\"" + updated + "\"}";
    }

    void executionList(String... items) {
        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).willReturn(okJson(Fixtures.ok("{\"list\":["
                + String.join(",", items) + "],\"nextPageCursor\":\"\"}"))));
    }

    @Test
    void reconcileTellsBySequenceThatAFillOfTheAnswersMillisecondCameAfterAFlatPosition() {
        long t = 1_700_000_000_000L;   // Bybit's time of every answer here, the positions' too
        venue.watch(List.of("SOLUSDT"));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(positionsAnswer(""))));
        // the list leaves the flat SOLUSDT out; asked by symbol, Bybit reports it flat as of the exit's sequence
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).withQueryParam("settleCoin", equalTo("USDT"))
                .willReturn(okJson(positionsAnswer(""))));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).withQueryParam("symbol", equalTo("SOLUSDT"))
                .willReturn(okJson(positionsAnswer(position("", "0", 501, t)))));
        // in one millisecond: the exit (in the flat position), then the next entry (after Bybit's answer)
        executionList(executionAt("k-in", "ex-entry", "Buy", t, 502L), executionAt("k-out", "ex-exit", "Sell", t, 501L));

        venue.reconcile(t - 60_000);
        VenueSnapshot s = awaitEvents(VenueSnapshot.class, 1).getFirst();
        assertThat(s.time()).isEqualTo(t);
        assertThat(s.positions()).isEmpty();
        assertThat(s.executions()).extracting(Fill::execId).containsExactlyInAnyOrder("ex-entry", "ex-exit");
        assertThat(s.notInPositions()).containsExactly("ex-entry");
        assertThat(s.inclusion().includes("ex-exit", t)).isTrue();
        assertThat(s.inclusion().includes("ex-entry", t)).isFalse();
        server.verify(getRequestedFor(urlPathEqualTo("/v5/position/list")).withQueryParam("symbol", equalTo("SOLUSDT")));
    }

    @Test
    void reconcileComparesAnOpenPositionWithTheExecutionsUpToItsSequenceOrElseUpToTheAnswersTime() {
        long t = 1_700_000_000_000L;
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(positionsAnswer(""))));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).withQueryParam("settleCoin", equalTo("USDT"))
                .willReturn(okJson(positionsAnswer(position("Buy", "6.9", 502, t)))));
        // the entry is in the long position; its exit, in the same millisecond, came after Bybit's answer
        executionList(executionAt("k-out", "ex-exit", "Sell", t, 503L), executionAt("k-in", "ex-entry", "Buy", t, 502L));
        venue.reconcile(t - 60_000);
        VenueSnapshot s = awaitEvents(VenueSnapshot.class, 1).getFirst();
        assertThat(s.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualByComparingTo("6.9"));
        assertThat(s.notInPositions()).containsExactly("ex-exit");
        server.verify(0, getRequestedFor(urlPathEqualTo("/v5/position/list")).withQueryParam("symbol", equalTo("SOLUSDT")));

        // without sequences: by time, an execution after the answer is not in the positions
        executionList(executionAt("k-out", "ex-exit", "Sell", t + 1, null), executionAt("k-in", "ex-entry", "Buy", t, null));
        venue.reconcile(t - 60_000);
        VenueSnapshot byTime = awaitEvents(VenueSnapshot.class, 2).get(1);
        assertThat(byTime.notInPositions()).containsExactly("ex-exit");
    }

    @Test
    void privateMessagesReachTheListenerDuplicatedAndOutOfOrderAndTheConnectionIsReported() throws Exception {
        LocalBybitPrivateServer ws = new LocalBybitPrivateServer("local-key", "local-secret");
        String filled = "{\"topic\":\"order\",\"creationTime\":2,\"data\":[" + order("k-w1", "Filled", "Limit", "150", "0", "2", 2000) + "]}";
        String fresh = "{\"topic\":\"order\",\"creationTime\":1,\"data\":[" + order("k-w1", "New", "Limit", "150", "0", "0", 1000) + "]}";
        ws.afterSubscribe.addAll(List.of(filled, execution("k-w1", "ex-w", "Trade", "0.05"),
                execution("k-w1", "ex-w", "Trade", "0.05"), fresh, "{not json", execution("", "ex-fund", "Funding", "0.2"),
                Fixtures.read("ws_private_wallet.json"), Fixtures.read("ws_private_position.json")));
        try {
            venue.connectPrivateStream(ws.startAndGetUri(), KEYS, new BybitPrivateStream.Settings(Duration.ofMillis(200),
                    Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10)));
            await().atMost(WAIT).until(() -> events.size() == 7);
            assertThat(events.get(0)).isInstanceOfSatisfying(VenueConnection.class, c -> assertThat(c.up()).isTrue());
            assertThat(events.subList(1, 5)).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("OrderUpdate", "Fill", "Fill", "OrderUpdate");
            assertThat(((OrderUpdate) events.get(1)).status()).isEqualTo(OrderStatus.FILLED);
            assertThat(((OrderUpdate) events.get(4)).venueSeq()).isEqualTo(1000);
            assertThat(events.get(5).getClass().getSimpleName()).isEqualTo("WalletReport");
            assertThat(events.get(6).getClass().getSimpleName()).isEqualTo("PositionReport");
            assertThat(funding).extracting(FundingCashFlow::execId).containsExactly("ex-fund");
            assertThatThrownBy(() -> venue.connectPrivateStream(URI.create("ws://127.0.0.1:1"), KEYS,
                    BybitPrivateStream.Settings.defaults())).isInstanceOf(IllegalStateException.class);

            ws.dropAll();
            await().atMost(WAIT).until(() -> events.stream().filter(VenueConnection.class::isInstance).count() == 3);
            List<VenueConnection> c = events.stream().filter(VenueConnection.class::isInstance).map(VenueConnection.class::cast).toList();
            assertThat(c).extracting(VenueConnection::up).containsExactly(true, false, true);
            // the close frame, or a ping sent in the instant the server closed: either way one loss, then one reconnect
            assertThat(c.get(1).detail()).matches("Bybit private stream: (closed by server|send failed).*");
            assertThat(ws.count("auth")).isEqualTo(2);
            assertThat(ws.count("subscribe")).isEqualTo(2);
        } finally {
            venue.close();
            ws.stop(1000);
        }
    }

    @Test
    void healthCarriesTheDelistingTime() {
        BybitInstrument delisting = new BybitInstrument("SOLUSDT", "LinearPerpetual", "Trading", "SOL", "USDT", "USDT",
                0L, clock.millis() + 12 * 3_600_000L, null, null, null, 480);
        VenueHealth h = venue.health("SOLUSDT", delisting);
        assertThat(h.delistingInHours()).isEqualTo(12.0);
        assertThat(h.symbol()).isEqualTo("SOLUSDT");
        assertThat(h.apiErrorRate()).isZero();
    }
}
