package kairos.ops.api;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import kairos.ops.metrics.SessionMetrics;
import kairos.ops.metrics.StatusSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static kairos.ops.api.ControlApiTest.JSON;
import static kairos.ops.api.ControlApiTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routes beside the control API on its port: {@code /metrics} in Prometheus text behind the token, the
 * dashboard's static files open, and the WebSocket streams with the token as a query parameter or first message.
 */
class StreamsAndMetricsTest {
    static final String TOKEN = "s3cret";
    final HttpClient http = HttpClient.newHttpClient();

    /** A WebSocket client that keeps every text message and the close code. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                messages.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        JsonNode next() throws Exception {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return JSON.readTree(m);
        }
    }

    Client connect(int port, String path) throws Exception {
        Client c = new Client();
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void metricsDashboardAndStreamsOnTheApiPort(@TempDir Path tmp) throws Exception {
        int port = freePort();
        SessionMetrics metrics = new SessionMetrics(10_000);
        ApiToken token = ApiToken.of(TOKEN);
        try (SessionStreams streams = new SessionStreams();
             LiveKernel live = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), null,
                     new AtomicLong(), false);
             ControlApi api = ControlApi.start(new ControlApi.Settings("127.0.0.1", port, TOKEN), live.kernel.control(),
                     List.of(new MetricsRoutes(token, metrics), new StreamRoutes(token, streams), new DashboardRoutes()));
             StatusSampler sampler = new StatusSampler(live.kernel.control(), metrics, streams, 200)) {
            assertThat(token.toString()).doesNotContain(TOKEN);
            // a subscriber by query parameter, one by first message, one with a wrong token
            Client byQuery = connect(port, "/stream/decisions?token=" + TOKEN);
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream/fills"),
                    new Client()).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"token\":\"" + TOKEN + "\"}", true).get(5, TimeUnit.SECONDS);
            Client wrong = new Client();
            WebSocket wrongWs = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/stream/metrics"), wrong).get(10, TimeUnit.SECONDS);
            wrongWs.sendText("{\"token\":\"nope\"}", true);
            assertThat(wrong.closed.get(10, TimeUnit.SECONDS)).isEqualTo((int) StreamRoutes.REFUSED);
            assertThatThrownBy(() -> connect(port, "/stream/decisions?token=nope")).rootCause().hasMessageContaining("401");

            Client metricsStream = new Client();
            WebSocket mws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream/metrics"),
                    metricsStream).get(10, TimeUnit.SECONDS);
            mws.sendText("{\"token\":\"" + TOKEN + "\"}", true);
            Client decisionsByMessage = new Client();
            WebSocket dws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/stream/decisions"), decisionsByMessage).get(10, TimeUnit.SECONDS);
            dws.sendText("{\"token\":\"" + TOKEN + "\"}", true);
            awaitSubscribers(streams, SessionStreams.Topic.DECISIONS, 2);

            for (var e : TickTape.of(21, TickTape.START, 90, true, TickTape.SOL)) {
                live.kernel.inbox().post(MarketBatch.of(List.of(e), e.time()));
            }
            live.drain();
            List<Decision> taken = List.copyOf(live.decisions);
            assertThat(taken).isNotEmpty();
            for (Decision d : taken) {   // what the session's journal tee does on the kernel thread
                streams.decision(d);
                metrics.onDecision(d, 1_000_000);
            }
            for (Client c : List.of(byQuery, decisionsByMessage)) {
                JsonNode first = c.next();
                assertThat(first.get("type").asText()).isEqualTo("decision");
                assertThat(first.get("backlog").asBoolean()).isFalse();
                assertThat(first.get("data").get("id").asText()).isEqualTo(taken.getFirst().id());
                assertThat(first.get("data").get("verdict").get("status").asText())
                        .isEqualTo(taken.getFirst().verdict().status());
            }
            JsonNode snapshot;
            do {
                snapshot = metricsStream.next();
            } while (!snapshot.get("data").has("equity"));
            assertThat(snapshot.get("type").asText()).isEqualTo("metrics");
            assertThat(snapshot.get("data").get("symbols").get(0).asText()).isEqualTo("SOLUSDT");
            assertThat(snapshot.get("data").get("equity").asDouble()).isPositive();

            // a late subscriber gets the backlog first
            Client late = connect(port, "/stream/decisions?token=" + TOKEN);
            JsonNode replayed = late.next();
            assertThat(replayed.get("backlog").asBoolean()).isTrue();

            // /metrics: token required, Prometheus text with kairos_ names
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).doesNotContain(TOKEN);
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(scrape.body()).contains("kairos_equity{", "kairos_drawdown{", "kairos_open_positions{",
                    "kairos_decisions_total{", "kairos_rule_firings_total{", "kairos_decision_latency_seconds_bucket{",
                    "kairos_tick_to_order_latency_seconds", "kairos_reconnects_total");
            for (String line : scrape.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
                assertThat(line).as("every metric is kairos_").startsWith("kairos_");
            }

            // the dashboard: static, no token needed; the chart library from the webjar
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("/webjars/echarts/dist/echarts.min.js", "/dashboard/app.js");
            for (String path : List.of("/dashboard/app.js", "/dashboard/app.css", "/webjars/echarts/dist/echarts.min.js")) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/dashboard/..%2F..%2Fdb/journal/V1__journal.sql")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(404);
            // the REST endpoints are still there
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(200);
        }
    }

    static void awaitSubscribers(SessionStreams streams, SessionStreams.Topic topic, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (streams.subscribers(topic) < n) {
            assertThat(System.nanoTime()).as("%d subscribers to %s", n, topic).isLessThan(until);
            Thread.sleep(20);
        }
    }
}
