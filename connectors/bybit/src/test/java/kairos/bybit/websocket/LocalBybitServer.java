package kairos.bybit.websocket;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Bybit-like public WebSocket server on 127.0.0.1 for tests: answers {@code ping} with {@code pong}, and after
 * each subscribe request sends the given messages (Bybit V5 documented payloads). Never touches the network.
 */
public final class LocalBybitServer extends WebSocketServer {
    public final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> payloads;
    private final CountDownLatch started = new CountDownLatch(1);

    public LocalBybitServer(List<String> payloads) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.payloads = payloads;
        setReuseAddr(true);
    }

    /** Reads fixtures from the test classpath. */
    public static String fixture(String name) {
        try (var in = LocalBybitServer.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI startAndGetUri() throws InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("local WebSocket server did not start");
        }
        return URI.create("ws://127.0.0.1:" + getPort() + "/v5/public/linear");
    }

    public long count(String fragment) {
        return received.stream().filter(m -> m.contains(fragment)).count();
    }

    /** Drops every client connection (the client must reconnect and subscribe again). */
    public void dropAll() {
        for (WebSocket c : getConnections()) {
            c.closeConnection(1006, "dropped by test");
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
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

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
