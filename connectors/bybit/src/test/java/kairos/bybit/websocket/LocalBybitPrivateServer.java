package kairos.bybit.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Bybit-like private WebSocket on 127.0.0.1 for tests: checks the auth request's signature (its own HMAC of
 * {@code "GET/realtime" + expires}) and answers as Bybit documents, confirms subscriptions and then sends the
 * queued topic messages, answers pings with pongs. Never touches the network.
 */
public final class LocalBybitPrivateServer extends WebSocketServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final List<String> received = new CopyOnWriteArrayList<>();
    /** Sent after every confirmed subscription. */
    public final List<String> afterSubscribe = new CopyOnWriteArrayList<>();
    private final String apiKey;
    private final String secret;
    private final CountDownLatch started = new CountDownLatch(1);
    public volatile boolean refuseAuth;
    public volatile long lastExpires;

    public LocalBybitPrivateServer(String apiKey, String secret) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.apiKey = apiKey;
        this.secret = secret;
        setReuseAddr(true);
    }

    public URI startAndGetUri() throws InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("local private WebSocket server did not start");
        }
        return URI.create("ws://127.0.0.1:" + getPort() + "/v5/private");
    }

    public long count(String op) {
        return received.stream().filter(m -> m.contains("\"op\":\"" + op + "\"")).count();
    }

    /** Sends a message to every connected client. */
    public void push(String text) {
        broadcast(text);
    }

    public void dropAll() {
        for (WebSocket c : getConnections()) {
            c.closeConnection(1006, "dropped by test");
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(message);
        JsonNode m;
        try {
            m = JSON.readTree(message);
        } catch (Exception e) {
            return;
        }
        switch (m.path("op").asText()) {
            case "auth" -> {
                JsonNode args = m.path("args");
                long expires = args.path(1).asLong();
                lastExpires = expires;
                boolean valid = !refuseAuth && apiKey.equals(args.path(0).asText())
                        && hmac("GET/realtime" + expires).equals(args.path(2).asText());
                conn.send("{\"success\":" + valid + ",\"ret_msg\":\"" + (valid ? "" : "Invalid apikey")
                        + "\",\"op\":\"auth\",\"conn_id\":\"local\"}");
            }
            case "subscribe" -> {
                conn.send("{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\",\"conn_id\":\"local\"}");
                afterSubscribe.forEach(conn::send);
            }
            case "ping" -> conn.send("{\"op\":\"pong\",\"args\":[\"1672916271846\"],\"conn_id\":\"local\"}");
            default -> { }
        }
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
