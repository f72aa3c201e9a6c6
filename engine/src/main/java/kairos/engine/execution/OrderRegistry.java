package kairos.engine.execution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every order the order manager has sent and not yet finished with, by orderLinkId, and the protocol that makes
 * sure no outcome is assumed: an order without acknowledgement within the ack timeout becomes {@code UNKNOWN} and
 * is queried (again after each timeout) until the venue answers; an order the venue has never seen after
 * {@value #MAX_NOT_FOUND} answers in a row is taken as rejected (it never reached the venue); an order whose
 * venue-reported cumulative quantity leads the executions booked is queried for them. Link ids are deterministic.
 */
final class OrderRegistry {
    /** "Not found" answers in a row before an order is taken as rejected. */
    static final int MAX_NOT_FOUND = 3;
    static final String ACK = "ack";
    static final String QUERY = "query";
    static final String EXEC_WAIT = "exec_wait";

    private final Map<String, ManagedOrder> orders = new LinkedHashMap<>();
    private final Set<String> waitingForExecutions = new HashSet<>();
    private final OrderManager om;
    private long seq;

    OrderRegistry(OrderManager om) {
        this.om = om;
    }

    /**
     * Deterministic orderLinkId, unique per intent: symbol (at most 12 chars), event time and a per-manager
     * sequence in base 36, and a tag for the order's role; at most 36 characters. The time keeps ids of a
     * restarted process apart from those sent before the restart; the sequence is journaled too.
     */
    String nextLinkId(String symbol, long time, String tag) {
        String sym = symbol.length() > 12 ? symbol.substring(0, 12) : symbol;
        String id = "k" + sym + "-" + Long.toString(Math.max(0, time), 36) + "-" + Long.toString(++seq, 36) + tag;
        return id.length() <= OrderIntent.MAX_LINK_ID ? id : id.substring(id.length() - OrderIntent.MAX_LINK_ID);
    }

    /**
     * Whether a link id has the form {@link #nextLinkId} gives the symbol's orders. Only such an order is Kairos'
     * own: one a trader placed by hand, or another tool, is never cancelled as an orphan, whatever its id.
     */
    static boolean isKairosLinkId(String linkId, String symbol) {
        String prefix = "k" + (symbol.length() > 12 ? symbol.substring(0, 12) : symbol) + "-";
        return linkId.startsWith(prefix) && KAIROS_SUFFIX.matcher(linkId).region(prefix.length(), linkId.length()).matches();
    }

    private static final Pattern KAIROS_SUFFIX = Pattern.compile("[0-9a-z]+-[0-9a-z]+");

    /** Tracks an intent and sends it; the ack timer starts. */
    ManagedOrder send(OrderIntent intent, long now) {
        ManagedOrder order = new ManagedOrder(intent);
        orders.put(intent.linkId(), order);
        om.venue().submit(intent);
        om.scheduler().schedule(now + om.policy().ackTimeoutMs(), ACK, intent.linkId(), intent.symbol());
        return order;
    }

    ManagedOrder get(String linkId) {
        return orders.get(linkId);
    }

    ManagedOrder require(String linkId) {
        ManagedOrder o = orders.get(linkId);
        if (o == null) {
            throw new IllegalStateException("journal names order " + linkId + " but does not hold it");
        }
        return o;
    }

    Collection<ManagedOrder> all() {
        return Collections.unmodifiableCollection(orders.values());
    }

    /**
     * Drops an order nothing more can happen to, learnt at {@code now}; its link id is remembered for a while
     * ({@link #doneBy}).
     */
    void forgetIfDone(ManagedOrder o, long now) {
        if (o != null && o.isDone()) {
            orders.remove(o.linkId());
            waitingForExecutions.remove(o.linkId());
            done.put(o.linkId(), Math.max(now, om.lastExecutionTime()));
        }
    }

    /** The last {@value #DONE_KEPT} orders dropped as done, and when Kairos learnt that they were. */
    static final int DONE_KEPT = 1024;
    private final Map<String, Long> done = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > DONE_KEPT;
        }
    };

    /**
     * True when the order was dropped as done and a venue view of {@code time} cannot be newer than that: a snapshot
     * taken before the order filled still lists it as open, which is no orphan.
     */
    boolean doneBy(String linkId, long time) {
        Long at = done.get(linkId);
        return at != null && time <= at;
    }

    /** The venue reports more filled than booked: the executions are late or lost; ask for them if they stay away. */
    void expectExecutions(ManagedOrder o, long now) {
        if (!o.isReconciled() && waitingForExecutions.add(o.linkId())) {
            om.scheduler().schedule(now + om.policy().ackTimeoutMs(), EXEC_WAIT, o.linkId(), o.symbol());
        }
    }

    /**
     * A timer of the registry came due. Returns the order when the timer made it terminal (rejected after
     * repeated "not found" answers), so the manager can finish what depended on it; else null.
     */
    ManagedOrder onTimer(Timer t, long now) {
        ManagedOrder o = orders.get(t.key());
        if (o == null) {
            return null;
        }
        switch (t.kind()) {
            case ACK -> {
                if (o.status() == OrderStatus.NEW) {
                    o.apply(new OrderUpdate(o.linkId(), o.symbol(), OrderStatus.UNKNOWN, 0,
                            "no acknowledgement within " + om.policy().ackTimeoutMs() + " ms", now));
                    query(o, now);
                }
            }
            case QUERY -> {
                if (o.status() == OrderStatus.UNKNOWN) {
                    query(o, now);
                }
            }
            case EXEC_WAIT -> {
                waitingForExecutions.remove(o.linkId());
                if (!o.isReconciled()) {
                    query(o, now);
                    expectExecutions(o, now);
                }
            }
            default -> throw new IllegalArgumentException("not a registry timer: " + t.kind());
        }
        return null;
    }

    private void query(ManagedOrder o, long now) {
        om.venue().query(o.linkId(), o.symbol());
        om.scheduler().schedule(now + om.policy().ackTimeoutMs(), QUERY, o.linkId(), o.symbol());
    }

    /**
     * The venue has never seen the order. While its outcome is open (NEW or UNKNOWN) that counts towards taking
     * it as rejected; returns the order when it is now rejected, else null.
     */
    ManagedOrder onNotFound(OrderNotFound n, long now) {
        ManagedOrder o = orders.get(n.linkId());
        if (o == null || (o.status() != OrderStatus.NEW && o.status() != OrderStatus.UNKNOWN)) {
            return null;
        }
        int count = o.countNotFound();
        if (count >= MAX_NOT_FOUND) {
            o.apply(new OrderUpdate(o.linkId(), o.symbol(), OrderStatus.REJECTED, 0,
                    "not found on the venue after " + count + " queries", now));
            return o;
        }
        if (o.status() == OrderStatus.NEW) {
            o.apply(new OrderUpdate(o.linkId(), o.symbol(), OrderStatus.UNKNOWN, 0, "not found on the venue", now));
        }
        return null;
    }

    /** Re-arms the timers of the orders restored from the journal (timers do not survive a restart). */
    void rearm(long now) {
        for (ManagedOrder o : orders.values()) {
            if (o.status() == OrderStatus.NEW || o.status() == OrderStatus.UNKNOWN) {
                query(o, now);
            }
            expectExecutions(o, now);
        }
    }

    long seq() {
        return seq;
    }

    List<ManagedOrder.State> state() {
        List<ManagedOrder.State> out = new ArrayList<>();
        orders.values().forEach(o -> out.add(o.state()));
        return out;
    }

    void restore(long sequence, List<ManagedOrder.State> states) {
        seq = sequence;
        orders.clear();
        for (ManagedOrder.State s : states) {
            orders.put(s.intent().linkId(), ManagedOrder.restore(s));
        }
    }
}
