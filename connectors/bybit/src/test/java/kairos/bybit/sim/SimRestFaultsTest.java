package kairos.bybit.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimRestFaultsTest extends SimTestBase {
    private static final String LIMIT = "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"140.00\"";

    @Test
    void injectedRateLimitsAnswer10006WithLimitHeadersAndDoNothing() throws Exception {
        start(builder());
        trade(150, 1);
        sim.faults().rateLimitNext("/v5/order/create", 2);
        for (int i = 0; i < 2; i++) {
            SimClient.Reply r = tryPlace(LIMIT);
            assertThat(r.retCode()).isEqualTo(10006);
            assertThat(r.retMsg()).isEqualTo("Too many visits!");
            assertThat(r.header("X-Bapi-Limit-Status")).isEqualTo("0");
            assertThat(r.header("X-Bapi-Limit")).isEqualTo("1000");
            assertThat(Long.parseLong(r.header("X-Bapi-Limit-Reset-Timestamp"))).isGreaterThan(sim.serverTime());
        }
        assertThat(sim.orders()).isEmpty();
        assertThat(tryPlace(LIMIT).retCode()).isZero();
        assertThat(sim.faults().log()).extracting(InjectedFault::kind).containsExactly("rate-limited", "rate-limited");
    }

    @Test
    void theEndpointLimitCountsPerSecondOfExchangeTime() throws Exception {
        start(builder().rateLimit("/v5/order/realtime", 3));
        String q = "category=linear&symbol=SOLUSDT";
        for (int remaining = 2; remaining >= 0; remaining--) {
            SimClient.Reply r = client.get("/v5/order/realtime", q);
            assertThat(r.retCode()).isZero();
            assertThat(r.header("X-Bapi-Limit")).isEqualTo("3");
            assertThat(r.header("X-Bapi-Limit-Status")).isEqualTo(Integer.toString(remaining));
            assertThat(r.header("X-Bapi-Limit-Reset-Timestamp")).isEqualTo(Long.toString(T0));
        }
        SimClient.Reply over = client.get("/v5/order/realtime", q);
        assertThat(over.retCode()).isEqualTo(10006);
        assertThat(over.header("X-Bapi-Limit-Reset-Timestamp")).isEqualTo(Long.toString(T0 + 1_000));
        assertThat(client.get("/v5/execution/list", q).retCode()).as("another endpoint has its own window").isZero();
        sim.advanceBy(Duration.ofSeconds(1));
        client.timestamp = sim::serverTime;
        assertThat(client.get("/v5/order/realtime", q).retCode()).isZero();
    }

    @Test
    void theIpLimitAnswersHttp403() throws Exception {
        start(builder().ipLimit(3, Duration.ofSeconds(5)));
        for (int i = 0; i < 3; i++) {
            assertThat(client.publicGet("/v5/market/time", "").status()).isEqualTo(200);
        }
        SimClient.Reply banned = client.publicGet("/v5/market/time", "");
        assertThat(banned.status()).isEqualTo(403);
        assertThat(banned.body()).contains("access too frequent");
        sim.advanceBy(Duration.ofSeconds(5));
        assertThat(client.publicGet("/v5/market/time", "").status()).isEqualTo(200);
    }

    @Test
    void aGatewayErrorAnswersHttp5xxAndPlacesNothing() throws Exception {
        start(builder());
        trade(150, 1);
        sim.faults().serverErrorNext("/v5/order/create", 1, 502);
        SimClient.Reply r = tryPlace(LIMIT);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json()).isNull();
        assertThat(sim.orders()).isEmpty();
        assertThat(sim.requests("/v5/order/create").get(0).httpStatus()).isEqualTo(502);
    }

    @Test
    void anOrderAcceptedButNeverAnsweredExistsAndItsOrderLinkIdStaysTaken() throws Exception {
        start(builder());
        trade(150, 1);
        sim.faults().acceptThenHang("/v5/order/create", 1);
        client.timeout = Duration.ofMillis(500);
        String body = LIMIT + ",\"orderLinkId\":\"kairos-1\"";
        assertThatThrownBy(() -> tryPlace(body)).isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.order("kairos-1")).get().extracting(OrderState::status).isEqualTo("New");
        client.timeout = Duration.ofSeconds(5);
        assertThat(tryPlace(body).retCode()).as("the retry is a duplicate").isEqualTo(110072);
        SimClient.Reply lookup = client.get("/v5/order/realtime", "category=linear&symbol=SOLUSDT&orderLinkId=kairos-1");
        assertThat(lookup.result().path("list").get(0).path("orderStatus").asText()).isEqualTo("New");
        assertThat(sim.requests("/v5/order/create")).extracting(ReceivedRequest::httpStatus).containsExactly(0, 200);
    }

    @Test
    void anOrderAcceptedWhoseConnectionClosesUnansweredExists() throws Exception {
        start(builder());
        trade(150, 1);
        sim.faults().acceptThenClose("/v5/order/create", 1);
        assertThatThrownBy(() -> tryPlace(LIMIT + ",\"orderLinkId\":\"kairos-2\"")).isInstanceOf(IOException.class);
        assertThat(sim.order("kairos-2")).isPresent();
        assertThat(sim.faults().log()).extracting(InjectedFault::kind).containsExactly("accept-then-close");
    }

    @Test
    void faultsAreCheckedWhenPlanned() {
        start(builder());
        assertThatThrownBy(() -> sim.faults().serverErrorNext("/v5/order/create", 1, 404)).hasMessageContaining("500-599");
        assertThatThrownBy(() -> sim.faults().rateLimitNext("order/create", 1)).hasMessageContaining("/v5/");
        assertThatThrownBy(() -> sim.faults().acceptThenHang("/v5/order/create", 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> sim.faults().reversePrivate(1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> sim.faults().privateChaos(1, 2, 0)).hasMessageContaining("[0, 1]");
    }

    @Test
    void unknownRoutesAndMethodsAnswer404() throws Exception {
        start(builder());
        SimClient.Reply unknown = client.publicGet("/v5/market/nothing", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.retCode()).isEqualTo(10017);
        assertThat(client.get("/v5/order/create", "category=linear").status()).isEqualTo(404);
    }

    @Test
    void aReadOnlyKeyReadsButCannotTrade() throws Exception {
        start(builder().apiKey(ApiKey.readOnlyKey("ro", "ro-secret")));
        trade(150, 1);
        SimClient ro = new SimClient(sim, "ro", "ro-secret");
        assertThat(ro.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isZero();
        SimClient.Reply order = ro.post("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\"," + LIMIT + "}");
        assertThat(order.retCode()).isEqualTo(10005);
        assertThat(ro.post("/v5/position/set-leverage", "{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"buyLeverage\":\"2\",\"sellLeverage\":\"2\"}")
                .retCode()).isEqualTo(10005);
        assertThat(sim.orders()).isEmpty();
    }

    @Test
    void queryApiReportsEachKeysPermissions() throws Exception {
        start(builder().apiKey(ApiKey.readOnlyKey("ro", "s1")).apiKey(ApiKey.withdrawing("wd", "s2")));
        SimClient.Reply trading = client.get("/v5/user/query-api", "");
        DocShapes.assertSameShape("v5_user_query_api.json", trading.json());
        assertThat(trading.result().path("readOnly").asInt()).isZero();
        assertThat(trading.result().path("permissions").path("ContractTrade").toString()).contains("Order", "Position");
        assertThat(trading.result().path("permissions").path("Wallet").toString()).doesNotContain("Withdraw");
        assertThat(trading.result().path("secret").asText()).isEmpty();
        assertThat(new SimClient(sim, "ro", "s1").get("/v5/user/query-api", "").result().path("readOnly").asInt()).isEqualTo(1);
        assertThat(new SimClient(sim, "wd", "s2").get("/v5/user/query-api", "").result().path("permissions").path("Wallet").toString())
                .contains("Withdraw");
        assertThat(ApiKey.trading("k", "s").toString()).doesNotContain("s]").contains("k");
    }
}
