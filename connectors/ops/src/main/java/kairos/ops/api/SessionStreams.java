package kairos.ops.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.execution.Fill;
import kairos.engine.kernel.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the WebSocket streams send: decisions, fills and metrics snapshots of a running session, as JSON messages
 * {@code {"type": "decision"|"fill"|"metrics", "backlog": bool, "data": {...}}}. The kernel thread only hands a
 * record over ({@link #decision}, {@link #fill}): serialising and sending happen on this hub's own thread, so a
 * slow or dead browser never holds a decision up. A new subscriber first gets the backlog (the last
 * {@value #BACKLOG} decisions or fills, the last metrics snapshot, marked {@code "backlog": true}), then every
 * message as it comes, in order. A subscriber whose sends fail is dropped.
 */
public final class SessionStreams implements AutoCloseable {
    static final int BACKLOG = 50;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStreams.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The three streams, by the path they are served on ({@code /stream/<name>}). */
    public enum Topic {
        DECISIONS("decisions", "decision", BACKLOG), FILLS("fills", "fill", BACKLOG), METRICS("metrics", "metrics", 1);

        final String path;
        final String type;
        final int backlog;

        Topic(String path, String type, int backlog) {
            this.path = path;
            this.type = type;
            this.backlog = backlog;
        }

        public String path() {
            return path;
        }
    }

    /** One connected client; {@code send} answers false when the client is gone (it is then dropped). */
    @FunctionalInterface
    public interface Subscriber {
        boolean send(String message);
    }

    private final ExecutorService out = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kairos-streams");
        t.setDaemon(true);
        return t;
    });
    private final Map<Topic, Set<Subscriber>> subscribers = new EnumMap<>(Topic.class);
    private final Map<Topic, ArrayDeque<String>> backlogs = new EnumMap<>(Topic.class);
    private final AtomicLong sent = new AtomicLong();

    public SessionStreams() {
        for (Topic t : Topic.values()) {
            subscribers.put(t, new LinkedHashSet<>());
            backlogs.put(t, new ArrayDeque<>());
        }
    }

    /** A decision taken (kernel thread: only queued here). */
    public void decision(Decision d) {
        submit(() -> {
            try {
                publish(Topic.DECISIONS, DecisionsJsonl.toJson(d));
            } catch (IOException e) {
                LOG.warn("decision {} could not be written as JSON: {}", d.id(), e.getMessage());
            }
        });
    }

    /** A fill booked (the session's state writer, once journaled: only queued here). */
    public void fill(Fill f) {
        submit(() -> publish(Topic.FILLS, fillJson(f).toString()));
    }

    /** A metrics snapshot (the sampler's thread). */
    public void metrics(ObjectNode snapshot) {
        String json = snapshot.toString();
        submit(() -> publish(Topic.METRICS, json));
    }

    /** Adds a subscriber: it gets the topic's backlog, then every new message. */
    public void subscribe(Topic topic, Subscriber s) {
        submit(() -> {
            for (String m : backlogs.get(topic)) {
                if (!s.send(envelope(topic, true, m))) {
                    return;
                }
            }
            subscribers.get(topic).add(s);
        });
    }

    public void unsubscribe(Topic topic, Subscriber s) {
        submit(() -> subscribers.get(topic).remove(s));
    }

    /** How many clients are subscribed to the topic now (taken on the hub's thread). */
    public int subscribers(Topic topic) {
        try {
            return out.submit(() -> subscribers.get(topic).size()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Messages sent to clients so far. */
    public long sent() {
        return sent.get();
    }

    static ObjectNode fillJson(Fill f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("exec_id", f.execId());
        o.put("order_link_id", f.orderLinkId());
        o.put("symbol", f.symbol());
        o.put("side", f.side().name());
        o.put("qty", f.qty().toPlainString());
        o.put("price", f.price().toPlainString());
        o.put("fee", f.fee());
        o.put("maker", f.maker());
        o.put("ts", java.time.Instant.ofEpochMilli(f.time()).toString());
        if (f.purpose() != null) {
            o.put("purpose", f.purpose().name());
        }
        return o;
    }

    private void publish(Topic topic, String data) {
        ArrayDeque<String> backlog = backlogs.get(topic);
        backlog.addLast(data);
        while (backlog.size() > topic.backlog) {
            backlog.removeFirst();
        }
        Set<Subscriber> subs = subscribers.get(topic);
        if (subs.isEmpty()) {
            return;
        }
        String message = envelope(topic, false, data);
        List<Subscriber> gone = new ArrayList<>();
        for (Subscriber s : subs) {
            if (s.send(message)) {
                sent.incrementAndGet();
            } else {
                gone.add(s);
            }
        }
        gone.forEach(subs::remove);
    }

    private static String envelope(Topic topic, boolean backlog, String data) {
        return "{\"type\":\"" + topic.type + "\",\"backlog\":" + backlog + ",\"data\":" + data + "}";
    }

    private void submit(Runnable task) {
        try {
            out.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: the session is ending, nobody listens any more
        }
    }

    @Override
    public void close() {
        out.shutdown();
        try {
            out.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
