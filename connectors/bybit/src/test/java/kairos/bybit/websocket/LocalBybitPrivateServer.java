package kairos.bybit.websocket;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.java_websocket.WebSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Bybit-like private WebSocket on 127.0.0.1 for tests: checks the auth request's signature (its own HMAC of
 * {@code "GET/realtime" + expires}) and answers as Bybit documents, confirms subscriptions and then sends the
 * queued topic messages, answers pings with pongs. Never touches the network.
 */
public final class LocalBybitPrivateServer extends LocalWebSocketServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sent after every confirmed subscription. */
    public final List<String> afterSubscribe = new CopyOnWriteArrayList<>();
    private final String apiKey;
    private final String secret;
    public volatile boolean refuseAuth;
    public volatile long lastExpires;

    public LocalBybitPrivateServer(String apiKey, String secret) {
        super("/v5/private");
        this.apiKey = apiKey;
        this.secret = secret;
    }

    public long count(String op) {
        return received.stream().filter(m -> m.contains("\"op\":\"" + op + "\"")).count();
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
}
