package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The simulator's REST API on 127.0.0.1 ({@code com.sun.net.httpserver}): Bybit's envelope
 * {@code {"retCode","retMsg","result","retExtInfo","time"}} for every answer, the IP limit (HTTP 403), maintenance
 * (HTTP 503 / 10016), injected faults, then for signed endpoints the checks in the exchange's order — key (10003),
 * timestamp within {@code [server_time - recvWindow, server_time + 1000)} (10002), signature over the query string
 * as sent or the raw body (10004), permission (10005), per-endpoint limit (10006) — and finally the handler. Every
 * request is recorded with its outcome for tests to inspect.
 */
final class SimRest {
    /** Computes an endpoint's {@code result}; throws {@link BybitError} to refuse. */
    interface Handler {
        ObjectNode handle(Params params, ApiKey key);
    }

    /** An endpoint: its method, whether it is signed, the {@code ContractTrade} permission it needs (or null). */
    record Route(String method, boolean signed, String permission, Handler handler) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimExchange exchange;
    private final Map<String, ApiKey> keys;
    private final RateLimits limits;
    private final Faults faults;
    private final LongSupplier requestTime;
    private final Map<String, Route> routes = new HashMap<>();
    private final List<ReceivedRequest> received = new ArrayList<>();
    private final List<HttpExchange> unanswered = new ArrayList<>();

    SimRest(InetSocketAddress address, SimExchange exchange, Map<String, ApiKey> keys, RateLimits limits, Faults faults,
            LongSupplier requestTime) {
        this.exchange = exchange;
        this.keys = keys;
        this.limits = limits;
        this.faults = faults;
        this.requestTime = requestTime;
        MarketEndpoints.register(routes, exchange, requestTime);
        AccountEndpoints.register(routes, exchange);
        try {
            this.server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's REST server cannot bind " + address + ": " + e.getMessage(), e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bybit-sim-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void close() {
        synchronized (unanswered) {
            unanswered.forEach(HttpExchange::close);
            unanswered.clear();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    List<ReceivedRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void handle(HttpExchange ex) {
        long arrived = exchange.clock.now();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        String body;
        try {
            body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            ex.close();
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Answer out = answer(ex, method, path, rawQuery, body);
        synchronized (received) {
            received.add(new ReceivedRequest(arrived, method, path, rawQuery == null ? "" : rawQuery, body, Map.copyOf(headers),
                    out.status, out.retCode));
        }
        switch (out.delivery) {
            case SEND -> send(ex, out);
            case HANG -> {
                synchronized (unanswered) {
                    unanswered.add(ex);
                }
            }
            case CLOSE -> ex.close();
        }
    }

    private enum Delivery { SEND, HANG, CLOSE }

    /** What to answer: status, body and headers, or no answer at all. */
    private record Answer(Delivery delivery, int status, int retCode, String contentType, String body, Map<String, String> headers) {
    }

    private Answer answer(HttpExchange ex, String method, String path, String rawQuery, String body) {
        if (!limits.ip(requestTime.getAsLong())) {
            return text(ex, 403, "403 Forbidden: access too frequent");
        }
        if (faults.inMaintenance()) {
            return json(ex, 503, envelope(10016, "System maintenance: the service is restarting, try again later", F.objectNode()),
                    Map.of());
        }
        Route route = routes.get(path);
        if (route == null || !route.method().equals(method)) {
            return json(ex, 404, envelope(10017, "Route not found: " + method + " " + path, F.objectNode()), Map.of());
        }
        Faults.Planned fault = faults.takeRest(method, path);
        if (fault != null && fault.fault() == Faults.RestFault.SERVER_ERROR) {
            return text(ex, fault.httpStatus(), "<html><body><h1>" + fault.httpStatus() + " Bad Gateway</h1></body></html>");
        }
        if (fault != null && fault.fault() == Faults.RestFault.RATE_LIMITED) {
            long now = exchange.clock.serverTime();
            int limit = limits.limit(path);
            return json(ex, 200, envelope(10006, "Too many visits!", F.objectNode()), limitHeaders(limit, 0, now + 1_000));
        }
        Map<String, String> limitHeaders = Map.of();
        ApiKey key = null;
        try {
            Params params = "GET".equals(method) ? Params.ofQuery(rawQuery) : null;
            if (route.signed()) {
                key = authenticate(ex, method, rawQuery, body);
                if (route.permission() != null && (key.readOnly() || !key.can("ContractTrade", route.permission()))) {
                    throw new BybitError(10005, "Permission denied, please check your API key permissions.");
                }
                RateLimits.Verdict v = limits.endpoint(key.key(), path, requestTime.getAsLong());
                limitHeaders = limitHeaders(v.limit(), v.remaining(), v.resetAt());
                if (!v.allowed()) {
                    throw new BybitError(10006, "Too many visits!");
                }
            }
            if (params == null) {
                params = Params.ofBody(body);
            }
            ObjectNode result = route.handler().handle(params, key);
            ObjectNode env = envelope(0, "OK", result);
            if (fault != null && fault.fault() == Faults.RestFault.ACCEPT_THEN_HANG) {
                return new Answer(Delivery.HANG, 0, 0, null, null, Map.of());
            }
            if (fault != null && fault.fault() == Faults.RestFault.ACCEPT_THEN_CLOSE) {
                return new Answer(Delivery.CLOSE, 0, 0, null, null, Map.of());
            }
            return json(ex, 200, env, limitHeaders);
        } catch (BybitError e) {
            return json(ex, 200, envelope(e.retCode, e.getMessage(), F.objectNode()), limitHeaders);
        } catch (RuntimeException e) {
            return json(ex, 500, envelope(10016, "Server error: " + e, F.objectNode()), limitHeaders);
        }
    }

    /** Checks key, timestamp window and signature as Bybit does; returns the key. */
    private ApiKey authenticate(HttpExchange ex, String method, String rawQuery, String body) {
        var h = ex.getRequestHeaders();
        String apiKey = h.getFirst("X-BAPI-API-KEY");
        ApiKey key = apiKey == null ? null : keys.get(apiKey);
        if (key == null) {
            throw new BybitError(10003, "API key is invalid.");
        }
        String timestamp = h.getFirst("X-BAPI-TIMESTAMP");
        String recvWindowText = h.getFirst("X-BAPI-RECV-WINDOW");
        long recvWindow = 5_000;
        if (recvWindowText != null) {
            try {
                recvWindow = Long.parseLong(recvWindowText);
            } catch (NumberFormatException e) {
                throw BybitError.params("params error: X-BAPI-RECV-WINDOW must be an integer (ms), got '" + recvWindowText + "'");
            }
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw new BybitError(10002, "invalid request, please check your server timestamp or recv_window param: "
                    + "X-BAPI-TIMESTAMP must be epoch milliseconds, got '" + timestamp + "'");
        }
        long server = requestTime.getAsLong();
        if (ts < server - recvWindow || ts >= server + 1_000) {
            throw new BybitError(10002, "invalid request, please check your server timestamp or recv_window param. req_timestamp["
                    + ts + "],server_timestamp[" + server + "],recv_window[" + recvWindow + "]");
        }
        String payload = Signatures.restPayload(timestamp, apiKey, recvWindowText == null ? "" : recvWindowText,
                "GET".equals(method) ? (rawQuery == null ? "" : rawQuery) : body);
        if (!Signatures.matches(Signatures.hmacSha256(key.secret(), payload), h.getFirst("X-BAPI-SIGN"))) {
            throw new BybitError(10004, "error sign! origin_string[" + payload + "]");
        }
        return key;
    }

    private static Map<String, String> limitHeaders(int limit, int remaining, long resetAt) {
        return Map.of("X-Bapi-Limit", Integer.toString(limit), "X-Bapi-Limit-Status", Integer.toString(remaining),
                "X-Bapi-Limit-Reset-Timestamp", Long.toString(resetAt));
    }

    private ObjectNode envelope(int retCode, String retMsg, ObjectNode result) {
        ObjectNode n = F.objectNode();
        n.put("retCode", retCode);
        n.put("retMsg", retMsg);
        n.set("result", result);
        n.putObject("retExtInfo");
        n.put("time", exchange.clock.serverTime());
        return n;
    }

    private static Answer json(HttpExchange ex, int status, ObjectNode body, Map<String, String> headers) {
        return new Answer(Delivery.SEND, status, body.path("retCode").asInt(), "application/json; charset=utf-8", body.toString(), headers);
    }

    private static Answer text(HttpExchange ex, int status, String body) {
        return new Answer(Delivery.SEND, status, -1, "text/html; charset=utf-8", body, Map.of());
    }

    private static void send(HttpExchange ex, Answer a) {
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(a.status(), bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            // the client went away before the answer
        } finally {
            ex.close();
        }
    }
}
