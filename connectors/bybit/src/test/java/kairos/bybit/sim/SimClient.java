package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * A plain JDK HTTP client that signs like the Bybit documentation says, with its own HMAC (not the simulator's
 * code), used by the tests to talk to the simulator as any client would.
 */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();

    final URI base;
    final String key;
    final String secret;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    LongSupplier timestamp;
    String recvWindow = "5000";
    Duration timeout = Duration.ofSeconds(10);

    SimClient(BybitSimulator sim, String key, String secret) {
        this.base = sim.restUrl();
        this.key = key;
        this.secret = secret;
        this.timestamp = sim::serverTime;
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, JsonNode json, String body, HttpResponse<String> response) {
        int retCode() {
            return json == null ? -1 : json.path("retCode").asInt();
        }

        String retMsg() {
            return json == null ? "" : json.path("retMsg").asText();
        }

        JsonNode result() {
            return json.path("result");
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    /** An unsigned GET (public endpoints). */
    Reply publicGet(String path, String query) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query))).timeout(timeout).GET().build();
        return send(req);
    }

    Reply get(String path, String query) throws IOException, InterruptedException {
        String ts = Long.toString(timestamp.getAsLong());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query))).timeout(timeout).GET();
        sign(b, ts, query);
        return send(b.build());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        String ts = Long.toString(timestamp.getAsLong());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        sign(b, ts, body);
        return send(b.build());
    }

    private void sign(HttpRequest.Builder b, String ts, String payload) {
        b.header("X-BAPI-API-KEY", key).header("X-BAPI-TIMESTAMP", ts).header("X-BAPI-RECV-WINDOW", recvWindow)
                .header("X-BAPI-SIGN", hmac(secret, ts + key + recvWindow + payload));
    }

    Reply send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON (a gateway error page)
        }
        return new Reply(r.statusCode(), json, r.body(), r);
    }

    /** Places an order from a JSON body and returns the reply (asserting nothing). */
    Reply order(String body) throws IOException, InterruptedException {
        return post("/v5/order/create", body);
    }
}
