package kairos.bybit.websocket;

import java.util.List;

import org.java_websocket.WebSocket;

import kairos.bybit.Fixtures;

/**
 * A Bybit-like public WebSocket server on 127.0.0.1 for tests: answers {@code ping} with {@code pong}, and after
 * each subscribe request sends the given messages (Bybit V5 documented payloads). Never touches the network.
 */
public final class LocalBybitServer extends LocalWebSocketServer {
    private final List<String> payloads;

    public LocalBybitServer(List<String> payloads) {
        super("/v5/public/linear");
        this.payloads = payloads;
    }

    /** Reads fixtures from the test classpath. */
    public static String fixture(String name) {
        return Fixtures.read(name);
    }

    public long count(String fragment) {
        return received.stream().filter(m -> m.contains(fragment)).count();
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(message);
        if (message.contains("\"ping\"")) {
            conn.send("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"test\",\"op\":\"ping\"}");
        } else if (message.contains("\"subscribe\"")) {
            conn.send("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"test\",\"op\":\"subscribe\"}");
            for (String p : payloads) {
                conn.send(p);
            }
        }
    }
}
