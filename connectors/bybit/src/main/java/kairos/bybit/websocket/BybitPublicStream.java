package kairos.bybit.websocket;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Bybit V5 public WebSocket connection: subscribes to its topics on every (re)connect, in requests of at most
 * {@link #TOPICS_PER_REQUEST} topics; pings, drops silent connections and reconnects with back-off (1 s doubling to
 * 30 s) as {@link ReconnectingSocket} does. Every text message is handed over whole with its receive time from the
 * injected clock.
 *
 * <p>With a bound on connection attempts, that many failed attempts in a row (none opened in between) end it: the
 * handler gets {@code failed} naming the host and the last error, and it stops trying. A connection that opened and
 * dropped later starts the count again.
 */
public final class BybitPublicStream implements AutoCloseable {
    /** Topics per subscribe request (Bybit's limit for one request's args). */
    static final int TOPICS_PER_REQUEST = 10;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Receives messages and connection changes, on the WebSocket's threads, one call at a time. */
    public interface Handler {
        void onMessage(String text, long recvTs);

        /** {@code connected}, {@code disconnected} (with the reason), {@code reconnecting} or {@code failed} (given up). */
        default void onStatus(String status, String detail) {
        }
    }

    private final ReconnectingSocket socket;

    /** A stream that retries until {@link #close}. */
    public BybitPublicStream(URI url, List<String> topics, Handler handler, Clock clock, Duration pingInterval,
                             Duration firstBackoff) {
        this(url, topics, handler, clock, pingInterval, firstBackoff, 0);
    }

    /**
     * A stream that gives up after {@code maxFailedAttempts} failed connection attempts in a row (0: never); with
     * the 10 s connect timeout and waits from {@code firstBackoff} doubling, 6 attempts from 1 s take at most 91 s.
     */
    public BybitPublicStream(URI url, List<String> topics, Handler handler, Clock clock, Duration pingInterval,
                             Duration firstBackoff, int maxFailedAttempts) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topics to subscribe to");
        }
        List<String> subscriptions = subscribeRequests(topics);
        this.socket = new ReconnectingSocket(url, "bybit-ws-public", clock, pingInterval, firstBackoff, MAX_BACKOFF,
                maxFailedAttempts,
                forwarding(url, subscriptions, handler));
    }

    /**
     * A public stream's session: {@code onOpen} (the subscription requests) sent at every connect, then the messages
     * and the connection's status (connected, disconnected, reconnecting, failed) handed to {@code handler}.
     */
    static ReconnectingSocket.Session forwarding(URI url, List<String> onOpen, Handler handler) {
        return new ReconnectingSocket.Session() {
            @Override
            public void opened(ReconnectingSocket.Outbox out) {
                onOpen.forEach(out::send);
                out.established();
                handler.onStatus("connected", url.toString());
            }

            @Override
            public void message(String text, long recvTs, ReconnectingSocket.Outbox out) {
                handler.onMessage(text, recvTs);
            }

            @Override
            public void lost(String reason) {
                handler.onStatus("disconnected", reason);
            }

            @Override
            public void reconnecting(Duration wait) {
                handler.onStatus("reconnecting", "in " + wait.toMillis() + " ms");
            }

            @Override
            public void failed(String why) {
                handler.onStatus("failed", why);
            }
        };
    }

    /** Where it connects, as {@code host:port} (the port the scheme implies when the URL has none). */
    public String endpoint() {
        return socket.endpoint();
    }

    /** Bybit's public topics for the given symbols: trades, order book of {@code depth}, liquidations, tickers, 1m klines. */
    public static List<String> topics(List<String> symbols, int depth) {
        List<String> out = new ArrayList<>();
        for (String s : symbols) {
            out.add("publicTrade." + s);
            out.add("orderbook." + depth + "." + s);
            out.add("allLiquidation." + s);
            out.add("tickers." + s);
            out.add("kline.1." + s);
        }
        return out;
    }

    /** The subscribe requests for the topics, {@link #TOPICS_PER_REQUEST} per request. */
    static List<String> subscribeRequests(List<String> topics) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < topics.size(); i += TOPICS_PER_REQUEST) {
            out.add(subscribe(topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_REQUEST))));
        }
        return out;
    }

    /** {@code {"op":"subscribe","args":[...]}} */
    static String subscribe(List<String> topics) {
        StringBuilder sb = new StringBuilder("{\"op\":\"subscribe\",\"args\":[");
        for (int j = 0; j < topics.size(); j++) {
            sb.append(j == 0 ? "" : ",").append('"').append(topics.get(j)).append('"');
        }
        return sb.append("]}").toString();
    }

    /** Connects (asynchronously); failures are retried until {@link #close}. */
    public void start() {
        socket.start();
    }

    /** Drops the connection and connects again at once (its topics, order-book snapshots included, anew). */
    public void resync(String reason) {
        socket.reconnectNow(reason);
    }

    /** How many times a connection was opened (1 after the first, +1 per reconnect). */
    public long connections() {
        return socket.connections();
    }

    /** Stops pinging and reconnecting and closes the connection. */
    @Override
    public void close() {
        socket.close();
    }
}
