package kairos.bybit.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket kept open (JDK {@link WebSocket}), shared by Bybit's public and private streams and the Binance
 * fallback stream: sends the session's ping ({@code {"op":"ping"}} for Bybit, which drops a silent connection and
 * asks for one every 20 s; none for Binance, whose server pings and the JDK answers) every {@code pingInterval}, drops a
 * connection that has received nothing for three ping intervals (a half-open TCP connection never closes by
 * itself), and when a connection closes, fails or is given up by its session, connects again after a growing
 * delay ({@code firstBackoff} doubling to {@code maxBackoff}; back to {@code firstBackoff} once the session says
 * the connection is {@linkplain Outbox#established established}). What to send on a new connection (subscribe,
 * authenticate) and what the messages mean is the {@link Session}'s. Text messages are handed over whole
 * (fragments joined) with their receive time from the injected clock, on the socket's thread, one at a time.
 * Callbacks of a connection already given up are ignored.
 */
final class ReconnectingSocket implements AutoCloseable {
    /** The protocol spoken on each connection. */
    interface Session {
        /** A connection opened: send what must come first. */
        void opened(Outbox out);

        void message(String text, long recvTs, Outbox out);

        /** The connection is gone ({@code reason}); a reconnect follows unless the socket is closed. */
        void lost(String reason);

        /** The next connection attempt comes in {@code wait}. */
        default void reconnecting(Duration wait) {
        }

        /** The socket gave up: too many failed connection attempts in a row ({@code why} names the last error). */
        default void failed(String why) {
        }
    }

    /** What a session can do with its connection. */
    interface Outbox {
        /** Sends one text message (sends are serialised). */
        void send(String text);

        /** The connection does what it should: the next loss reconnects after {@code firstBackoff} again. */
        void established();

        /** Gives the connection up (e.g. authentication refused) and reconnects after the back-off. */
        void reconnect(String reason);
    }

    static final String PING = "{\"op\":\"ping\"}";

    private final URI url;
    /** The application-level ping sent every ping interval, or null (the silence watchdog runs all the same). */
    private final String ping;
    private final Session session;
    private final Clock clock;
    private final Duration pingInterval;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private volatile Connection current;
    private volatile boolean closed;
    private Duration backoff;
    private final int maxFailedAttempts;
    private int failedAttempts;

    ReconnectingSocket(URI url, String threadName, Clock clock, Duration pingInterval, Duration firstBackoff,
                       Duration maxBackoff, Session session) {
        this(url, threadName, clock, pingInterval, firstBackoff, maxBackoff, 0, session);
    }

    /**
     * A socket that gives up after {@code maxFailedAttempts} failed connection attempts in a row (0: never); a
     * connection that opened and dropped later starts the count again.
     */
    ReconnectingSocket(URI url, String threadName, Clock clock, Duration pingInterval, Duration firstBackoff,
                       Duration maxBackoff, int maxFailedAttempts, Session session) {
        this(url, threadName, clock, PING, pingInterval, firstBackoff, maxBackoff, maxFailedAttempts, session);
    }

    /**
     * A socket that sends {@code ping} every {@code pingInterval}, or with a null {@code ping} sends nothing of its
     * own and only drops a connection silent for three intervals.
     */
    ReconnectingSocket(URI url, String threadName, Clock clock, String ping, Duration pingInterval, Duration firstBackoff,
                       Duration maxBackoff, int maxFailedAttempts, Session session) {
        this.ping = ping;
        this.maxFailedAttempts = maxFailedAttempts;
        this.url = url;
        this.session = session;
        this.clock = clock;
        this.pingInterval = pingInterval;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (asynchronously); failures are retried until {@link #close}. */
    void start() {
        connect();
    }

    /** How many connections opened (1 after the first, +1 per reconnect). */
    long connections() {
        return connections.get();
    }

    /** Gives the current connection up (as {@link Outbox#reconnect}); the next one follows after the back-off. */
    void reconnectNow(String reason) {
        Connection c = current;
        if (c != null) {
            c.reconnect(reason);
        }
    }

    URI url() {
        return url;
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection c = new Connection(generation.incrementAndGet());
        current = c;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, c)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        String why = rootMessage(error);
                        if (giveUp()) {
                            session.lost("connect failed: " + why);
                            session.failed("cannot reach " + endpoint() + " (" + url + ") after " + maxFailedAttempts
                                    + " connection attempt" + (maxFailedAttempts == 1 ? "" : "s")
                                    + " in a row; last error: " + why);
                            timer.shutdownNow();
                            return;
                        }
                        c.lost("connect failed: " + why);
                    }
                });
    }

    /** Counts a failed attempt; true (and the socket closed) when it was the last one allowed. */
    private synchronized boolean giveUp() {
        failedAttempts++;
        if (maxFailedAttempts <= 0 || failedAttempts < maxFailedAttempts || closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** Where it connects, as {@code host:port} (the port the scheme implies when the URL has none). */
    String endpoint() {
        int port = url.getPort() >= 0 ? url.getPort() : "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        session.reconnecting(wait);
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One connection attempt and, once open, the connection. */
    private final class Connection implements WebSocket.Listener, Outbox {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket ws;
        private volatile ScheduledFuture<?> ping;
        private volatile long lastReceived;
        private volatile boolean gone;

        Connection(long gen) {
            this.gen = gen;
        }

        private boolean live() {
            return !gone && !closed && generation.get() == gen;
        }

        @Override
        public void onOpen(WebSocket socket) {
            ws = socket;
            if (!live()) {
                socket.abort();
                return;
            }
            connections.incrementAndGet();
            synchronized (ReconnectingSocket.this) {
                failedAttempts = 0;
            }
            lastReceived = clock.millis();
            ping = timer.scheduleAtFixedRate(this::pingOrDrop, pingInterval.toMillis(), pingInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            session.opened(this);
            socket.request(1);
        }

        private void pingOrDrop() {
            if (!live()) {
                return;
            }
            long silent = clock.millis() - lastReceived;
            if (silent > 3 * pingInterval.toMillis()) {
                reconnect("nothing received for " + silent + " ms");
            } else if (ReconnectingSocket.this.ping != null) {
                send(ReconnectingSocket.this.ping);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                lastReceived = clock.millis();
                if (live()) {
                    session.message(text, lastReceived, this);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            lost("closed by server: " + statusCode + " " + reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            lost("error: " + rootMessage(error));
        }

        @Override
        public synchronized void send(String text) {
            WebSocket socket = ws;
            if (socket == null || socket.isOutputClosed() || !live()) {
                return;
            }
            try {
                socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                reconnect("send failed: " + rootMessage(e));
            }
        }

        @Override
        public void established() {
            synchronized (ReconnectingSocket.this) {
                backoff = firstBackoff;
            }
        }

        @Override
        public void reconnect(String reason) {
            WebSocket socket = ws;
            lost(reason);
            if (socket != null) {
                socket.abort();
            }
        }

        /** The first loss of this connection counts; later callbacks of it are ignored. */
        private void lost(String reason) {
            synchronized (this) {
                if (gone) {
                    return;
                }
                gone = true;
            }
            ScheduledFuture<?> p = ping;
            if (p != null) {
                p.cancel(false);
            }
            if (!closed && generation.get() == gen) {
                session.lost(reason);
                scheduleReconnect();
            }
        }

        void shutdown() {
            gone = true;
            ScheduledFuture<?> p = ping;
            if (p != null) {
                p.cancel(false);
            }
            WebSocket socket = ws;
            if (socket != null && !socket.isOutputClosed()) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.abort();
                }
            }
        }
    }

    static String rootMessage(Throwable e) {
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
        Connection c = current;
        if (c != null) {
            c.shutdown();
        }
        timer.shutdownNow();
    }
}
