package kairos.bybit.http;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.bybit.parsing.BybitAccountRatio;
import kairos.bybit.parsing.BybitInstrument;
import kairos.bybit.parsing.BybitJson;
import kairos.bybit.parsing.BybitPayloadException;
import kairos.bybit.parsing.BybitTicker;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;

/**
 * Bybit V5 public market data of USDT perpetuals (category {@code linear}), typed, every page fetched: klines,
 * funding history, open interest, the long/short account ratio, tickers, instruments. Ranges are
 * {@code [from, to)} in epoch ms; results are in ascending time, without duplicates. Routine calls: while the
 * circuit breaker is open they fail fast ({@link BybitNotSentException}).
 */
public final class BybitMarketApi {
    static final int KLINE_PAGE = 1000;
    static final int FUNDING_PAGE = 200;

    private final BybitRestClient rest;

    public BybitMarketApi(BybitRestClient rest) {
        this.rest = rest;
    }

    /**
     * Candles of {@code [from, to)} ({@code GET /v5/market/kline}, 1000 per request, walked back from {@code to}).
     *
     * @throws IllegalArgumentException for a timeframe Bybit has no interval for (8h)
     */
    public List<Bar> klines(String symbol, Timeframe timeframe, long from, long to) {
        String interval = interval(timeframe);
        return walkBack("/v5/market/kline", symbol, from, to, KLINE_PAGE, "startTime", "start", "end",
                q -> q.put("interval", interval), (row, where, at) -> {
                    Bar bar = kline(row, where, at);
                    return new Timed<>(bar.openTime(), bar);
                });
    }

    /** Funding settlements of {@code [from, to)} ({@code GET /v5/market/funding/history}, 200 per request). */
    public List<FundingRate> fundingHistory(String symbol, long from, long to) {
        return walkBack("/v5/market/funding/history", symbol, from, to, FUNDING_PAGE, "fundingRateTimestamp",
                "startTime", "endTime", q -> { }, (row, where, at) -> {
                    long t = BybitJson.millis(row.get("fundingRateTimestamp"), where, at + ".fundingRateTimestamp");
                    double rate = BybitJson.decimal(row.get("fundingRate"), where, at + ".fundingRate").doubleValue();
                    return new Timed<>(t, new FundingRate(t, rate));
                });
    }

    /** A row of a time series and its time. */
    private record Timed<T>(long time, T value) {
    }

    /** Reads one row of a listing; {@code at} is its path for messages. */
    @FunctionalInterface
    private interface RowReader<T> {
        Timed<T> read(JsonNode row, String where, String at);
    }

    /**
     * A time series Bybit lists newest first, a page at a time and without a cursor (klines, funding): asks for
     * {@code [from, end]}, and while a page comes back full, again up to just before its oldest row.
     */
    private <T> List<T> walkBack(String path, String symbol, long from, long to, int page, String timeName,
                                 String startParam, String endParam, Consumer<Map<String, String>> extra,
                                 RowReader<T> reader) {
        TreeMap<Long, T> rows = new TreeMap<>();
        long end = to - 1;
        while (end >= from) {
            Map<String, String> q = Pages.linear(symbol);
            extra.accept(q);
            q.put(startParam, Long.toString(from));
            q.put(endParam, Long.toString(end));
            q.put("limit", Integer.toString(page));
            BybitReply reply = rest.publicGet(path, q);
            JsonNode list = reply.result().path("list");
            if (!list.isArray()) {
                throw new BybitPayloadException(reply.endpoint() + ": result.list is missing, expected rows with "
                        + timeName);
            }
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i < list.size(); i++) {
                Timed<T> row = reader.read(list.get(i), reply.endpoint(), "result.list[" + i + "]");
                oldest = Math.min(oldest, row.time());
                if (row.time() >= from && row.time() < to) {
                    rows.put(row.time(), row.value());
                }
            }
            if (list.size() < page || oldest == Long.MAX_VALUE) {
                break;
            }
            end = oldest - 1;
        }
        return List.copyOf(rows.values());
    }

    /**
     * Open interest of {@code [from, to)} at {@code intervalTime} ({@code 5min}, {@code 15min}, {@code 30min},
     * {@code 1h}, {@code 4h}, {@code 1d}) ({@code GET /v5/market/open-interest}, cursor pages).
     */
    public List<MarketEvent.OpenInterest> openInterest(String symbol, String intervalTime, long from, long to) {
        Map<String, String> q = cursorRange(symbol, "intervalTime", intervalTime, from, to, 200);
        String path = "/v5/market/open-interest";
        TreeMap<Long, MarketEvent.OpenInterest> out = new TreeMap<>();
        for (OpenInterestRow r : Pages.all(path, q, p -> rest.publicGet(path, p), OpenInterestRow.class)) {
            long t = BybitJson.required(r.timestamp(), "GET " + path, "timestamp");
            BigDecimal v = BybitJson.required(r.openInterest(), "GET " + path, "openInterest");
            if (t >= from && t < to) {
                out.put(t, new MarketEvent.OpenInterest(symbol, t, 0, v.doubleValue()));
            }
        }
        return List.copyOf(out.values());
    }

    /** The query of a cursor-paged series of {@code [from, to)} at one interval. */
    private static Map<String, String> cursorRange(String symbol, String intervalName, String interval, long from,
                                                   long to, int limit) {
        Map<String, String> q = Pages.linear(symbol);
        q.put(intervalName, interval);
        q.put("startTime", Long.toString(from));
        q.put("endTime", Long.toString(to - 1));
        q.put("limit", Integer.toString(limit));
        return q;
    }

    /** One row of open interest. */
    record OpenInterestRow(BigDecimal openInterest, Long timestamp) {
    }

    /**
     * Long/short account ratio of {@code [from, to)} per {@code period} ({@code 5min} … {@code 1d})
     * ({@code GET /v5/market/account-ratio}, cursor pages).
     */
    public List<BybitAccountRatio> accountRatio(String symbol, String period, long from, long to) {
        Map<String, String> q = cursorRange(symbol, "period", period, from, to, 500);
        String path = "/v5/market/account-ratio";
        TreeMap<Long, BybitAccountRatio> out = new TreeMap<>();
        for (BybitAccountRatio r : Pages.all(path, q, p -> rest.publicGet(path, p), BybitAccountRatio.class)) {
            long t = BybitJson.required(r.timestamp(), "GET " + path, "timestamp");
            if (t >= from && t < to) {
                out.put(t, r);
            }
        }
        return List.copyOf(out.values());
    }

    /** Tickers ({@code GET /v5/market/tickers}); {@code symbol} null for every linear contract. */
    public List<BybitTicker> tickers(String symbol) {
        BybitReply reply = rest.publicGet("/v5/market/tickers", Pages.linear(symbol));
        return BybitJson.list(reply.result(), "list", BybitTicker.class, reply.endpoint(), "result");
    }

    /** Instruments ({@code GET /v5/market/instruments-info}, cursor pages); {@code symbol} null for all. */
    public List<BybitInstrument> instruments(String symbol) {
        Map<String, String> q = Pages.linear(symbol);
        q.put("limit", "1000");
        String path = "/v5/market/instruments-info";
        return Pages.all(path, q, p -> rest.publicGet(path, p), BybitInstrument.class);
    }

    /**
     * The instruments of the given symbols, by symbol.
     *
     * @throws IllegalArgumentException naming a symbol Bybit does not list as a linear contract
     */
    public Map<String, BybitInstrument> instruments(Collection<String> symbols) {
        Map<String, BybitInstrument> out = new LinkedHashMap<>();
        for (String s : symbols) {
            List<BybitInstrument> found = instruments(s);
            BybitInstrument i = found.stream().filter(x -> s.equals(x.symbol())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("symbol " + s
                            + " is not a USDT perpetual (linear) instrument on Bybit"));
            out.put(s, i);
        }
        return out;
    }

    /** Bybit's kline interval of a timeframe. */
    static String interval(Timeframe tf) {
        return switch (tf) {
            case M1 -> "1";
            case M3 -> "3";
            case M5 -> "5";
            case M15 -> "15";
            case M30 -> "30";
            case H1 -> "60";
            case H4 -> "240";
            case D1 -> "D";
            case H8 -> throw new IllegalArgumentException("Bybit has no 8h kline interval; fetch 4h or 1h and resample");
        };
    }

    private static Bar kline(JsonNode row, String where, String path) {
        if (row == null || !row.isArray() || row.size() < 6) {
            throw new BybitPayloadException(where + ": " + path + " is " + row
                    + ", expected [startTime, open, high, low, close, volume, turnover]");
        }
        String[] names = {"open", "high", "low", "close", "volume"};
        double[] v = new double[5];
        for (int k = 0; k < 5; k++) {
            v[k] = BybitJson.decimal(row.get(k + 1), where, path + "[" + (k + 1) + "] (" + names[k] + ")").doubleValue();
        }
        return new Bar(BybitJson.millis(row.get(0), where, path + "[0] (startTime)"), v[0], v[1], v[2], v[3], v[4]);
    }
}
