package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A plain JDK WebSocket client that keeps every message it receives, for tests to wait on and inspect. */
final class WsProbe implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile int closeCode;
    final WebSocket ws;
    /** What the simulator says it received, for a timeout's message (nothing until {@link #seenBy}). */
    private volatile Supplier<List<String>> serverSide = List::of;

    private WsProbe(URI uri) throws Exception {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(uri, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static WsProbe open(URI uri) throws Exception {
        return new WsProbe(uri);
    }

    /** A timeout names the requests the simulator received too, so a request lost on the way can be told apart. */
    WsProbe seenBy(BybitSimulator sim) {
        serverSide = sim::webSocketRequests;
        return this;
    }

    /** Opens a private connection and authenticates with a fresh signature valid for 10 s of server time. */
    static WsProbe authed(BybitSimulator sim, String key, String secret) throws Exception {
        WsProbe p = open(sim.privateWsUrl()).seenBy(sim);
        long expires = sim.serverTime() + 10_000;
        p.send("{\"op\":\"auth\",\"args\":[\"" + key + "\"," + expires + ",\"" + SimClient.hmac(secret, "GET/realtime" + expires) + "\"]}");
        p.awaitMessage(m -> "auth".equals(m.path("op").asText()));
        return p;
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    JsonNode awaitMessage(Predicate<JsonNode> p) {
        return awaitCount(p, 1).get(0);
    }

    /**
     * Waits for {@code n} messages matching {@code p}. The bound is generous (a loaded CI machine under JaCoCo has
     * stalled a loopback answer past 5 s once) and a timeout names what did arrive, so a lost answer can be told
     * from a slow one.
     */
    List<JsonNode> awaitCount(Predicate<JsonNode> p, int n) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages.stream().filter(p).count())
                .as(this::received).isGreaterThanOrEqualTo((long) n));
        return messages.stream().filter(p).toList();
    }

    private String received() {
        return "messages the test waits for; received so far " + texts.size() + (closed ? ", closed with " + closeCode : "")
                + ", the last: " + texts.subList(Math.max(0, texts.size() - 5), texts.size())
                + "; the simulator's last requests per connection: " + serverSide.get();
    }

    List<JsonNode> topic(String topic) {
        return messages.stream().filter(m -> topic.equals(m.path("topic").asText())).toList();
    }

    static Predicate<JsonNode> onTopic(String topic) {
        return m -> topic.equals(m.path("topic").asText());
    }

    @Override
    public void close() {
        if (!closed) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                texts.add(text);
                try {
                    messages.add(SimClient.JSON.readTree(text));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + text, e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            closeCode = statusCode;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }
}
