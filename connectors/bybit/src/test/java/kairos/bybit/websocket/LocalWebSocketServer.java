package kairos.bybit.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** A WebSocket server on 127.0.0.1 for tests (a free port): keeps what it received and can drop its clients. */
public abstract class LocalWebSocketServer extends WebSocketServer {
    public final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final String path;

    protected LocalWebSocketServer(String path) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.path = path;
        setReuseAddr(true);
    }

    public URI startAndGetUri() throws InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("local WebSocket server did not start");
        }
        return URI.create("ws://127.0.0.1:" + getPort() + path);
    }

    /** Drops every client connection (the client must reconnect). */
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
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
