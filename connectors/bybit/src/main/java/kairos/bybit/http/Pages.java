package kairos.bybit.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import kairos.bybit.parsing.BybitJson;
import kairos.bybit.parsing.BybitPayloadException;

/**
 * Bybit's cursor pagination: asks again with {@code cursor} = the last answer's {@code nextPageCursor} until it
 * is empty (or repeats, or a page is empty). A runaway listing stops at {@link #MAX_PAGES} with an error rather
 * than looping.
 */
final class Pages {
    static final int MAX_PAGES = 1000;

    private Pages() {
    }

    /** The query of a USDT-perpetual call: {@code category=linear}, and the symbol when given. */
    static Map<String, String> linear(String symbol) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", "linear");
        if (symbol != null) {
            q.put("symbol", symbol);
        }
        return q;
    }

    static <T> List<T> all(String path, Map<String, String> params, Function<Map<String, String>, BybitReply> call,
                           Class<T> type) {
        List<T> out = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>(params);
        String previous = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            BybitReply reply = call.apply(query);
            List<T> items = BybitJson.list(reply.result(), "list", type, reply.endpoint(), "result");
            out.addAll(items);
            String cursor = reply.result().path("nextPageCursor").asText("");
            if (items.isEmpty() || cursor.isEmpty() || cursor.equals(previous)) {
                return out;
            }
            previous = cursor;
            query.put("cursor", cursor);
        }
        throw new BybitPayloadException(path + ": more than " + MAX_PAGES + " pages; narrow the request");
    }
}
