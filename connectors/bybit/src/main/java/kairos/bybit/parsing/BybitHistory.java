package kairos.bybit.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kline back-fill's answers as market events, one parser for the live feed and for the replay of its
 * recording (so both feed the kernel the same history): {@code GET /v5/market/kline?...} request line plus body →
 * the closed bars, oldest first.
 */
public final class BybitHistory {
    private BybitHistory() {
    }

    /**
     * The bars of one answer whose start lies within the request's {@code start}..{@code end}, stamped as received
     * at {@code recvTs}. A failed answer (retCode not 0) gives none.
     *
     * @throws IllegalArgumentException for a request that is not a kline request, or a body that is not candles
     */
    public static List<MarketEvent> bars(String request, JsonNode body, long recvTs) {
        if (!request.startsWith("GET /v5/market/kline?")) {
            throw new IllegalArgumentException("a recorded REST answer of '" + request + "': only the kline back-fill"
                    + " (GET /v5/market/kline) is replayed");
        }
        if (body.path("retCode").asInt(-1) != 0) {
            return List.of();
        }
        Map<String, String> query = query(request.substring(request.indexOf('?') + 1));
        String symbol = query.get("symbol");
        Timeframe tf = interval(query.get("interval"));
        if (symbol == null || tf == null) {
            throw new IllegalArgumentException("'" + request + "' names no symbol or a kline interval Kairos has no"
                    + " timeframe for");
        }
        long start = number(query, "start", Long.MIN_VALUE);
        long end = number(query, "end", Long.MAX_VALUE);
        List<MarketEvent> out = new ArrayList<>();
        for (Bar b : BybitKlineReader.bars(body.path("result"))) {
            if (b.openTime() >= start && b.openTime() <= end) {
                out.add(new MarketEvent.BarClose(symbol, tf, b, recvTs));
            }
        }
        return out;
    }

    /** Bybit's kline interval ({@code 1}, {@code 5}, {@code 60}, {@code D} ...) as a timeframe, or null. */
    public static Timeframe interval(String interval) {
        if (interval == null) {
            return null;
        }
        return switch (interval) {
            case "1" -> Timeframe.M1;
            case "3" -> Timeframe.M3;
            case "5" -> Timeframe.M5;
            case "15" -> Timeframe.M15;
            case "30" -> Timeframe.M30;
            case "60" -> Timeframe.H1;
            case "240" -> Timeframe.H4;
            case "D" -> Timeframe.D1;
            default -> null;
        };
    }

    private static long number(Map<String, String> query, String key, long absent) {
        String v = query.get(key);
        try {
            return v == null ? absent : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "=" + v + "' is not epoch milliseconds");
        }
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
