package kairos.bybit.websocket;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.bybit.http.BybitCredentials;
import kairos.bybit.parsing.BybitJson;
import kairos.bybit.parsing.BybitPayloadException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bybit V5 private stream ({@code /v5/private}): on every (re)connect it authenticates —
 * {@code {"op":"auth","args":[apiKey, expires, hex HMAC-SHA256(secret, "GET/realtime" + expires)]}} with
 * {@code expires} = Bybit's time (the REST client's measured offset) + {@link Settings#authExpiry} — and once
 * Bybit accepts, subscribes to {@link #TOPICS}; only when the subscription is confirmed is the connection up.
 * Pings, silence detection and reconnect with back-off are {@link ReconnectingSocket}'s. An authentication or
 * subscription Bybit refuses is reported down with its {@code ret_msg} and retried after the back-off (a wrong
 * key keeps failing, at most every {@link Settings#maxBackoff}).
 *
 * <p>The handler hears every topic message with its receive time, and the connection going up (authenticated and
 * subscribed) and down: down is reported when an up connection is lost, and once for a stream that never came up
 * (so a refused key is heard), not for every failed attempt. After every up the kernel reconciles: what happened
 * while the stream was down comes from REST, not from the stream.
 */
public final class BybitPrivateStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BybitPrivateStream.class);

    /** The private topics Kairos needs: all categories' orders, executions, positions, and the wallet. */
    public static final List<String> TOPICS = List.of("order", "execution", "position", "wallet");

    /** Receives topic messages and connection changes, on the socket's thread, one call at a time. */
    public interface Handler {
        void onMessage(String text, long recvTs);

        /** Up: authenticated and subscribed. Down: lost or refused, with the reason. */
        void onConnection(boolean up, String detail);
    }

    /**
     * @param pingInterval Bybit asks for 20 s
     * @param firstBackoff first reconnect delay, doubled per failed attempt
     * @param maxBackoff   longest reconnect delay
     * @param authExpiry   how far ahead of Bybit's time the auth's {@code expires} lies
     */
    public record Settings(Duration pingInterval, Duration firstBackoff, Duration maxBackoff, Duration authExpiry) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Duration.ofSeconds(10));
        }
    }

    private final ReconnectingSocket socket;
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean up;
    private volatile boolean downReported;

    /**
     * @param url        {@code bybit.ws_private_url} / {@code KAIROS_BYBIT_WS_PRIVATE_URL}
     * @param serverTime Bybit's time now, ms ({@code BybitRestClient::serverTimeMillis})
     */
    public BybitPrivateStream(URI url, BybitCredentials credentials, LongSupplier serverTime, Clock clock,
                              Settings settings, Handler handler) {
        this.socket = new ReconnectingSocket(url, "bybit-ws-private", clock, settings.pingInterval(),
                settings.firstBackoff(), settings.maxBackoff(), new ReconnectingSocket.Session() {
                    @Override
                    public void opened(ReconnectingSocket.Outbox out) {
                        long expires = serverTime.getAsLong() + settings.authExpiry().toMillis();
                        out.send("{\"req_id\":\"auth-" + requests.incrementAndGet() + "\",\"op\":\"auth\",\"args\":[\""
                                + credentials.apiKey() + "\"," + expires + ",\""
                                + credentials.sign("GET/realtime" + expires) + "\"]}");
                    }

                    @Override
                    public void message(String text, long recvTs, ReconnectingSocket.Outbox out) {
                        JsonNode root;
                        try {
                            root = BybitJson.tree(text, "private stream");
                        } catch (BybitPayloadException e) {
                            LOG.warn("{}", e.getMessage());
                            return;
                        }
                        String op = root.path("op").asText("");
                        switch (op) {
                            case "auth" -> {
                                if (root.path("success").asBoolean(false)) {
                                    out.send("{\"req_id\":\"sub-" + requests.incrementAndGet()
                                            + "\",\"op\":\"subscribe\",\"args\":[\"" + String.join("\",\"", TOPICS)
                                            + "\"]}");
                                } else {
                                    refused(out, "authentication refused by Bybit: " + root.path("ret_msg").asText()
                                            + " (check BYBIT_API_KEY / BYBIT_API_SECRET and the key's IP binding)");
                                }
                            }
                            case "subscribe" -> {
                                if (root.path("success").asBoolean(false)) {
                                    out.established();
                                    up = true;
                                    downReported = false;
                                    handler.onConnection(true, "authenticated and subscribed to "
                                            + String.join(", ", TOPICS) + " at " + socket.url());
                                } else {
                                    refused(out, "subscription refused by Bybit: " + root.path("ret_msg").asText());
                                }
                            }
                            case "pong", "ping" -> { }
                            default -> handler.onMessage(text, recvTs);
                        }
                    }

                    private void refused(ReconnectingSocket.Outbox out, String why) {
                        LOG.error("Bybit private stream: {}", why);
                        out.reconnect(why);
                    }

                    @Override
                    public void lost(String reason) {
                        boolean wasUp = up;
                        up = false;
                        if (wasUp || !downReported) {
                            downReported = true;
                            handler.onConnection(false, reason);
                        }
                    }
                });
    }

    /** Connects (asynchronously); failures are retried until {@link #close}. */
    public void start() {
        socket.start();
    }

    /** Whether the stream is authenticated and subscribed now. */
    public boolean up() {
        return up;
    }

    /** How many connections opened (1 after the first, +1 per reconnect). */
    public long connections() {
        return socket.connections();
    }

    @Override
    public void close() {
        socket.close();
    }
}
