package kairos.bybit.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Bybit V5 public WebSocket connection (JDK {@link java.net.http.WebSocket}): subscribes to its topics, sends
 * {@code {"op":"ping"}} every {@code pingInterval} (Bybit drops a silent connection; it asks for 20 s), and when
 * the connection closes or fails reconnects with a growing delay (1 s doubling to 30 s) and subscribes again.
 * Every text message is handed over whole (fragments joined) with its receive time from the injected clock.
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

        /** {@code connected}, {@code disconnected} (with the reason) or {@code reconnecting}. */
        default void onStatus(String status, String detail) {
        }
    }

    private final URI url;
    private final List<String> topics;
    private final Handler handler;
    private final Clock clock;
    private final Duration pingInterval;
    private final Duration firstBackoff;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final AtomicLong connections = new AtomicLong();
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> ping;
    private volatile boolean closed;
    private Duration backoff;
    private final int maxFailedAttempts;
    private int failedAttempts;

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
        this.url = url;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.clock = clock;
        this.pingInterval = pingInterval;
        this.firstBackoff = firstBackoff;
        this.backoff = firstBackoff;
        this.maxFailedAttempts = maxFailedAttempts;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bybit-ws-public");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where it connects, as {@code host:port} (the port the scheme implies when the URL has none). */
    public String endpoint() {
        int port = url.getPort() >= 0 ? url.getPort() : "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    /** Bybit's public topics for the given symbols: trades, order book of {@code depth}, liquidations, tickers. */
    public static List<String> topics(List<String> symbols, int depth) {
        List<String> out = new ArrayList<>();
        for (String s : symbols) {
            out.add("publicTrade." + s);
            out.add("orderbook." + depth + "." + s);
            out.add("allLiquidation." + s);
            out.add("tickers." + s);
        }
        return out;
    }

    /** Connects (asynchronously); failures are retried until {@link #close}. */
    public void start() {
        connect();
    }

    /** How many times a connection was opened (1 after the first, +1 per reconnect). */
    public long connections() {
        return connections.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        String why = rootMessage(error);
                        handler.onStatus("disconnected", "connect failed: " + why);
                        if (giveUp(why)) {
                            return;
                        }
                        scheduleReconnect();
                    }
                });
    }

    /** Counts a failed attempt; true (and {@code failed} reported) when it was the last one allowed. */
    private synchronized boolean giveUp(String why) {
        failedAttempts++;
        if (maxFailedAttempts <= 0 || failedAttempts < maxFailedAttempts || closed) {
            return false;
        }
        closed = true;
        handler.onStatus("failed", "cannot reach " + endpoint() + " (" + url + ") after " + failedAttempts
                + " connection attempt" + (failedAttempts == 1 ? "" : "s") + " in a row; last error: " + why);
        timer.shutdownNow();
        return true;
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        handler.onStatus("reconnecting", "in " + wait.toMillis() + " ms");
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void subscribe(WebSocket ws) {
        for (int i = 0; i < topics.size(); i += TOPICS_PER_REQUEST) {
            List<String> chunk = topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_REQUEST));
            StringBuilder sb = new StringBuilder("{\"op\":\"subscribe\",\"args\":[");
            for (int j = 0; j < chunk.size(); j++) {
                sb.append(j == 0 ? "" : ",").append('"').append(chunk.get(j)).append('"');
            }
            ws.sendText(sb.append("]}").toString(), true).join();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            connections.incrementAndGet();
            synchronized (BybitPublicStream.this) {
                backoff = firstBackoff;
                failedAttempts = 0;
            }
            subscribe(ws);
            handler.onStatus("connected", url.toString());
            ScheduledFuture<?> old = ping;
            if (old != null) {
                old.cancel(false);
            }
            ping = timer.scheduleAtFixedRate(() -> {
                if (!ws.isOutputClosed()) {
                    ws.sendText("{\"op\":\"ping\"}", true);
                }
            }, pingInterval.toMillis(), pingInterval.toMillis(), TimeUnit.MILLISECONDS);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handler.onMessage(text, clock.millis());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost("closed by server: " + statusCode + " " + reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost("error: " + rootMessage(error));
        }
    }

    private void lost(String reason) {
        ScheduledFuture<?> p = ping;
        if (p != null) {
            p.cancel(false);
        }
        if (!closed) {
            handler.onStatus("disconnected", reason);
            scheduleReconnect();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Stops pinging and reconnecting and closes the connection. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> p = ping;
        if (p != null) {
            p.cancel(false);
        }
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
        timer.shutdownNow();
    }
}
