package kairos.bybit.websocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;

/**
 * A Binance-USD-M-like combined-stream server on 127.0.0.1 for tests: keeps the resource each client asked for
 * ({@code /stream?streams=...}) and sends the given messages as soon as a client connects, as Binance does for the
 * streams named in the URL; {@link #push} sends more later. Never touches the network.
 */
public final class LocalBinanceServer extends LocalWebSocketServer {
    public final List<String> resources = new CopyOnWriteArrayList<>();
    private final List<String> onConnect;

    public LocalBinanceServer(List<String> onConnect) {
        super("");
        this.onConnect = onConnect;
    }

    /** Sends {@code message} to every client. */
    public void push(String message) {
        for (WebSocket c : getConnections()) {
            c.send(message);
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        resources.add(handshake.getResourceDescriptor());
        onConnect.forEach(conn::send);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(message);
    }
}
