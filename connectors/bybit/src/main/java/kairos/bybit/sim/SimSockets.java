package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The simulator's WebSocket endpoints on one port: {@code /v5/public/linear} (subscribe/unsubscribe to public
 * topics; an order book or ticker subscription gets its snapshot first) and {@code /v5/private} ({@code auth}
 * first, then {@code order}, {@code execution}, {@code position}, {@code wallet}). Answers {@code ping} as the
 * documentation shows for each kind (a public {@code pong} in {@code ret_msg}, a private {@code op: pong}). Data
 * pushes go through an {@link Outbox} per channel, where the injected delivery faults apply; answers to requests
 * are sent directly.
 */
final class SimSockets extends WebSocketServer implements Feeds {
    static final String PUBLIC_PATH = "/v5/public/linear";
    static final String PRIVATE_PATH = "/v5/private";
    private static final Logger LOG = LoggerFactory.getLogger(SimSockets.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PUBLIC_TOPIC = Pattern.compile(
            "(publicTrade|tickers|allLiquidation)\\.([A-Z0-9]+)|orderbook\\.(1|50|200)\\.([A-Z0-9]+)|kline\\.([0-9]+|D)\\.([A-Z0-9]+)");
    private static final Set<String> PRIVATE_TOPICS = Set.of("order", "order.linear", "execution", "execution.linear",
            "position", "position.linear", "wallet");

    /** One connection: its kind, id, the key it authenticated with, its topics. */
    static final class Session {
        final boolean isPrivate;
        final String connId;
        volatile ApiKey key;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        /** The last requests received and whether each was answered, for a test that waits in vain. */
        private final ArrayDeque<String> lastRequests = new ArrayDeque<>();

        Session(boolean isPrivate, String connId) {
            this.isPrivate = isPrivate;
            this.connId = connId;
        }

        synchronized void requested(String what) {
            lastRequests.addLast(what);
            while (lastRequests.size() > 8) {
                lastRequests.removeFirst();
            }
        }

        synchronized String lastRequests() {
            return connId + " " + lastRequests;
        }
    }

    private final SimExchange exchange;
    private final Map<String, ApiKey> keys;
    private final Ids ids;
    private final LongSupplier authTime;
    private final Map<String, Set<WebSocket>> subscribers = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    final Outbox publicOut;
    final Outbox privateOut;
    private volatile boolean refusing;
    private volatile Exception startError;

    SimSockets(InetSocketAddress address, SimExchange exchange, Map<String, ApiKey> keys, Ids ids, LongSupplier authTime,
               java.util.function.Consumer<InjectedFault> log) {
        super(address);
        this.exchange = exchange;
        this.keys = keys;
        this.ids = ids;
        this.authTime = authTime;
        this.publicOut = new Outbox("public", log);
        this.privateOut = new Outbox("private", log);
        setReuseAddr(true);
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the simulator's WebSocket server did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the WebSocket server", e);
        }
        if (startError != null) {
            throw new IllegalStateException("the simulator's WebSocket server could not start: " + startError.getMessage(), startError);
        }
    }

    /** Refuse (true) or accept new connections; refusing also drops the open ones (maintenance). */
    void refuse(boolean on) {
        refusing = on;
        if (on) {
            drop(false);
            drop(true);
        }
    }

    /** Drops every public or private connection abruptly (code 1006, no close handshake). */
    int drop(boolean privateOnes) {
        int n = 0;
        for (WebSocket c : getConnections()) {
            Session s = c.getAttachment();
            if (s != null && s.isPrivate == privateOnes) {
                c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the simulator");
                n++;
            }
        }
        return n;
    }

    /** Each open connection's id and the last requests it sent. */
    List<String> lastRequests() {
        List<String> out = new ArrayList<>();
        for (WebSocket c : getConnections()) {
            if (c.getAttachment() instanceof Session s) {
                out.add(s.lastRequests());
            }
        }
        return out;
    }

    long connections(boolean privateOnes) {
        return getConnections().stream().filter(c -> c.getAttachment() instanceof Session s && s.isPrivate == privateOnes).count();
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
            throws InvalidDataException {
        if (refusing) {
            throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "the service is under maintenance");
        }
        String path = path(request.getResourceDescriptor());
        if (!PUBLIC_PATH.equals(path) && !PRIVATE_PATH.equals(path)) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no WebSocket at " + path + " (serving "
                    + PUBLIC_PATH + " and " + PRIVATE_PATH + ")");
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    private static String path(String resource) {
        int q = resource.indexOf('?');
        return q < 0 ? resource : resource.substring(0, q);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        conn.setAttachment(new Session(PRIVATE_PATH.equals(path(handshake.getResourceDescriptor())), ids.connId()));
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        Session s = conn.getAttachment();
        if (s != null) {
            for (String topic : s.topics) {
                unsubscribe(conn, topic);
            }
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        Session s = conn.getAttachment();
        JsonNode req;
        try {
            req = JSON.readTree(message);
        } catch (Exception e) {
            if (s != null) {
                s.requested("(not JSON)");
            }
            reply(conn, answer(s, "", false, "error:request is not valid JSON", ""));
            return;
        }
        String op = req.path("op").asText("");
        String reqId = req.path("req_id").asText("");
        JsonNode args = req.path("args");
        s.requested(op + (reqId.isEmpty() ? "" : " " + reqId));
        switch (op) {
            case "ping" -> reply(conn, s.isPrivate ? privatePong(s, reqId) : answer(s, "ping", true, "pong", reqId));
            case "auth" -> auth(conn, s, args, reqId);
            case "subscribe" -> subscribe(conn, s, args, reqId);
            case "unsubscribe" -> {
                for (JsonNode a : args) {
                    s.topics.remove(a.asText());
                    unsubscribe(conn, a.asText());
                }
                reply(conn, answer(s, "unsubscribe", true, "", reqId));
            }
            default -> reply(conn, answer(s, op, false, "error:invalid op", reqId));
        }
    }

    private ObjectNode privatePong(Session s, String reqId) {
        ObjectNode n = F.objectNode();
        n.put("req_id", reqId);
        n.put("op", "pong");
        n.putArray("args").add(Long.toString(exchange.clock.now()));
        n.put("conn_id", s.connId);
        return n;
    }

    private void auth(WebSocket conn, Session s, JsonNode args, String reqId) {
        if (!s.isPrivate) {
            reply(conn, answer(s, "auth", false, "error:auth is for the private stream " + PRIVATE_PATH, reqId));
            return;
        }
        if (!args.isArray() || args.size() != 3) {
            reply(conn, answer(s, "auth", false, "Params Error", reqId));
            return;
        }
        ApiKey key = keys.get(args.get(0).asText());
        long expires;
        try {
            expires = Long.parseLong(args.get(1).asText());
        } catch (NumberFormatException e) {
            reply(conn, answer(s, "auth", false, "Params Error", reqId));
            return;
        }
        if (key == null) {
            reply(conn, answer(s, "auth", false, "API key is invalid.", reqId));
            return;
        }
        if (expires <= authTime.getAsLong()) {
            reply(conn, answer(s, "auth", false, "Params Error", reqId));
            return;
        }
        if (!Signatures.matches(Signatures.hmacSha256(key.secret(), Signatures.websocketPayload(expires)), args.get(2).asText())) {
            reply(conn, answer(s, "auth", false, "Signature verification failed", reqId));
            return;
        }
        s.key = key;
        reply(conn, answer(s, "auth", true, "", reqId));
    }

    private void subscribe(WebSocket conn, Session s, JsonNode args, String reqId) {
        if (!args.isArray() || args.isEmpty()) {
            reply(conn, answer(s, "subscribe", false, "error:args must be a non-empty list of topics", reqId));
            return;
        }
        if (s.isPrivate && s.key == null) {
            reply(conn, answer(s, "subscribe", false, "Request not authorized", reqId));
            return;
        }
        List<String> bad = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (JsonNode a : args) {
            String topic = a.asText();
            if (!(s.isPrivate ? PRIVATE_TOPICS.contains(topic) : validPublic(topic))) {
                bad.add(topic);
            } else if (s.topics.contains(topic)) {
                already.add(topic);
            } else {
                accepted.add(topic);
            }
        }
        synchronized (exchange) {
            for (String topic : accepted) {
                s.topics.add(topic);
                subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(conn);
            }
            if (!bad.isEmpty()) {
                reply(conn, answer(s, "subscribe", false, "error:handler not found,topic:" + String.join(",", bad), reqId));
            } else if (!already.isEmpty()) {
                reply(conn, answer(s, "subscribe", false, "error:already subscribed,topic:" + String.join(",", already), reqId));
            } else {
                reply(conn, answer(s, "subscribe", true, "", reqId));
            }
            if (!s.isPrivate) {
                for (String topic : accepted) {
                    ObjectNode snapshot = exchange.snapshotFor(topic);
                    if (snapshot != null) {
                        publicOut.deliver(List.of(conn), snapshot.toString());
                    }
                }
            }
        }
    }

    private boolean validPublic(String topic) {
        var m = PUBLIC_TOPIC.matcher(topic);
        if (!m.matches()) {
            return false;
        }
        String symbol = m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(6);
        if (m.group(5) != null && !KlineIntervals.isValid(m.group(5))) {
            return false;
        }
        synchronized (exchange) {
            return exchange.markets.containsKey(symbol);
        }
    }

    private void unsubscribe(WebSocket conn, String topic) {
        Set<WebSocket> set = subscribers.get(topic);
        if (set != null) {
            set.remove(conn);
        }
    }

    private static ObjectNode answer(Session s, String op, boolean success, String retMsg, String reqId) {
        ObjectNode n = F.objectNode();
        n.put("success", success);
        n.put("ret_msg", retMsg);
        n.put("conn_id", s == null ? "" : s.connId);
        n.put("req_id", reqId);
        n.put("op", op);
        return n;
    }

    private static void reply(WebSocket conn, ObjectNode answer) {
        try {
            conn.send(answer.toString());
        } catch (WebsocketNotConnectedException e) {
            // the client went away before the answer
            if (conn.getAttachment() instanceof Session s) {
                s.requested("(not answered: " + answer.path("op").asText() + " " + answer.path("req_id").asText() + ")");
            }
        }
    }

    // ---------------------------------------------------------------- Feeds

    @Override
    public boolean wants(String topic) {
        Set<WebSocket> set = subscribers.get(topic);
        return set != null && !set.isEmpty();
    }

    @Override
    public void publish(String topic, ObjectNode message) {
        Set<WebSocket> set = subscribers.get(topic);
        if (set != null && !set.isEmpty()) {
            publicOut.deliver(set, message.toString());
        }
    }

    @Override
    public void publishPrivate(String topic, ArrayNode data, long creationTime) {
        for (String variant : new String[] {topic, topic + ".linear"}) {
            Set<WebSocket> set = subscribers.get(variant);
            if (set == null || set.isEmpty()) {
                continue;
            }
            ObjectNode msg = F.objectNode();
            msg.put("id", exchange.settings.userId() + ids.uuid());
            msg.put("topic", variant);
            msg.put("creationTime", creationTime);
            msg.set("data", data);
            privateOut.deliver(set, msg.toString());
        }
    }

    @Override
    public void timePassed(long now) {
        publicOut.timePassed(now);
        privateOut.timePassed(now);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startError = ex;
            started.countDown();
        } else if (ex instanceof java.io.IOException) {
            LOG.debug("simulator: WebSocket connection lost: {}", ex.toString());   // a client that went away
        } else {
            // a request's handler failed: its answer will not come, so say why (a client waiting for it times out)
            Session s = conn.getAttachment();
            LOG.warn("simulator: a WebSocket request on connection {} failed", s == null ? "(not open)" : s.connId, ex);
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
