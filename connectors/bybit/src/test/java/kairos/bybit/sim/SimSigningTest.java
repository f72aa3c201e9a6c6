package kairos.bybit.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing and the timestamp window, checked with an HMAC computed independently of the simulator's code. */
class SimSigningTest extends SimTestBase {

    @Test
    void hexHmacSha256MatchesTheRfcVectorAndAnIndependentHmacOfTheDocumentedStrings() {
        assertThat(Signatures.hmacSha256("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");   // RFC 4231, test case 2
        String get = Signatures.restPayload("1658384314791", "XXXXXXXXXX", "5000", "category=option&symbol=BTC-29JUL22-25000-C");
        assertThat(get).isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
        String post = Signatures.restPayload("1658385579423", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}");
        assertThat(post).isEqualTo("1658385579423XXXXXXXXXX5000{\"category\": \"option\"}");
        for (String text : new String[] {get, post, Signatures.websocketPayload(1662350400000L)}) {
            assertThat(Signatures.hmacSha256("a-secret", text)).isEqualTo(SimClient.hmac("a-secret", text)).hasSize(64).isLowerCase();
        }
        assertThat(Signatures.websocketPayload(1662350400000L)).isEqualTo("GET/realtime1662350400000");
    }

    @Test
    void theDocumentedGetAndPostRequestsAreAcceptedWhenSignedAsDocumented() throws Exception {
        start(builder().instrument(SimInstrument.known("BTCUSDT")));
        SimClient.Reply get = client.get("/v5/order/realtime", "symbol=SOLUSDT&category=linear&openOnly=0&limit=1");
        assertThat(get.retCode()).as(get.body()).isZero();
        String body = """
                {
                    "category": "linear",
                    "symbol": "BTCUSDT",
                    "buyLeverage": "6",
                    "sellLeverage": "6"

                }""";
        SimClient.Reply post = client.post("/v5/position/set-leverage", body);
        assertThat(post.retCode()).as(post.body()).isZero();
        DocShapes.assertSameShape("v5_position_set_leverage.json", post.json());
        assertThat(sim.requests("/v5/position/set-leverage").get(0).body()).isEqualTo(body);
    }

    @Test
    void theQueryIsSignedAsSentSoReorderedParametersFail() throws Exception {
        start(builder());
        String ts = Long.toString(sim.serverTime());
        String signed = "category=linear&symbol=SOLUSDT";
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/order/realtime?symbol=SOLUSDT&category=linear"))
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-TIMESTAMP", ts).header("X-BAPI-RECV-WINDOW", "5000")
                .header("X-BAPI-SIGN", SimClient.hmac(SECRET, ts + KEY + "5000" + signed)).GET().build();
        SimClient.Reply r = client.send(req);
        assertThat(r.retCode()).isEqualTo(10004);
        assertThat(r.retMsg()).isEqualTo("error sign! origin_string[" + ts + KEY + "5000symbol=SOLUSDT&category=linear]");
        assertThat(r.retMsg()).doesNotContain(SECRET);
    }

    @Test
    void keysAndSignaturesAreChecked() throws Exception {
        start(builder());
        SimClient stranger = new SimClient(sim, "nobody", SECRET);
        assertThat(stranger.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isEqualTo(10003);
        SimClient wrongSecret = new SimClient(sim, KEY, "not-the-secret");
        assertThat(wrongSecret.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isEqualTo(10004);
        SimClient.Reply unsigned = client.publicGet("/v5/position/list", "category=linear&symbol=SOLUSDT");
        assertThat(unsigned.retCode()).isEqualTo(10003);
        HttpRequest noTimestamp = HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/position/list?category=linear&symbol=SOLUSDT"))
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-SIGN", "00").GET().build();
        assertThat(client.send(noTimestamp).retCode()).isEqualTo(10002);
        HttpRequest badWindow = HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/position/list?category=linear&symbol=SOLUSDT"))
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-TIMESTAMP", "1").header("X-BAPI-RECV-WINDOW", "soon").GET().build();
        assertThat(client.send(badWindow).retMsg()).contains("X-BAPI-RECV-WINDOW");
    }

    @Test
    void withoutARecvWindowHeaderTheDefault5000AppliesAndNothingIsSignedForIt() throws Exception {
        start(builder());
        String ts = Long.toString(sim.serverTime() - 4_999);
        String q = "category=linear&symbol=SOLUSDT";
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/position/list?" + q))
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-TIMESTAMP", ts)
                .header("X-BAPI-SIGN", SimClient.hmac(SECRET, ts + KEY + q)).GET().build();
        assertThat(client.send(req).retCode()).isZero();
    }

    @Test
    void theTimestampMustLieInServerTimeMinusRecvWindowToServerTimePlusOneSecond() throws Exception {
        start(builder());
        String q = "category=linear&symbol=SOLUSDT";
        long server = sim.serverTime();
        client.recvWindow = "2000";
        for (long offset : new long[] {-2_000, 0, 999}) {
            client.timestamp = () -> server + offset;
            assertThat(client.get("/v5/position/list", q).retCode()).as("offset " + offset).isZero();
        }
        for (long offset : new long[] {-2_001, 1_000}) {
            client.timestamp = () -> server + offset;
            SimClient.Reply r = client.get("/v5/position/list", q);
            assertThat(r.retCode()).as("offset " + offset).isEqualTo(10002);
            assertThat(r.retMsg()).contains("req_timestamp[" + (server + offset) + "]").contains("server_timestamp[" + server + "]")
                    .contains("recv_window[2000]");
        }
    }

    @Test
    void aSkewedServerClockPutsTheClientsTimestampsOutsideTheWindow() throws Exception {
        start(builder());
        long clientClock = sim.now();
        client.timestamp = () -> clientClock;
        sim.faults().skewClock(Duration.ofSeconds(10));
        assertThat(client.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isEqualTo(10002);
        assertThat(client.publicGet("/v5/market/time", "").json().path("time").asLong()).isEqualTo(clientClock + 10_000);
        sim.faults().skewClock(Duration.ofSeconds(-2));
        assertThat(client.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isEqualTo(10002);
        sim.faults().skewClock(Duration.ZERO);
        assertThat(client.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isZero();
        assertThat(sim.faults().log()).extracting(InjectedFault::detail).containsExactly("10000 ms", "-2000 ms", "0 ms");
    }

    @Test
    void timestampsCanBeCheckedAgainstTheWallClockForRunsFasterThanRealTime() throws Exception {
        Instant wall = Instant.parse("2026-03-01T12:00:00Z");
        start(builder().wallClock(Clock.fixed(wall, ZoneOffset.UTC)).checkTimestampsAgainstWallClock(true));
        client.timestamp = wall::toEpochMilli;
        assertThat(client.get("/v5/position/list", "category=linear&symbol=SOLUSDT").retCode()).isZero();
        SimClient.Reply time = client.publicGet("/v5/market/time", "");
        assertThat(time.json().path("time").asLong()).as("market time still").isEqualTo(T0);
        assertThat(time.json().path("result").path("timeSecond").asLong()).as("the clock signatures are checked against")
                .isEqualTo(wall.getEpochSecond());
    }
}
