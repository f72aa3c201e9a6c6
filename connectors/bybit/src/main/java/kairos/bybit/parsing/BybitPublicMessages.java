package kairos.bybit.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parses Bybit V5 public WebSocket messages ({@code publicTrade}, {@code orderbook.N}, {@code allLiquidation},
 * {@code tickers}, {@code kline}) into {@link MarketEvent}s, live and in replay alike. Event time is the
 * trade/liquidation time {@code T}, else the message's {@code ts}; {@code recvTs} is when the message arrived.
 * Keeps the last orderbook update id {@code u} per topic: a delta that does not follow is dropped until the next
 * snapshot ({@code u = 1} or {@code type = snapshot} resets the book). A ticker's {@code fundingRate} is the
 * predicted rate of the next settlement; when its {@code nextFundingTime} moves on, the previous one has settled at
 * the last rate shown, and a settlement is emitted for it. Operation replies ({@code op}: subscribe, pong) are not
 * market data and are skipped. Not thread-safe: one instance per stream consumer.
 */
public final class BybitPublicMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a message was. */
    /** What a message was; {@code BOOK_GAP}: an order-book delta skipped an update id (the book is dropped until a snapshot). */
    public enum Kind { TRADE, BOOK, BOOK_GAP, LIQUIDATION, TICKER, KLINE, CONTROL, IGNORED }

    /** Whether a message of {@code kind} was market data (even when it gave no event, e.g. an open kline). */
    public static boolean isMarketData(Kind kind) {
        return kind != Kind.CONTROL && kind != Kind.IGNORED;
    }

    private final Map<String, Long> bookUpdateIds = new HashMap<>();
    private final Map<String, Long> nextFunding = new HashMap<>();
    private final Map<String, Double> fundingRates = new HashMap<>();

    /**
     * Parses one message and delivers its events.
     *
     * @throws IllegalArgumentException when the text is not JSON or a market-data message lacks its fields
     */
    public Kind parse(String text, long recvTs, Consumer<MarketEvent> out) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root, recvTs, out);
    }

    public Kind parse(JsonNode root, long recvTs, Consumer<MarketEvent> out) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        if (root.has("op") || root.has("success") || root.has("ret_msg")) {
            return Kind.CONTROL;
        }
        String topic = root.path("topic").asText("");
        long ts = root.path("ts").asLong(0);
        JsonNode data = root.get("data");
        if (topic.isEmpty() || data == null) {
            return Kind.IGNORED;
        }
        if (topic.startsWith("publicTrade.")) {
            for (JsonNode t : data) {
                out.accept(new MarketEvent.Trade(text(t, "s"), t.path("T").asLong(ts), recvTs, num(t, "p"), num(t, "v"),
                        side(t)));
            }
            return Kind.TRADE;
        }
        if (topic.startsWith("allLiquidation.") || topic.startsWith("liquidation.")) {
            for (JsonNode t : data.isArray() ? data : JSON.createArrayNode().add(data)) {
                out.accept(new MarketEvent.Liquidation(text(t, "s"), t.path("T").asLong(t.path("updatedTime").asLong(ts)),
                        recvTs, num(t, "p"), num(t, "v"), side(t)));
            }
            return Kind.LIQUIDATION;
        }
        if (topic.startsWith("orderbook.")) {
            return book(topic, root, data, ts, recvTs, out);
        }
        if (topic.startsWith("tickers.")) {
            String symbol = text(data, "symbol");
            if (has(data, "markPrice")) {
                out.accept(new MarketEvent.Mark(symbol, ts, recvTs, num(data, "markPrice")));
            }
            if (has(data, "indexPrice")) {
                out.accept(new MarketEvent.Index(symbol, ts, recvTs, num(data, "indexPrice")));
            }
            if (has(data, "openInterest")) {
                out.accept(new MarketEvent.OpenInterest(symbol, ts, recvTs, num(data, "openInterest")));
            }
            funding(symbol, data, ts, recvTs, out);
            return Kind.TICKER;
        }
        if (topic.startsWith("kline.")) {
            String[] parts = topic.split("\\.");
            String symbol = parts[parts.length - 1];
            for (JsonNode k : data) {
                if (k.path("confirm").asBoolean(false)) {
                    Timeframe tf = Timeframe.parse(klineInterval(k.path("interval").asText()));
                    out.accept(new MarketEvent.BarClose(symbol, tf, new Bar(k.path("start").asLong(), num(k, "open"),
                            num(k, "high"), num(k, "low"), num(k, "close"), num(k, "volume")), recvTs));
                }
            }
            return Kind.KLINE;
        }
        return Kind.IGNORED;
    }

    private Kind book(String topic, JsonNode root, JsonNode data, long ts, long recvTs, Consumer<MarketEvent> out) {
        long u = data.path("u").asLong(-1);
        boolean snapshot = "snapshot".equals(root.path("type").asText()) || u == 1;
        Long last = bookUpdateIds.get(topic);
        if (!snapshot && (last == null || (u >= 0 && u <= last))) {
            return Kind.IGNORED;   // no snapshot yet, or a stale/duplicate delta
        }
        if (!snapshot && u > last + 1) {
            bookUpdateIds.remove(topic);   // a delta was lost: the book is unknown until the next snapshot (a resync)
            return Kind.BOOK_GAP;
        }
        bookUpdateIds.put(topic, u);
        out.accept(new MarketEvent.Book(text(data, "s"), ts, recvTs, snapshot, levels(data.path("b")), levels(data.path("a"))));
        return Kind.BOOK;
    }

    /**
     * A ticker's funding fields: the predicted rate (a non-settlement event), and a settlement of the previous
     * {@code nextFundingTime} at the last rate shown once the next one moves on.
     */
    private void funding(String symbol, JsonNode data, long ts, long recvTs, Consumer<MarketEvent> out) {
        if (has(data, "nextFundingTime")) {
            long next = integer(data, "nextFundingTime");
            Long previous = nextFunding.put(symbol, next);
            Double settled = fundingRates.get(symbol);
            if (previous != null && next > previous && settled != null && ts >= previous) {
                out.accept(new MarketEvent.Funding(symbol, previous, recvTs, settled, true));
            }
        }
        if (has(data, "fundingRate")) {
            double rate = num(data, "fundingRate");
            fundingRates.put(symbol, rate);
            out.accept(new MarketEvent.Funding(symbol, ts, recvTs, rate, false));
        }
    }

    private static Side side(JsonNode node) {
        String s = text(node, "S");
        return switch (s) {
            case "Buy" -> Side.Buy;
            case "Sell" -> Side.Sell;
            default -> throw new IllegalArgumentException("field 'S' is not Buy or Sell in " + node);
        };
    }

    /** Bybit kline intervals (1, 3, 5, 15, 60, 240, D) as Kairos timeframe labels. */
    static String klineInterval(String interval) {
        return switch (interval) {
            case "60" -> "1h";
            case "120" -> "2h";
            case "240" -> "4h";
            case "360" -> "6h";
            case "720" -> "12h";
            case "D" -> "1d";
            default -> interval + "m";
        };
    }

    private static double[][] levels(JsonNode side) {
        double[][] out = new double[side.size()][];
        for (int i = 0; i < side.size(); i++) {
            out[i] = new double[] {Double.parseDouble(side.get(i).get(0).asText()), Double.parseDouble(side.get(i).get(1).asText())};
        }
        return out;
    }

    /** Present and not {@code ""} (Bybit and Binance send an empty string for "no value"). */
    static boolean has(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty();
    }

    /** A required field's text; missing or {@code ""} is an error naming the field. */
    static String text(JsonNode node, String field) {
        if (!has(node, field)) {
            throw new IllegalArgumentException("field '" + field + "' missing in " + node);
        }
        return node.get(field).asText();
    }

    /** A required integer field, sent as a string or a number. */
    static long integer(JsonNode node, String field) {
        try {
            return Long.parseLong(text(node, field));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an integer in " + node);
        }
    }

    /** A required decimal field sent as a string: {@code ""}, garbage, NaN or infinity are errors naming the field. */
    static double num(JsonNode node, String field) {
        double v;
        try {
            v = Double.parseDouble(text(node, field));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a number in " + node);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("field '" + field + "' is not a number in " + node);
        }
        return v;
    }
}
