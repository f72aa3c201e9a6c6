package kairos.bybit.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults a test injects into the simulated exchange, each deterministic (counted, or seeded) and recorded in
 * {@link #log()} when it takes effect, so a test can assert both that the fault happened and that the client coped.
 *
 * <p>REST faults apply to the next N requests to one path (e.g. {@code /v5/order/create}): a rate-limit answer
 * (10006 with {@code X-Bapi-Limit*} headers) or an HTTP 5xx, both before the request has any effect; or the
 * request is carried out (the order exists) and then never answered, or the connection closed without an answer,
 * the case where a client must not conclude "not placed". Stream faults drop connections, duplicate, reorder or
 * hold back pushes, lose or reset an order-book update. Maintenance answers REST with HTTP 503 / retCode 10016 and
 * refuses WebSocket connections until it ends. A clock skew moves the server time away from the client's.
 */
public final class Faults {
    /** What happens to a REST request picked by a fault. */
    public enum RestFault {
        /** Answered 10006 "Too many visits!" with limit headers; nothing done. */
        RATE_LIMITED,
        /** Answered with an HTTP 5xx from the gateway; nothing done. */
        SERVER_ERROR,
        /** Carried out, then never answered (the client times out). */
        ACCEPT_THEN_HANG,
        /** Carried out, then the connection is closed without an answer. */
        ACCEPT_THEN_CLOSE
    }

    record Planned(RestFault fault, int httpStatus) {
    }

    private final SimExchange exchange;
    private SimSockets sockets;
    private final Map<String, Deque<Planned>> rest = new HashMap<>();
    private final List<InjectedFault> log = new ArrayList<>();
    private volatile boolean maintenance;

    Faults(SimExchange exchange) {
        this.exchange = exchange;
    }

    void sockets(SimSockets sockets) {
        this.sockets = sockets;
    }

    // ---------------------------------------------------------------- REST

    /** The next {@code n} requests to {@code path} are answered 10006 (rate limit), with nothing done. */
    public Faults rateLimitNext(String path, int n) {
        return plan(path, n, new Planned(RestFault.RATE_LIMITED, 200));
    }

    /** The next {@code n} requests to {@code path} get HTTP {@code status} (500-599) from the gateway, with nothing done. */
    public Faults serverErrorNext(String path, int n, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a server error is an HTTP status in 500-599, got " + status);
        }
        return plan(path, n, new Planned(RestFault.SERVER_ERROR, status));
    }

    /** The next {@code n} requests to {@code path} are carried out and then never answered. */
    public Faults acceptThenHang(String path, int n) {
        return plan(path, n, new Planned(RestFault.ACCEPT_THEN_HANG, 0));
    }

    /** The next {@code n} requests to {@code path} are carried out, then their connection is closed unanswered. */
    public Faults acceptThenClose(String path, int n) {
        return plan(path, n, new Planned(RestFault.ACCEPT_THEN_CLOSE, 0));
    }

    private synchronized Faults plan(String path, int n, Planned planned) {
        if (!path.startsWith("/v5/")) {
            throw new IllegalArgumentException("a REST fault names a Bybit path such as /v5/order/create, got " + path);
        }
        if (n < 1) {
            throw new IllegalArgumentException("a fault applies to at least 1 request, got " + n);
        }
        Deque<Planned> q = rest.computeIfAbsent(path, p -> new ArrayDeque<>());
        for (int i = 0; i < n; i++) {
            q.addLast(planned);
        }
        return this;
    }

    /** The fault for this request to {@code path}, if one is planned (consumed and logged). */
    synchronized Planned takeRest(String method, String path) {
        Deque<Planned> q = rest.get(path);
        Planned p = q == null ? null : q.pollFirst();
        if (p != null) {
            record(p.fault().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), method + " " + path
                    + (p.httpStatus() >= 500 ? " HTTP " + p.httpStatus() : ""));
        }
        return p;
    }

    // ---------------------------------------------------------------- maintenance and clock

    /** Starts or ends a maintenance window: REST answers 503 / 10016, sockets are dropped and refused. */
    public Faults maintenance(boolean on) {
        maintenance = on;
        record(on ? "maintenance-start" : "maintenance-end", "");
        sockets.refuse(on);
        return this;
    }

    public boolean inMaintenance() {
        return maintenance;
    }

    /** Moves the server clock {@code skew} ahead (positive) or behind the exchange's market time. */
    public Faults skewClock(Duration skew) {
        exchange.clock.skew(skew);
        record("clock-skew", skew.toMillis() + " ms");
        return this;
    }

    // ---------------------------------------------------------------- sockets

    /** Drops every public connection abruptly; returns how many. */
    public int dropPublicSockets() {
        int n = sockets.drop(false);
        record("drop-public", n + " connections");
        return n;
    }

    /** Drops every private connection abruptly; returns how many. */
    public int dropPrivateSockets() {
        int n = sockets.drop(true);
        record("drop-private", n + " connections");
        return n;
    }

    /** The next {@code n} private pushes are each delivered twice. */
    public Faults duplicatePrivate(int n) {
        sockets.privateOut.duplicateNext(n);
        return this;
    }

    /** The next {@code n} public pushes are each delivered twice. */
    public Faults duplicatePublic(int n) {
        sockets.publicOut.duplicateNext(n);
        return this;
    }

    /**
     * The next {@code n} private pushes are delivered in reverse order: with 2, a fill's {@code order} update arrives
     * before its {@code execution}.
     */
    public Faults reversePrivate(int n) {
        sockets.privateOut.reverseNext(n);
        return this;
    }

    /** Private pushes produced during the next {@code d} of exchange time are held and delivered, in order, after it. */
    public Faults holdPrivate(Duration d) {
        sockets.privateOut.holdUntil(exchange.clock.now() + d.toMillis());
        return this;
    }

    /** Public pushes produced during the next {@code d} of exchange time are held and delivered after it (a stale feed). */
    public Faults holdPublic(Duration d) {
        sockets.publicOut.holdUntil(exchange.clock.now() + d.toMillis());
        return this;
    }

    /** Delivers now whatever holds and reorders keep back. */
    public Faults releaseHeld() {
        sockets.privateOut.release();
        sockets.publicOut.release();
        return this;
    }

    /**
     * From now on each private push is, with the given seeded chances, delivered twice or after the next one; for
     * soak tests of a client's idempotency. The same seed and traffic give the same faults.
     */
    public Faults privateChaos(long seed, double duplicateChance, double reorderChance) {
        if (duplicateChance < 0 || duplicateChance > 1 || reorderChance < 0 || reorderChance > 1) {
            throw new IllegalArgumentException("chances are in [0, 1], got " + duplicateChance + " and " + reorderChance);
        }
        sockets.privateOut.chaos(seed, duplicateChance, reorderChance);
        record("private-chaos", "seed " + seed + ", duplicate " + duplicateChance + ", reorder " + reorderChance);
        return this;
    }

    // ---------------------------------------------------------------- order book

    /** Loses one order-book update of {@code symbol}: the next delta's {@code u} skips one. */
    public Faults skipBookUpdate(String symbol) {
        exchange.skipBookUpdate(symbol);
        record("book-gap", symbol);
        return this;
    }

    /** Resets {@code symbol}'s book as after a Bybit service restart: a new snapshot with {@code u = 1}. */
    public Faults resetBook(String symbol) {
        exchange.resetBook(symbol);
        record("book-reset", symbol);
        return this;
    }

    // ---------------------------------------------------------------- log

    /** Every fault that took effect, in order. */
    public synchronized List<InjectedFault> log() {
        return List.copyOf(log);
    }

    synchronized void record(String kind, String detail) {
        log.add(new InjectedFault(exchange.clock.now(), kind, detail));
    }

    synchronized void record(InjectedFault f) {
        log.add(f);
    }
}
