package kairos.bybit.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kairos.bybit.http.BybitRestClient.Priority;
import kairos.bybit.parsing.BybitApiKey;
import kairos.bybit.parsing.BybitExecution;
import kairos.bybit.parsing.BybitJson;
import kairos.bybit.parsing.BybitOrder;
import kairos.bybit.parsing.BybitOrderAck;
import kairos.bybit.parsing.BybitPosition;
import kairos.bybit.parsing.BybitWallet;

/**
 * Bybit V5 signed calls of a USDT-perpetual account (category {@code linear}, settle coin USDT, one-way position
 * mode), typed, every page fetched. Reads are protective (they resolve orders and reconcile, so they go out while
 * the circuit breaker is open); writes take the caller's {@link Priority}, except cancels, which are protective.
 *
 * <p>Start-up checks the app runs before trading: {@link #checkKeyPermissions()}, then per symbol
 * {@link #useOneWayMode} and {@link #setLeverage} (both idempotent: Bybit's "not modified" is success).
 */
public final class BybitTradeApi {
    static final String CATEGORY = "linear";
    static final String SETTLE_COIN = "USDT";
    /** Bybit's widest execution-list window. */
    static final long EXECUTION_WINDOW_MS = 7L * 24 * 3600 * 1000;

    private final BybitRestClient rest;

    public BybitTradeApi(BybitRestClient rest) {
        this.rest = rest;
    }

    public BybitRestClient rest() {
        return rest;
    }

    /** {@code POST /v5/order/create} with a body built by the caller (it must carry the orderLinkId). */
    public BybitOrderAck createOrder(Map<String, ?> body, Priority priority) {
        return ack(rest.post("/v5/order/create", body, priority));
    }

    /** {@code POST /v5/order/amend}. */
    public BybitOrderAck amendOrder(Map<String, ?> body, Priority priority) {
        return ack(rest.post("/v5/order/amend", body, priority));
    }

    /** {@code POST /v5/order/cancel} by orderLinkId. */
    public BybitOrderAck cancelOrder(String symbol, String orderLinkId) {
        Map<String, Object> body = body(symbol);
        body.put("orderLinkId", orderLinkId);
        return ack(rest.post("/v5/order/cancel", body, Priority.PROTECTIVE));
    }

    /** {@code POST /v5/order/cancel-all} of one symbol, conditional orders included; the orders it cancelled. */
    public List<BybitOrderAck> cancelAll(String symbol) {
        BybitReply reply = rest.post("/v5/order/cancel-all", body(symbol), Priority.PROTECTIVE);
        return BybitJson.list(reply.result(), "list", BybitOrderAck.class, reply.endpoint(), "result");
    }

    /**
     * The order with this orderLinkId: {@code /v5/order/realtime} (open orders and the 500 most recently closed),
     * else {@code /v5/order/history}. Empty only when both say they have no such order — note that Bybit keeps
     * orders cancelled or rejected without any fill in its history for 24 hours only.
     */
    public Optional<BybitOrder> findOrder(String symbol, String orderLinkId) {
        for (String path : List.of("/v5/order/realtime", "/v5/order/history")) {
            Map<String, String> q = Pages.linear(symbol);
            q.put("orderLinkId", orderLinkId);
            BybitReply reply = rest.get(path, q, Priority.PROTECTIVE);
            List<BybitOrder> list = BybitJson.list(reply.result(), "list", BybitOrder.class, reply.endpoint(), "result");
            Optional<BybitOrder> match = list.stream().filter(o -> orderLinkId.equals(o.orderLinkId())).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }

    /** Every open order of USDT contracts ({@code /v5/order/realtime}, conditional ones included). */
    public List<BybitOrder> openOrders() {
        Map<String, String> q = Pages.linear(null);
        q.put("settleCoin", SETTLE_COIN);
        q.put("openOnly", "0");
        q.put("limit", "50");
        String path = "/v5/order/realtime";
        return Pages.all(path, q, p -> rest.get(path, p, Priority.PROTECTIVE), BybitOrder.class);
    }

    /** The executions of one order ({@code /v5/execution/list} by orderLinkId; Bybit's last 7 days). */
    public List<BybitExecution> executions(String symbol, String orderLinkId) {
        Map<String, String> q = Pages.linear(symbol);
        q.put("orderLinkId", orderLinkId);
        q.put("limit", "100");
        String path = "/v5/execution/list";
        return Pages.all(path, q, p -> rest.get(path, p, Priority.PROTECTIVE), BybitExecution.class);
    }

    /**
     * Every execution of USDT contracts in {@code [from, to]} ({@code /v5/execution/list}, in windows of Bybit's
     * 7-day maximum, every page), oldest window first.
     */
    public List<BybitExecution> executionsBetween(long from, long to) {
        List<BybitExecution> out = new ArrayList<>();
        String path = "/v5/execution/list";
        for (long start = from; start <= to; start += EXECUTION_WINDOW_MS) {
            Map<String, String> q = Pages.linear(null);
            q.put("settleCoin", SETTLE_COIN);
            q.put("startTime", Long.toString(start));
            q.put("endTime", Long.toString(Math.min(to, start + EXECUTION_WINDOW_MS - 1)));
            q.put("limit", "100");
            out.addAll(Pages.all(path, q, p -> rest.get(path, p, Priority.PROTECTIVE), BybitExecution.class));
        }
        return out;
    }

    /** Every USDT-contract position with a size ({@code /v5/position/list}) and Bybit's time of the answer. */
    public Positions positions() {
        Map<String, String> q = Pages.linear(null);
        q.put("settleCoin", SETTLE_COIN);
        q.put("limit", "200");
        String path = "/v5/position/list";
        long[] time = {0};
        List<BybitPosition> list = Pages.all(path, q, p -> {
            BybitReply r = rest.get(path, p, Priority.PROTECTIVE);
            time[0] = time[0] == 0 ? r.time() : time[0];
            return r;
        }, BybitPosition.class);
        return new Positions(list, time[0]);
    }

    /**
     * One symbol's position ({@code /v5/position/list} by symbol), also when flat: Bybit then still reports its
     * {@code seq}, the cross sequence of the last execution it includes (-1: never traded).
     */
    public Optional<BybitPosition> position(String symbol) {
        String path = "/v5/position/list";
        BybitReply reply = rest.get(path, Pages.linear(symbol), Priority.PROTECTIVE);
        return BybitJson.list(reply.result(), "list", BybitPosition.class, reply.endpoint(), "result").stream()
                .filter(p -> symbol.equals(p.symbol()) && (p.positionIdx() == null || p.positionIdx() == 0))
                .findFirst();
    }

    /** Positions and the server time of the first page's answer (what a reconciliation compares against). */
    public record Positions(List<BybitPosition> list, long time) {
    }

    /** The unified account's wallet ({@code /v5/account/wallet-balance}). */
    public BybitWallet wallet() {
        BybitReply reply = rest.get("/v5/account/wallet-balance", new LinkedHashMap<>(Map.of("accountType", "UNIFIED")),
                Priority.PROTECTIVE);
        List<BybitWallet> list = BybitJson.list(reply.result(), "list", BybitWallet.class, reply.endpoint(), "result");
        return BybitJson.required(list.isEmpty() ? null : list.getFirst(), reply.endpoint(), "result.list[0]");
    }

    /** What the key may do ({@code /v5/user/query-api}). */
    public BybitApiKey apiKey() {
        BybitReply reply = rest.get("/v5/user/query-api", Map.of(), Priority.ROUTINE);
        return BybitJson.convert(reply.result(), BybitApiKey.class, reply.endpoint(), "result");
    }

    /**
     * Refuses a key unfit for live trading (R15.1).
     *
     * @throws UnsafeApiKeyException naming each permission that is missing or too wide
     */
    public BybitApiKey checkKeyPermissions() {
        BybitApiKey key = apiKey();
        List<String> problems = key.problems();
        if (!problems.isEmpty()) {
            throw new UnsafeApiKeyException(problems);
        }
        return key;
    }

    /**
     * One-way position mode for the symbol ({@code POST /v5/position/switch-mode}, mode 0).
     *
     * @return true when it changed, false when it already was one-way (110025)
     */
    public boolean useOneWayMode(String symbol) {
        Map<String, Object> body = body(symbol);
        body.put("mode", 0);
        return changed(() -> rest.post("/v5/position/switch-mode", body, Priority.ROUTINE),
                BybitApiException.POSITION_MODE_NOT_MODIFIED);
    }

    /**
     * Sets buy and sell leverage of the symbol ({@code POST /v5/position/set-leverage}).
     *
     * @return true when it changed, false when it already was that (110043)
     */
    public boolean setLeverage(String symbol, BigDecimal leverage) {
        Map<String, Object> body = body(symbol);
        body.put("buyLeverage", leverage.toPlainString());
        body.put("sellLeverage", leverage.toPlainString());
        return changed(() -> rest.post("/v5/position/set-leverage", body, Priority.ROUTINE),
                BybitApiException.LEVERAGE_NOT_MODIFIED);
    }

    private static boolean changed(Runnable call, int notModified) {
        try {
            call.run();
            return true;
        } catch (BybitApiException e) {
            if (e.retCode() == notModified) {
                return false;
            }
            throw e;
        }
    }

    private static BybitOrderAck ack(BybitReply reply) {
        return BybitJson.convert(reply.result(), BybitOrderAck.class, reply.endpoint(), "result");
    }

    private static Map<String, Object> body(String symbol) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", CATEGORY);
        body.put("symbol", symbol);
        return body;
    }
}
