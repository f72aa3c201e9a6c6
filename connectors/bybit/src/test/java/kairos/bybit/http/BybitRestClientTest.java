package kairos.bybit.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import kairos.bybit.http.BybitRestClient.Priority;

class BybitRestClientTest {
    /** The documentation's placeholder key, and a made-up secret. */
    static final String KEY = "xxxxxxxxxxxxxxxxxx";
    static final String SECRET = "kairos-test-secret-not-real";
    static final BybitCredentials CREDENTIALS = new BybitCredentials(KEY, SECRET);

    WireMockServer server;
    TestClock clock;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        clock = new TestClock(1_700_000_000_000L);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    BybitRestClient client(BybitRestClient.Settings s) {
        return new BybitRestClient(s, CREDENTIALS, clock, clock::sleep);
    }

    BybitRestClient.Settings settings() {
        return BybitRestClient.Settings.defaults(URI.create(server.baseUrl()))
                .withRetries(3, Duration.ofMillis(100));
    }

    @Test
    void signsTheDocumentedGetRequestAsAnIndependentHmacDoes() {
        // GET /v5/order/realtime?symbol=ETHUSDT&category=linear&openOnly=0&limit=1 at X-BAPI-TIMESTAMP 1672219525810
        clock.set(1672219525810L);
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(Fixtures.read("v5_order_realtime.json"))));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("symbol", "ETHUSDT");
        q.put("category", "linear");
        q.put("openOnly", "0");
        q.put("limit", "1");
        client(settings()).get("/v5/order/realtime", q, Priority.PROTECTIVE);

        LoggedRequest r = server.findAll(getRequestedFor(urlPathEqualTo("/v5/order/realtime"))).getFirst();
        assertThat(r.getUrl()).isEqualTo("/v5/order/realtime?symbol=ETHUSDT&category=linear&openOnly=0&limit=1");
        assertThat(r.getHeader("X-BAPI-API-KEY")).isEqualTo(KEY);
        assertThat(r.getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1672219525810");
        assertThat(r.getHeader("X-BAPI-RECV-WINDOW")).isEqualTo("5000");
        // python3: hmac.new(secret, b"1672219525810" + key + b"5000" + query, sha256).hexdigest()
        assertThat(r.getHeader("X-BAPI-SIGN")).isEqualTo("1e174db882fee408e69c3323550a85be2d18a2b714311ed3d250e85042c655b8");
    }

    @Test
    void signsTheDocumentedPostBodyAsSent() {
        clock.set(1672211928338L);
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "linear");
        body.put("symbol", "BTCUSDT");
        body.put("side", "Buy");
        body.put("orderType", "Limit");
        body.put("qty", "1");
        body.put("price", "25000");
        body.put("timeInForce", "GTC");
        body.put("positionIdx", 0);
        body.put("orderLinkId", "usdt-test-01");
        body.put("reduceOnly", false);
        body.put("takeProfit", "28000");
        body.put("stopLoss", "20000");
        body.put("tpslMode", "Partial");
        body.put("tpOrderType", "Limit");
        body.put("slOrderType", "Limit");
        body.put("tpLimitPrice", "27500");
        body.put("slLimitPrice", "20500");
        body.put("absent", null);
        client(settings()).post("/v5/order/create", body, Priority.ROUTINE);

        LoggedRequest r = server.findAll(postRequestedFor(urlPathEqualTo("/v5/order/create"))).getFirst();
        // the documented "USDT Perp open long position (one-way mode)" body, byte for byte
        assertThat(r.getBodyAsString()).isEqualTo("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"25000\",\"timeInForce\":\"GTC\",\"positionIdx\":0,"
                + "\"orderLinkId\":\"usdt-test-01\",\"reduceOnly\":false,\"takeProfit\":\"28000\",\"stopLoss\":\"20000\","
                + "\"tpslMode\":\"Partial\",\"tpOrderType\":\"Limit\",\"slOrderType\":\"Limit\",\"tpLimitPrice\":\"27500\","
                + "\"slLimitPrice\":\"20500\"}");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(r.getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1672211928338");
        assertThat(r.getHeader("X-BAPI-SIGN")).isEqualTo("2ee011ba024ed5ed14ed16333989f5cadd4ddf28f96acb156afcc9be6054451d");
    }

    @Test
    void credentialsNeverShowInText() {
        assertThat(CREDENTIALS.toString()).doesNotContain(KEY).doesNotContain(SECRET).contains("redacted");
        assertThatThrownBy(() -> BybitCredentials.fromEnvironment(Map.of("BYBIT_API_KEY", "k")))
                .hasMessageContaining("BYBIT_API_SECRET is not set");
        assertThatThrownBy(() -> BybitCredentials.fromEnvironment(Map.of()))
                .hasMessageContaining("BYBIT_API_KEY is not set");
        assertThat(BybitCredentials.fromEnvironment(Map.of("BYBIT_API_KEY", KEY, "BYBIT_API_SECRET", SECRET)).apiKey())
                .isEqualTo(KEY);
        assertThatThrownBy(() -> new BybitCredentials(KEY, " ")).hasMessageContaining("secret is empty");
    }

    @Test
    void measuresTheServerClockAndSignsWithIt() {
        clock.set(1688639400000L);   // 3.423 s behind the documented server time
        server.stubFor(get("/v5/market/time").willReturn(okJson(Fixtures.read("v5_market_time.json"))));
        server.stubFor(get(urlPathEqualTo("/v5/user/query-api")).willReturn(okJson(Fixtures.read("v5_user_query_api.json"))));
        BybitRestClient rest = client(settings());
        assertThat(rest.syncClock()).isEqualTo(3423);
        assertThat(rest.serverTimeMillis()).isEqualTo(1688639403423L);
        rest.get("/v5/user/query-api", Map.of(), Priority.ROUTINE);
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/v5/user/query-api"))).getFirst()
                .getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1688639403423");
        assertThat(rest.health().clockOffsetMs()).isEqualTo(3423);
    }

    @Test
    void aSkewedClockIsRemeasuredOnceOn10002AndTheCallRetried() {
        clock.set(1688639000000L);   // 403 s behind Bybit: outside any recv window
        server.stubFor(get("/v5/market/time").willReturn(okJson(Fixtures.read("v5_market_time.json"))));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).inScenario("skew").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.error(10002, "invalid request, please check your server timestamp or recv_window param")))
                .willSetStateTo("synced"));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).inScenario("skew").whenScenarioStateIs("synced")
                .willReturn(okJson(Fixtures.read("v5_position_list.json"))));
        BybitRestClient rest = client(settings());
        BybitReply reply = rest.get("/v5/position/list", Map.of("category", "linear"), Priority.PROTECTIVE);
        assertThat(reply.result().path("list")).hasSize(1);
        List<LoggedRequest> calls = server.findAll(getRequestedFor(urlPathEqualTo("/v5/position/list")));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1688639000000");
        assertThat(calls.get(1).getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1688639403423");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v5/market/time")));

        // a second 10002 right after the re-measure is Bybit's answer, not a clock problem: no loop
        server.stubFor(get(urlPathEqualTo("/v5/account/wallet-balance"))
                .willReturn(okJson(Fixtures.error(10002, "recv_window"))));
        assertThatThrownBy(() -> rest.get("/v5/account/wallet-balance", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitApiException.class)
                .hasMessage("GET /v5/account/wallet-balance: retCode 10002 (recv_window)");
        server.verify(2, getRequestedFor(urlPathEqualTo("/v5/account/wallet-balance")));
    }

    @Test
    void waitsForTheResetNamedBy10006AndRetries() {
        long reset = clock.millis() + 700;
        server.stubFor(post("/v5/order/create").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.error(10006, "Too many visits!"))
                        .withHeader("X-Bapi-Limit", "10").withHeader("X-Bapi-Limit-Status", "0")
                        .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(reset)))
                .willSetStateTo("free"));
        server.stubFor(post("/v5/order/create").inScenario("limit").whenScenarioStateIs("free")
                .willReturn(okJson(Fixtures.read("v5_order_create.json"))));
        BybitReply reply = client(settings()).post("/v5/order/create", Map.of("orderLinkId", "k1"), Priority.ROUTINE);
        assertThat(reply.result().path("orderId").asText()).isEqualTo("1321003749386327552");
        assertThat(clock.slept()).isEqualTo(700);
        server.verify(2, postRequestedFor(urlPathEqualTo("/v5/order/create")));
    }

    @Test
    void waitsBeforeTheLimitIsHitWhenTheHeadersSayNoneIsLeft() {
        long reset = clock.millis() + 400;
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(Fixtures.read("v5_order_realtime.json"))
                .withHeader("X-Bapi-Limit", "50").withHeader("X-Bapi-Limit-Status", "0")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(reset))));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(okJson(Fixtures.read("v5_position_list.json"))));
        BybitRestClient rest = client(settings());
        rest.get("/v5/order/realtime", Map.of("category", "linear"), Priority.PROTECTIVE);
        assertThat(clock.slept()).isZero();
        rest.get("/v5/position/list", Map.of("category", "linear"), Priority.PROTECTIVE);   // another endpoint: free
        assertThat(clock.slept()).isZero();
        rest.get("/v5/order/realtime", Map.of("category", "linear"), Priority.PROTECTIVE);
        assertThat(clock.slept()).isEqualTo(400);
        server.verify(2, getRequestedFor(urlPathEqualTo("/v5/order/realtime")));

        // a reset further away than the client may wait: fail fast, nothing sent
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).willReturn(okJson(Fixtures.read("v5_order_history.json"))
                .withHeader("X-Bapi-Limit-Status", "0")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(clock.millis() + 60_000))));
        rest.get("/v5/order/history", Map.of(), Priority.PROTECTIVE);
        assertThatThrownBy(() -> rest.get("/v5/order/history", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitNotSentException.class)
                .hasMessageContaining("GET /v5/order/history: rate limited until")
                .hasMessageContaining("no requests left on GET /v5/order/history");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v5/order/history")));
    }

    @Test
    void http403BacksOffEveryEndpointUntilTheBanEnds() {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(aResponse().withStatus(403).withBody("access too frequent")));
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(okJson(Fixtures.read("v5_position_list.json"))));
        BybitRestClient rest = client(settings());   // default ban: 10 minutes, longer than the 5 s it may wait
        assertThatThrownBy(() -> rest.get("/v5/order/realtime", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitNotSentException.class)
                .hasMessageContaining("HTTP 403");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v5/order/realtime")));
        assertThatThrownBy(() -> rest.get("/v5/position/list", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitNotSentException.class).hasMessageContaining("IP rate limit");
        server.verify(0, getRequestedFor(urlPathEqualTo("/v5/position/list")));
        clock.advance(Duration.ofMinutes(10));
        assertThat(rest.get("/v5/position/list", Map.of(), Priority.PROTECTIVE).result().path("list")).hasSize(1);

        // a short ban (the reset header names it) is waited out and the call retried
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).inScenario("ban").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403)
                        .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(clock.millis() + 2000)))
                .willSetStateTo("lifted"));
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).inScenario("ban").whenScenarioStateIs("lifted")
                .willReturn(okJson(Fixtures.read("v5_order_history.json"))));
        long before = clock.slept();
        rest.get("/v5/order/history", Map.of(), Priority.PROTECTIVE);
        assertThat(clock.slept() - before).isEqualTo(2000);
    }

    @Test
    void serverErrorsAreRetriedForReadsButNeverForWrites() {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")).willSetStateTo("again"));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).inScenario("5xx").whenScenarioStateIs("again")
                .willReturn(okJson(Fixtures.error(10016, "Server error."))).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.read("v5_order_realtime.json"))));
        BybitRestClient rest = client(settings());
        assertThat(rest.get("/v5/order/realtime", Map.of(), Priority.PROTECTIVE).result().path("list")).hasSize(1);
        server.verify(3, getRequestedFor(urlPathEqualTo("/v5/order/realtime")));
        assertThat(clock.slept()).isEqualTo(100 + 200);   // back-off doubles

        server.stubFor(post("/v5/order/create").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> rest.post("/v5/order/create", Map.of("orderLinkId", "k2"), Priority.ROUTINE))
                .isInstanceOf(BybitUnknownOutcomeException.class)
                .hasMessageStartingWith("POST /v5/order/create: HTTP 503");
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));

        server.stubFor(post("/v5/order/cancel").willReturn(okJson(Fixtures.error(10000, "Server Timeout"))));
        assertThatThrownBy(() -> rest.post("/v5/order/cancel", Map.of("orderLinkId", "k2"), Priority.PROTECTIVE))
                .isInstanceOf(BybitUnknownOutcomeException.class).hasMessageContaining("retCode 10000");
        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> rest.get("/v5/position/list", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitUnknownOutcomeException.class).hasMessageContaining("after 3 attempts");
    }

    @Test
    void aCallThatTimesOutHasAnUnknownOutcome() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.read("v5_order_create.json")).withFixedDelay(3000)));
        BybitRestClient rest = client(settings().withTimeout(Duration.ofMillis(150)));
        assertThatThrownBy(() -> rest.post("/v5/order/create", Map.of("orderLinkId", "k3"), Priority.ROUTINE))
                .isInstanceOf(BybitUnknownOutcomeException.class)
                .hasMessageContaining("no answer (HttpTimeoutException");
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));
    }

    @Test
    void refusalsAreDefiniteAndNamed() {
        server.stubFor(post("/v5/order/create").willReturn(okJson(Fixtures.error(110007, "Available balance is insufficient"))));
        server.stubFor(get(urlPathEqualTo("/v5/user/query-api")).willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).willReturn(okJson("[\"not bybit\"]")));
        BybitRestClient rest = client(settings());
        assertThatThrownBy(() -> rest.post("/v5/order/create", Map.of("orderLinkId", "k4"), Priority.ROUTINE))
                .isInstanceOfSatisfying(BybitApiException.class, e -> {
                    assertThat(e.retCode()).isEqualTo(110007);
                    assertThat(e.retMsg()).isEqualTo("Available balance is insufficient");
                    assertThat(e.endpoint()).isEqualTo("POST /v5/order/create");
                })
                .hasMessage("POST /v5/order/create: retCode 110007 (Available balance is insufficient)");
        assertThatThrownBy(() -> rest.get("/v5/user/query-api", Map.of(), Priority.ROUTINE))
                .isInstanceOfSatisfying(BybitApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
                .hasMessage("GET /v5/user/query-api: HTTP 401 (Unauthorized)");
        assertThatThrownBy(() -> rest.get("/v5/order/history", Map.of(), Priority.PROTECTIVE))
                .isInstanceOf(BybitUnknownOutcomeException.class).hasMessageContaining("without a Bybit V5 body");
        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/order/create")));
        assertThatThrownBy(() -> new BybitRestClient(settings(), null, clock).get("/v5/user/query-api", Map.of(),
                Priority.ROUTINE)).isInstanceOf(IllegalStateException.class).hasMessageContaining("BYBIT_API_KEY");
    }

    @Test
    void aRefusedConnectionWasNotExecutedAndIsRetried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BybitRestClient rest = client(BybitRestClient.Settings.defaults(URI.create("http://127.0.0.1:" + port))
                .withRetries(2, Duration.ofMillis(10)));
        assertThatThrownBy(() -> rest.post("/v5/order/create", Map.of("orderLinkId", "k5"), Priority.ROUTINE))
                .isInstanceOf(BybitNotSentException.class)
                .hasMessageContaining("cannot connect to http://127.0.0.1:" + port)
                .hasMessageContaining("after 2 attempts");
    }

    @Test
    void theCircuitBreakerOpensOnRepeatedFailuresHoldsBackRoutineCallsAndClosesAgain() {
        BybitRestClient rest = client(settings().withRetries(1, Duration.ZERO)
                .withBreaker(0.5, 4, 4, Duration.ofSeconds(30)));
        server.stubFor(get(urlPathEqualTo("/v5/market/tickers")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> rest.publicGet("/v5/market/tickers", Map.of())).isInstanceOf(BybitUnknownOutcomeException.class);
        }
        assertThat(rest.health().breakerState()).isEqualTo("OPEN");
        assertThat(rest.health().entriesHalted()).isTrue();
        assertThat(rest.health().errorRate()).isEqualTo(1.0);
        assertThatThrownBy(() -> rest.publicGet("/v5/market/tickers", Map.of()))
                .isInstanceOf(BybitNotSentException.class)
                .hasMessageContaining("circuit breaker OPEN").hasMessageContaining("error rate 100%");
        server.verify(4, getRequestedFor(urlPathEqualTo("/v5/market/tickers")));

        // protective calls (a stop, a cancel, a query) still go out while it is open
        server.stubFor(post("/v5/order/cancel").willReturn(okJson(Fixtures.read("v5_order_cancel.json"))));
        assertThat(rest.post("/v5/order/cancel", Map.of("orderLinkId", "k6"), Priority.PROTECTIVE).result()
                .path("orderLinkId").asText()).isEqualTo("linear-004");

        clock.advance(Duration.ofSeconds(31));
        server.stubFor(get(urlPathEqualTo("/v5/market/tickers")).willReturn(okJson(Fixtures.read("v5_market_tickers.json"))));
        for (int i = 0; i < 3; i++) {
            rest.publicGet("/v5/market/tickers", Map.of());   // half-open probes
        }
        assertThat(rest.health().breakerState()).isEqualTo("CLOSED");
        assertThat(rest.health().entriesHalted()).isFalse();
        assertThat(rest.health().calls()).isEqualTo(8);
        assertThat(rest.health().errorRate()).isEqualTo(0.5);
    }

    @Test
    void queryValuesAreEncodedButTheCursorIsPassedBackAsBybitGaveIt() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", "linear");
        q.put("note", "a b&c");
        q.put("cursor", "page_args%3Dfd43%26symbol%3D6%26");
        q.put("none", null);
        assertThat(BybitRestClient.query(q)).isEqualTo("category=linear&note=a+b%26c&cursor=page_args%3Dfd43%26symbol%3D6%26");
    }

    /** Bybit's maintenance (HTTP 503) shows in the health until a call succeeds again. */
    @Test
    void maintenanceShowsInTheHealthUntilACallSucceeds() {
        server.stubFor(get("/v5/market/time").inScenario("maintenance").whenScenarioStateIs(
                com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"retCode\":10016,\"retMsg\":\"System maintenance\"}"))
                .willSetStateTo("over"));
        server.stubFor(get("/v5/market/time").inScenario("maintenance").whenScenarioStateIs("over")
                .willReturn(okJson(Fixtures.read("v5_market_time.json"))));
        BybitRestClient rest = client(settings().withRetries(1, Duration.ofMillis(100)));
        assertThat(rest.health().maintenance()).isFalse();
        assertThatThrownBy(() -> rest.publicGet("/v5/market/time", Map.of())).isInstanceOf(BybitException.class);
        assertThat(rest.health().maintenance()).as("after the 503").isTrue();
        rest.publicGet("/v5/market/time", Map.of());
        assertThat(rest.health().maintenance()).as("after a good answer").isFalse();
    }

    /** The rate-limit headroom: the smallest share of an endpoint's requests left in its open window. */
    @Test
    void theRateLimitHeadroomIsTheSmallestShareLeft() {
        long reset = clock.millis() + 5_000;
        server.stubFor(get("/v5/market/time").willReturn(okJson(Fixtures.read("v5_market_time.json"))
                .withHeader("X-Bapi-Limit", "10").withHeader("X-Bapi-Limit-Status", "3")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(reset))));
        server.stubFor(get(urlPathEqualTo("/v5/market/tickers")).willReturn(okJson("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{},\"time\":1}")
                .withHeader("X-Bapi-Limit", "50").withHeader("X-Bapi-Limit-Status", "40")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(reset))));
        BybitRestClient rest = client(settings());
        assertThat(rest.health().rateLimitHeadroom()).as("no window known").isEqualTo(1.0);
        rest.publicGet("/v5/market/tickers", Map.of());
        assertThat(rest.health().rateLimitHeadroom()).isEqualTo(0.8);
        rest.publicGet("/v5/market/time", Map.of());
        assertThat(rest.health().rateLimitHeadroom()).isEqualTo(0.3);
        clock.set(reset + 1);   // both windows have reset
        assertThat(rest.health().rateLimitHeadroom()).isEqualTo(1.0);
    }
}
