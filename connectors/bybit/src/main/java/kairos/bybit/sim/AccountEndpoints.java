package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bybit's signed endpoints over the simulated account: order entry, order and execution queries, positions and
 * their settings, the wallet and the key's permissions. Query rules follow the documentation: linear queries need
 * a {@code symbol}, {@code baseCoin} or {@code settleCoin}; {@code /v5/order/realtime} returns open orders, or the
 * 500 most recent closed ones with {@code openOnly=1}, and finds an order by {@code orderId}/{@code orderLinkId}
 * whether open or recently closed; history and execution ranges are at most 7 days (7 days back by default), and
 * orders that ended without a fill are kept in the history for 24 h only.
 */
final class AccountEndpoints {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final long DAY = 86_400_000L;
    static final long WEEK = 7 * DAY;

    private AccountEndpoints() {
    }

    static void register(Map<String, SimRest.Route> routes, SimExchange ex) {
        routes.put("/v5/order/create", post("Order", (p, k) -> ids(ex.createOrder(p))));
        routes.put("/v5/order/amend", post("Order", (p, k) -> ids(ex.amendOrder(p))));
        routes.put("/v5/order/cancel", post("Order", (p, k) -> ids(ex.cancelOrder(p))));
        routes.put("/v5/order/cancel-all", post("Order", (p, k) -> {
            List<SimOrder> cancelled = ex.cancelAll(p);
            ObjectNode r = F.objectNode();
            ArrayNode list = r.putArray("list");
            cancelled.forEach(o -> list.add(ids(o)));
            r.put("success", "1");
            return r;
        }));
        routes.put("/v5/order/realtime", get((p, k) -> realtime(ex, p)));
        routes.put("/v5/order/history", get((p, k) -> history(ex, p)));
        routes.put("/v5/execution/list", get((p, k) -> executions(ex, p)));
        routes.put("/v5/position/list", get((p, k) -> positions(ex, p)));
        routes.put("/v5/position/set-leverage", post("Position", (p, k) -> {
            ex.setLeverage(p);
            return F.objectNode();
        }));
        routes.put("/v5/position/switch-mode", post("Position", (p, k) -> {
            ex.switchMode(p);
            return F.objectNode();
        }));
        routes.put("/v5/position/trading-stop", post("Position", (p, k) -> {
            ex.tradingStop(p);
            return F.objectNode();
        }));
        routes.put("/v5/account/wallet-balance", get((p, k) -> wallet(ex, p)));
        routes.put("/v5/user/query-api", get((p, k) -> apiKey(ex, k)));
    }

    private static SimRest.Route post(String permission, SimRest.Handler h) {
        return new SimRest.Route("POST", true, permission, h);
    }

    private static SimRest.Route get(SimRest.Handler h) {
        return new SimRest.Route("GET", true, null, h);
    }

    private static ObjectNode ids(SimOrder o) {
        ObjectNode r = F.objectNode();
        r.put("orderId", o.orderId);
        r.put("orderLinkId", o.orderLinkId);
        return r;
    }

    /** The symbol/baseCoin/settleCoin scope of a linear query; refuses a query with none. */
    private record Scope(String symbol, String baseCoin) {
        boolean contains(SimExchange ex, String s) {
            return (symbol == null || symbol.equals(s)) && (baseCoin == null || ex.markets.get(s).instrument.baseCoin().equals(baseCoin));
        }
    }

    private static Scope scope(SimExchange ex, Params p, boolean required) {
        String symbol = p.text("symbol");
        String baseCoin = p.text("baseCoin");
        String settleCoin = p.text("settleCoin");
        if (required && symbol == null && baseCoin == null && settleCoin == null) {
            throw BybitError.params("params error: symbol, baseCoin or settleCoin is required for category linear");
        }
        if (symbol != null) {
            ex.market(symbol);
        }
        if (settleCoin != null && !"USDT".equals(settleCoin)) {
            throw BybitError.params("params error: settleCoin " + settleCoin + " is not served (USDT only)");
        }
        return new Scope(symbol, baseCoin);
    }

    private static ObjectNode realtime(SimExchange ex, Params p) {
        MarketEndpoints.linear(p, false);
        synchronized (ex) {
            Scope scope = scope(ex, p, true);
            String orderId = p.text("orderId");
            String linkId = p.text("orderLinkId");
            Integer openOnly = p.integer("openOnly");
            String filter = p.text("orderFilter");
            int limit = p.limit("limit", 20, 50);
            List<SimOrder> all = newestFirst(ex.allOrders());
            List<SimOrder> closed = all.stream().filter(o -> !o.isOpen()).limit(SimExchange.RECENT_CLOSED).toList();
            List<SimOrder> pool;
            if (orderId != null || linkId != null) {
                pool = new ArrayList<>(all.stream().filter(SimOrder::isOpen).toList());
                pool.addAll(closed);
                pool = newestFirst(pool).stream()
                        .filter(o -> orderId != null ? o.orderId.equals(orderId) : o.orderLinkId.equals(linkId)).toList();
            } else if (openOnly != null && openOnly == 1) {
                pool = closed;
            } else if (openOnly == null || openOnly == 0) {
                pool = all.stream().filter(SimOrder::isOpen).toList();
            } else {
                throw BybitError.params("params error: openOnly must be 0 or 1, got " + openOnly);
            }
            List<SimOrder> list = pool.stream().filter(o -> scope.contains(ex, o.symbol) && SimExchange.matchesFilter(o, filter)).toList();
            return orderPage(ex, p, list, limit);
        }
    }

    private static ObjectNode history(SimExchange ex, Params p) {
        MarketEndpoints.linear(p, false);
        synchronized (ex) {
            Scope scope = scope(ex, p, false);
            long now = ex.clock.now();
            long[] range = range(p, now);
            String orderId = p.text("orderId");
            String linkId = p.text("orderLinkId");
            String status = p.text("orderStatus");
            String filter = p.text("orderFilter");
            int limit = p.limit("limit", 20, 50);
            Set<String> unfilled = Set.of("Cancelled", "Rejected", "Deactivated");
            List<SimOrder> list = newestFirst(ex.allOrders()).stream()
                    .filter(o -> scope.contains(ex, o.symbol) && SimExchange.matchesFilter(o, filter))
                    .filter(o -> orderId == null || o.orderId.equals(orderId))
                    .filter(o -> linkId == null || o.orderLinkId.equals(linkId))
                    .filter(o -> status == null || o.status.equals(status))
                    .filter(o -> o.createdTime >= range[0] && o.createdTime <= range[1])
                    .filter(o -> !(unfilled.contains(o.status) && o.cumExecQty.signum() == 0 && o.updatedTime < now - DAY))
                    .toList();
            return orderPage(ex, p, list, limit);
        }
    }

    private static ObjectNode orderPage(SimExchange ex, Params p, List<SimOrder> list, int limit) {
        Cursors.Page page = Cursors.page(p, list.size(), limit);
        ObjectNode r = F.objectNode();
        ArrayNode out = r.putArray("list");
        for (SimOrder o : list.subList(page.from(), page.to())) {
            out.add(PrivateJson.order(o, ex.markets.get(o.symbol).instrument, false));
        }
        r.put("nextPageCursor", page.next());
        r.put("category", "linear");
        return r;
    }

    private static List<SimOrder> newestFirst(List<SimOrder> orders) {
        List<SimOrder> out = new ArrayList<>(orders);
        out.sort(Comparator.comparingLong((SimOrder o) -> o.createdTime).thenComparingLong(o -> o.sequence).reversed());
        return out;
    }

    /** [start, end] by Bybit's rule: 7 days back by default, 7 days from a lone start, at most 7 days in all. */
    private static long[] range(Params p, long now) {
        Long start = p.longValue("startTime");
        Long end = p.longValue("endTime");
        if (start != null && end != null) {
            if (end < start) {
                throw BybitError.params("params error: endTime " + end + " is before startTime " + start);
            }
            if (end - start > WEEK) {
                throw BybitError.params("params error: the time range between startTime and endTime cannot exceed 7 days");
            }
            return new long[] {start, end};
        }
        if (start != null) {
            return new long[] {start, start + WEEK};
        }
        if (end != null) {
            return new long[] {end - WEEK, end};
        }
        return new long[] {now - WEEK, now};
    }

    private static ObjectNode executions(SimExchange ex, Params p) {
        MarketEndpoints.linear(p, false);
        synchronized (ex) {
            Scope scope = scope(ex, p, false);
            long[] range = range(p, ex.clock.now());
            String orderId = p.text("orderId");
            String linkId = p.text("orderLinkId");
            String execType = p.text("execType");
            int limit = p.limit("limit", 50, 100);
            List<Execution> all = new ArrayList<>(ex.executions());
            all.sort(Comparator.comparingLong(Execution::execTime).thenComparingLong(Execution::seq).reversed());
            List<Execution> list = all.stream()
                    .filter(e -> orderId != null ? e.orderId().equals(orderId)
                            : linkId != null ? e.orderLinkId().equals(linkId) : scope.contains(ex, e.symbol()))
                    .filter(e -> execType == null || e.execType().equals(execType))
                    .filter(e -> e.execTime() >= range[0] && e.execTime() <= range[1])
                    .toList();
            Cursors.Page page = Cursors.page(p, list.size(), limit);
            ObjectNode r = F.objectNode();
            r.put("nextPageCursor", page.next());
            r.put("category", "linear");
            ArrayNode out = r.putArray("list");
            for (Execution e : list.subList(page.from(), page.to())) {
                out.add(PrivateJson.execution(e, ex.markets.get(e.symbol()).instrument, false));
            }
            return r;
        }
    }

    private static ObjectNode positions(SimExchange ex, Params p) {
        MarketEndpoints.linear(p, false);
        synchronized (ex) {
            String symbol = p.text("symbol");
            String settleCoin = p.text("settleCoin");
            if (symbol == null && settleCoin == null) {
                throw BybitError.params("params error: symbol or settleCoin is required for category linear");
            }
            List<SimPosition> list = new ArrayList<>();
            if (symbol != null) {
                ex.market(symbol);
                list.add(ex.positionOrFlat(symbol));
            } else {
                if (!"USDT".equals(settleCoin)) {
                    throw BybitError.params("params error: settleCoin " + settleCoin + " is not served (USDT only)");
                }
                ex.positions().values().stream().filter(SimPosition::isOpen).forEach(list::add);
            }
            int limit = p.limit("limit", 20, 200);
            Cursors.Page page = Cursors.page(p, list.size(), limit);
            ObjectNode r = F.objectNode();
            ArrayNode out = r.putArray("list");
            for (SimPosition pos : list.subList(page.from(), page.to())) {
                SymbolMarket m = ex.markets.get(pos.symbol);
                out.add(PrivateJson.position(pos, m.instrument, m.mark(), false));
            }
            r.put("nextPageCursor", page.next());
            r.put("category", "linear");
            return r;
        }
    }

    private static ObjectNode wallet(SimExchange ex, Params p) {
        String accountType = p.required("accountType");
        if (!"UNIFIED".equals(accountType)) {
            throw BybitError.params("params error: accountType must be UNIFIED (the simulated account is a unified trading account), got '"
                    + accountType + "'");
        }
        String coin = p.text("coin");
        ObjectNode r = F.objectNode();
        ObjectNode account = PrivateJson.wallet(ex.wallet());
        if (coin != null && !List.of(coin.split(",")).contains("USDT")) {
            account.putArray("coin");
        }
        r.putArray("list").add(account);
        return r;
    }

    private static ObjectNode apiKey(SimExchange ex, ApiKey key) {
        ObjectNode r = F.objectNode();
        r.put("id", Long.toString(Math.abs((long) key.key().hashCode())));
        r.put("note", "kairos simulator");
        r.put("apiKey", key.key());
        r.put("readOnly", key.readOnly() ? 1 : 0);
        r.put("secret", "");
        ObjectNode perms = r.putObject("permissions");
        key.permissions().forEach((group, list) -> {
            ArrayNode a = perms.putArray(group);
            list.forEach(a::add);
        });
        ArrayNode ips = r.putArray("ips");
        key.ips().forEach(ips::add);
        r.put("type", 1);
        r.put("deadlineDay", 90);
        r.put("expiredAt", "");
        r.put("createdAt", java.time.Instant.ofEpochMilli(ex.clock.now()).toString());
        r.put("unified", 0);
        r.put("uta", 1);
        r.put("userID", ex.settings.userId());
        r.put("inviterID", 0);
        r.put("vipLevel", "No VIP");
        r.put("mktMakerLevel", "0");
        r.put("affiliateID", 0);
        r.put("rsaPublicKey", "");
        r.put("isMaster", true);
        r.put("parentUid", "0");
        r.put("kycLevel", "LEVEL_DEFAULT");
        r.put("kycRegion", "");
        r.put("userIDInt64", Long.toString(ex.settings.userId()));
        r.put("inviterIDInt64", "0");
        r.put("affiliateIDInt64", "0");
        return r;
    }
}
