package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static kairos.bybit.sim.ExchangeNumbers.decimal;
import static kairos.bybit.sim.ExchangeNumbers.plain;

/**
 * Bybit's public market endpoints over the simulated market, answered from what the tape has played up to the
 * market clock (never from its future). Lists are newest first, as Bybit sends them; a kline list includes the
 * candle still open.
 */
final class MarketEndpoints {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, Long> PERIODS = Map.of("5min", 300_000L, "15min", 900_000L, "30min", 1_800_000L,
            "1h", 3_600_000L, "4h", 14_400_000L, "1d", 86_400_000L);

    private MarketEndpoints() {
    }

    /**
     * @param serverClock the clock signed requests are checked against, which {@code /v5/market/time} reports: the
     *                    market clock plus skew, or with wall-clock timestamps the wall clock plus skew (a client syncs
     *                    its signing clock with it, as with the real exchange)
     */
    static void register(Map<String, SimRest.Route> routes, SimExchange ex, java.util.function.LongSupplier serverClock) {
        routes.put("/v5/market/time", get((p, k) -> {
            long now = serverClock.getAsLong();
            ObjectNode r = F.objectNode();
            r.put("timeSecond", Long.toString(now / 1000));
            r.put("timeNano", now + "000000");
            return r;
        }));
        routes.put("/v5/market/instruments-info", get((p, k) -> instruments(ex, p)));
        routes.put("/v5/market/kline", get((p, k) -> kline(ex, p)));
        routes.put("/v5/market/funding/history", get((p, k) -> funding(ex, p)));
        routes.put("/v5/market/open-interest", get((p, k) -> openInterest(ex, p)));
        routes.put("/v5/market/account-ratio", get((p, k) -> accountRatio(ex, p)));
        routes.put("/v5/market/tickers", get((p, k) -> tickers(ex, p)));
        routes.put("/v5/market/orderbook", get((p, k) -> orderbook(ex, p)));
        routes.put("/v5/market/recent-trade", get((p, k) -> recentTrades(ex, p)));
    }

    private static SimRest.Route get(SimRest.Handler h) {
        return new SimRest.Route("GET", false, null, h);
    }

    static void linear(Params p, boolean defaultLinear) {
        String category = defaultLinear ? p.text("category", "linear") : p.required("category");
        if (!"linear".equals(category)) {
            throw BybitError.params("params error: category " + category + " is not served by the simulator (linear only)");
        }
    }

    private static ObjectNode instruments(SimExchange ex, Params p) {
        linear(p, false);
        synchronized (ex) {
            long now = ex.clock.now();
            String symbol = p.text("symbol");
            String status = p.text("status", "Trading");
            String baseCoin = p.text("baseCoin");
            int limit = p.limit("limit", 500, 1000);
            ObjectNode r = F.objectNode();
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            List<SimInstrument> all = new ArrayList<>();
            for (SymbolMarket m : ex.markets.values()) {
                SimInstrument i = m.instrument;
                if ((symbol == null || symbol.equals(i.symbol())) && (baseCoin == null || baseCoin.equals(i.baseCoin()))
                        && (symbol != null || status.equals(i.status(now)))) {
                    all.add(i);
                }
            }
            Cursors.Page page = Cursors.page(p, all.size(), limit);
            List<String> ids = new ArrayList<>(ex.markets.keySet());
            for (SimInstrument i : all.subList(page.from(), page.to())) {
                list.add(instrument(i, ids.indexOf(i.symbol()) + 1, now));
            }
            r.put("nextPageCursor", page.next());
            return r;
        }
    }

    private static ObjectNode instrument(SimInstrument i, int symbolId, long now) {
        ObjectNode n = F.objectNode();
        n.put("symbol", i.symbol());
        n.put("symbolId", symbolId);
        n.put("contractType", "LinearPerpetual");
        n.put("status", i.status(now));
        n.put("baseCoin", i.baseCoin());
        n.put("quoteCoin", "USDT");
        n.put("launchTime", Long.toString(i.launchTime()));
        n.put("deliveryTime", Long.toString(i.deliveryTime()));
        n.put("deliveryFeeRate", "");
        n.put("priceScale", Integer.toString(i.priceScale()));
        ObjectNode lev = n.putObject("leverageFilter");
        lev.put("minLeverage", "1");
        lev.put("maxLeverage", i.maxLeverage().setScale(2).toPlainString());
        lev.put("leverageStep", "0.01");
        ObjectNode price = n.putObject("priceFilter");
        price.put("minPrice", i.price(i.tickSize()));
        price.put("maxPrice", i.price(i.tickSize().multiply(BigDecimal.valueOf(19_999_998))));
        price.put("tickSize", i.price(i.tickSize()));
        ObjectNode lot = n.putObject("lotSizeFilter");
        lot.put("maxOrderQty", i.qty(i.maxOrderQty()));
        lot.put("minOrderQty", i.qty(i.minOrderQty()));
        lot.put("qtyStep", i.qty(i.qtyStep()));
        lot.put("postOnlyMaxOrderQty", i.qty(i.maxOrderQty()));
        lot.put("maxMktOrderQty", i.qty(i.maxMktOrderQty()));
        lot.put("minNotionalValue", plain(i.minNotionalValue()));
        n.put("unifiedMarginTrade", true);
        n.put("fundingInterval", 480);
        n.put("settleCoin", "USDT");
        n.put("copyTrading", "both");
        n.put("upperFundingRate", "0.005");
        n.put("lowerFundingRate", "-0.005");
        n.put("isPreListing", false);
        n.putNull("preListingInfo");
        ObjectNode risk = n.putObject("riskParameters");
        risk.put("priceLimitRatioX", "0.01");
        risk.put("priceLimitRatioY", "0.02");
        n.put("symbolType", "");
        return n;
    }

    private static ObjectNode kline(SimExchange ex, Params p) {
        linear(p, true);
        String interval = p.required("interval");
        if (!KlineIntervals.isValid(interval)) {
            throw BybitError.params("params error: interval must be one of " + KlineIntervals.ALL + " (W and M are not served"
                    + " by the simulator), got '" + interval + "'");
        }
        int limit = p.limit("limit", 200, 1000);
        Long start = p.longValue("start");
        Long end = p.longValue("end");
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            long ms = KlineIntervals.millis(interval);
            long now = ex.clock.now();
            long to = Math.min(end == null ? now : end, now);
            List<Kline> bars;
            if (start != null && end == null) {
                bars = m.candles.range(ms, start, Math.min(to, start + (limit - 1) * ms));
            } else {
                long from = Math.max(start == null ? Long.MIN_VALUE / 2 : start, Math.floorDiv(to, ms) * ms - (limit - 1) * ms);
                bars = m.candles.range(ms, from, to);
            }
            ObjectNode r = F.objectNode();
            r.put("symbol", m.instrument.symbol());
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            SimInstrument i = m.instrument;
            for (int k = bars.size() - 1; k >= 0; k--) {
                Kline b = bars.get(k);
                list.addArray().add(Long.toString(b.start())).add(i.price(BigDecimal.valueOf(b.open())))
                        .add(i.price(BigDecimal.valueOf(b.high()))).add(i.price(BigDecimal.valueOf(b.low())))
                        .add(i.price(BigDecimal.valueOf(b.close()))).add(decimal(b.volume(), 6)).add(decimal(b.turnover(), 6));
            }
            return r;
        }
    }

    private static ObjectNode funding(SimExchange ex, Params p) {
        linear(p, false);
        int limit = p.limit("limit", 200, 200);
        Long start = p.longValue("startTime");
        Long end = p.longValue("endTime");
        if (start != null && end == null) {
            throw BybitError.params("params error: passing only startTime is not allowed; pass endTime too, or only endTime");
        }
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            long to = Math.min(end == null ? ex.clock.now() : end, ex.clock.now());
            NavigableMap<Long, Double> range = m.fundingSettled.subMap(start == null ? Long.MIN_VALUE : start, true, to, true)
                    .descendingMap();
            ObjectNode r = F.objectNode();
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            for (Map.Entry<Long, Double> e : range.entrySet()) {
                if (list.size() >= limit) {
                    break;
                }
                ObjectNode n = list.addObject();
                n.put("symbol", m.instrument.symbol());
                n.put("fundingRate", decimal(e.getValue(), 8));
                n.put("fundingRateTimestamp", Long.toString(e.getKey()));
            }
            return r;
        }
    }

    /** One value of a series at a period boundary. */
    private record Sample(long time, double value) {
    }

    /** A series sampled at period boundaries, newest first: the last value at or before each boundary. */
    private static List<Sample> sampled(TreeMap<Long, Double> series, long period, Long start, Long end, long now) {
        List<Sample> out = new ArrayList<>();
        if (series.isEmpty()) {
            return out;
        }
        long to = Math.floorDiv(Math.min(end == null ? now : end, now), period) * period;
        long from = Math.max(start == null ? Long.MIN_VALUE : start, Math.floorDiv(series.firstKey(), period) * period);
        for (long t = to; t >= from; t -= period) {
            Map.Entry<Long, Double> e = series.floorEntry(t);
            out.add(new Sample(t, (e == null ? series.firstEntry() : e).getValue()));
        }
        return out;
    }

    private static ObjectNode openInterest(SimExchange ex, Params p) {
        linear(p, false);
        String intervalTime = p.required("intervalTime");
        Long period = PERIODS.get(intervalTime);
        if (period == null) {
            throw BybitError.params("params error: intervalTime must be one of 5min, 15min, 30min, 1h, 4h, 1d, got '" + intervalTime + "'");
        }
        int limit = p.limit("limit", 50, 200);
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            List<Sample> samples = sampled(m.openInterestHistory, period, p.longValue("startTime"), p.longValue("endTime"),
                    ex.clock.now());
            Cursors.Page page = Cursors.page(p, samples.size(), limit);
            ObjectNode r = F.objectNode();
            r.put("symbol", m.instrument.symbol());
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            for (int k = page.from(); k < page.to(); k++) {
                ObjectNode n = list.addObject();
                n.put("openInterest", decimal(samples.get(k).value(), 8));
                n.put("singleOpenInterest", decimal(samples.get(k).value(), 8));
                n.put("timestamp", Long.toString(samples.get(k).time()));
            }
            r.put("nextPageCursor", page.next());
            return r;
        }
    }

    private static ObjectNode accountRatio(SimExchange ex, Params p) {
        linear(p, false);
        String periodText = p.required("period");
        Long period = PERIODS.get(periodText);
        if (period == null) {
            throw BybitError.params("params error: period must be one of 5min, 15min, 30min, 1h, 4h, 1d, got '" + periodText + "'");
        }
        int limit = p.limit("limit", 50, 500);
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            List<Sample> samples = sampled(m.longShortHistory, period, p.longValue("startTime"), p.longValue("endTime"),
                    ex.clock.now());
            Cursors.Page page = Cursors.page(p, samples.size(), limit);
            ObjectNode r = F.objectNode();
            ArrayNode list = r.putArray("list");
            for (int k = page.from(); k < page.to(); k++) {
                double ratio = samples.get(k).value();
                ObjectNode n = list.addObject();
                n.put("symbol", m.instrument.symbol());
                n.put("buyRatio", decimal(ratio / (1 + ratio), 4));
                n.put("sellRatio", decimal(1 / (1 + ratio), 4));
                n.put("timestamp", Long.toString(samples.get(k).time()));
            }
            r.put("nextPageCursor", page.next());
            return r;
        }
    }

    private static ObjectNode tickers(SimExchange ex, Params p) {
        linear(p, false);
        synchronized (ex) {
            String symbol = p.text("symbol");
            ObjectNode r = F.objectNode();
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            for (SymbolMarket m : symbol == null ? ex.markets.values() : List.of(ex.market(symbol))) {
                ObjectNode n = list.addObject();
                Map<String, String> fields = ex.tickerFields(m, ex.clock.now());
                fields.remove("tickDirection");
                fields.forEach(n::put);
                n.put("predictedDeliveryPrice", "");
                n.put("basisRate", "");
                n.put("deliveryFeeRate", "");
                n.put("basis", "");
                n.put("basisRateYear", "");
            }
            return r;
        }
    }

    private static ObjectNode orderbook(SimExchange ex, Params p) {
        linear(p, false);
        int limit = p.limit("limit", 25, 500);
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            ObjectNode r = F.objectNode();
            r.put("s", m.instrument.symbol());
            r.set("a", levels(m, false, limit));
            r.set("b", levels(m, true, limit));
            r.put("ts", ex.clock.now());
            r.put("u", m.book.updateId());
            r.put("seq", m.book.seq());
            r.put("cts", ex.clock.now());
            return r;
        }
    }

    private static ArrayNode levels(SymbolMarket m, boolean bids, int depth) {
        ArrayNode a = F.arrayNode();
        for (BigDecimal[] l : m.book.levels(bids, depth)) {
            a.addArray().add(m.instrument.price(l[0])).add(m.instrument.qty(l[1]));
        }
        return a;
    }

    private static ObjectNode recentTrades(SimExchange ex, Params p) {
        linear(p, false);
        int limit = p.limit("limit", 500, 1000);
        synchronized (ex) {
            SymbolMarket m = ex.market(p.required("symbol"));
            ObjectNode r = F.objectNode();
            r.put("category", "linear");
            ArrayNode list = r.putArray("list");
            for (SymbolMarket.PublicTrade t : m.recentTrades) {
                if (list.size() >= limit) {
                    break;
                }
                ObjectNode n = list.addObject();
                n.put("execId", t.id());
                n.put("symbol", m.instrument.symbol());
                n.put("price", m.instrument.price(t.price()));
                n.put("size", m.instrument.qty(t.qty()));
                n.put("side", t.side());
                n.put("time", Long.toString(t.time()));
                n.put("isBlockTrade", false);
                n.put("isRPITrade", false);
                n.put("seq", Long.toString(t.seq()));
            }
            return r;
        }
    }
}
