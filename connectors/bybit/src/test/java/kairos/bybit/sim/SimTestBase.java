package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.AfterEach;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulator per test with one trading key, scripted trades, and a signed client. */
abstract class SimTestBase {
    static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final String KEY = "test-key";
    static final String SECRET = "test-secret";
    static final String SOL = "SOLUSDT";

    BybitSimulator sim;
    SimClient client;

    /** Stepped tests send bursts within one exchange millisecond: the order endpoints get room (rate-limit tests set their own). */
    BybitSimulator.Builder builder() {
        return BybitSimulator.builder().startAt(T0).instrument(SimInstrument.known(SOL)).apiKey(ApiKey.trading(KEY, SECRET))
                .rateLimit("/v5/order/create", 1_000).rateLimit("/v5/position/trading-stop", 1_000);
    }

    BybitSimulator start(BybitSimulator.Builder b) {
        sim = b.build().start();
        client = new SimClient(sim, KEY, SECRET);
        return sim;
    }

    @AfterEach
    void closeSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    /** A SOL trade one second after the current market time. */
    void trade(double price, double qty) {
        trade(price, qty, Side.Buy);
    }

    void trade(double price, double qty, Side side) {
        sim.inject(new MarketEvent.Trade(SOL, sim.now() + 1_000, 0, price, qty, side));
    }

    /** Places an order (JSON fields without category) and returns its orderId, asserting success. */
    String place(String fields) throws Exception {
        SimClient.Reply r = client.order("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\"," + fields + "}");
        assertThat(r.retCode()).as(r.body()).isZero();
        return r.result().path("orderId").asText();
    }

    SimClient.Reply tryPlace(String fields) throws Exception {
        return client.order("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\"," + fields + "}");
    }

    OrderState order(String orderId) {
        return sim.orderById(orderId).orElseThrow();
    }

    BigDecimal size() {
        return sim.position(SOL).signedSize();
    }

    static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    static JsonNode field(JsonNode n, String name) {
        assertThat(n.has(name)).as("field " + name + " in " + n).isTrue();
        return n.get(name);
    }
}
