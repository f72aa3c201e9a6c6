package kairos.ops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control API on a live kernel: health without a token, status and positions with it, 401 otherwise. */
class ControlApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOpenStatusAndPositionsNeedTheToken(@TempDir Path tmp) throws Exception {
        int port = freePort();
        try (LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                new AtomicLong(), false);
             ControlApi api = ControlApi.start(new ControlApi.Settings("127.0.0.1", port, "s3cret"), live.kernel.control())) {
            for (var e : TickTape.of(21, TickTape.START, 90, true, TickTape.SOL)) {
                live.kernel.inbox().post(MarketBatch.of(List.of(e), e.time()));
            }
            live.drain();
            assertThat(api.settings().toString()).doesNotContain("s3cret");

            HttpResponse<String> health = get(port, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");

            for (String path : List.of("/status", "/positions")) {
                HttpResponse<String> none = get(port, path, null);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(none.body()).doesNotContain("s3cret");
                assertThat(get(port, path, "wrong").statusCode()).isEqualTo(401);
            }

            JsonNode status = JSON.readTree(get(port, "/status", "s3cret").body());
            assertThat(status.get("mode").asText()).isEqualTo("paper");
            assertThat(status.get("paused").isBoolean()).isTrue();
            assertThat(status.get("symbols").get(0).asText()).isEqualTo("SOLUSDT");
            assertThat(status.get("equity").asDouble()).isPositive();
            assertThat(status.has("ruleset_hash")).isTrue();
            assertThat(status.get("model_version").asText()).isEqualTo("none");

            JsonNode positions = JSON.readTree(get(port, "/positions", "s3cret").body()).get("positions");
            assertThat(positions.isArray()).isTrue();
            assertThat(positions).hasSize(1);   // the test rules entered
            JsonNode p = positions.get(0);
            assertThat(p.get("symbol").asText()).isEqualTo("SOLUSDT");
            assertThat(p.get("side").asText()).isEqualTo("Buy");
            assertThat(p.get("size").asText()).isEqualTo(
                    live.kernel.portfolio().position("SOLUSDT").size().toPlainString());
            assertThat(p.get("entry_price").asDouble()).isPositive();
            assertThat(p.get("stop_price").asDouble()).isPositive();

            assertThat(get(port, "/nope", "s3cret").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutAConfiguredTokenOnlyHealthAnswers(@TempDir Path tmp) throws Exception {
        int port = freePort();
        try (LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                new AtomicLong(), false);
             ControlApi api = ControlApi.start(new ControlApi.Settings(null, port, " "), live.kernel.control())) {
            assertThat(api.settings().bind()).isEqualTo("127.0.0.1");
            assertThat(get(port, "/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> status = get(port, "/status", "anything");
            assertThat(status.statusCode()).isEqualTo(401);
            assertThat(status.body()).contains("no API token is configured");
        }
    }

    @Test
    void aTakenPortIsAClearError(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                     new AtomicLong(), false)) {
            assertThatThrownBy(() -> ControlApi.start(new ControlApi.Settings("127.0.0.1", taken.getLocalPort(), "t"),
                    live.kernel.control()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("control API: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThatThrownBy(() -> new ControlApi.Settings("127.0.0.1", 70_000, "t"))
                .hasMessageContaining("api.port must be 0..65535");
    }
}
