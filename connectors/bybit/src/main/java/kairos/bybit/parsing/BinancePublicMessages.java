package kairos.bybit.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static kairos.bybit.parsing.BybitPublicMessages.has;
import static kairos.bybit.parsing.BybitPublicMessages.integer;
import static kairos.bybit.parsing.BybitPublicMessages.num;
import static kairos.bybit.parsing.BybitPublicMessages.text;

/**
 * Parses Binance USD-M futures public WebSocket messages — the fallback feed while Bybit's own is stale — into the
 * {@link MarketEvent}s Bybit's messages give, live and in replay alike, so the kernel cannot tell the feeds apart
 * but by the batch's {@code fallback} mark:
 * <ul>
 *   <li>{@code aggTrade} → a trade at {@code T}; {@code m} true means the buyer made the market, so the taker sold;</li>
 *   <li>{@code kline} → a bar only once closed ({@code k.x} true), opening at {@code k.t};</li>
 *   <li>{@code depthUpdate} of a partial-depth stream ({@code depth20@100ms}) → a book snapshot (the top levels,
 *       replacing the book; the diff-depth stream is not subscribed);</li>
 *   <li>{@code markPriceUpdate} → mark, index and the predicted funding rate, and a settlement of the previous
 *       funding time once {@code T} (the next funding time) moves on, at the last rate shown — as Bybit's ticker;</li>
 *   <li>{@code forceOrder} → a liquidation; the order {@code S} SELL closes a long, so the liquidated side is Buy.</li>
 * </ul>
 * Messages come in the combined-stream envelope {@code {"stream":"solusdt@aggTrade","data":{..}}} or bare. Event
 * time is {@code E} unless said otherwise; numbers come as strings and are read strictly ({@code ""} is missing,
 * never 0). Symbols are upper case. Request replies ({@code {"result":null,"id":1}}) are control messages. Not
 * thread-safe: one instance per stream consumer.
 */
public final class BinancePublicMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> nextFunding = new HashMap<>();
    private final Map<String, Double> fundingRates = new HashMap<>();

    /**
     * Parses one message and delivers its events.
     *
     * @throws IllegalArgumentException when the text is not JSON or a market-data message lacks its fields
     */
    public BybitPublicMessages.Kind parse(String text, long recvTs, Consumer<MarketEvent> out) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root, recvTs, out);
    }

    public BybitPublicMessages.Kind parse(JsonNode root, long recvTs, Consumer<MarketEvent> out) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        if (root.has("id") && (root.has("result") || root.has("error"))) {
            return BybitPublicMessages.Kind.CONTROL;
        }
        JsonNode data = root.has("stream") ? root.get("data") : root;
        if (data == null || !data.isObject()) {
            return BybitPublicMessages.Kind.IGNORED;
        }
        String where = root.path("stream").asText(data.path("e").asText(""));
        try {
            return switch (data.path("e").asText("")) {
                case "aggTrade" -> trade(data, recvTs, out);
                case "kline" -> kline(data, recvTs, out);
                case "depthUpdate" -> book(data, recvTs, out);
                case "markPriceUpdate" -> markPrice(data, recvTs, out);
                case "forceOrder" -> liquidation(data, recvTs, out);
                default -> BybitPublicMessages.Kind.IGNORED;
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Binance " + where + ": " + e.getMessage(), e);
        }
    }

    private static BybitPublicMessages.Kind trade(JsonNode d, long recvTs, Consumer<MarketEvent> out) {
        JsonNode maker = d.get("m");
        if (maker == null || !maker.isBoolean()) {
            throw new IllegalArgumentException("field 'm' (buyer is maker) is not true or false in " + d);
        }
        out.accept(new MarketEvent.Trade(symbol(d), integer(d, "T"), recvTs, num(d, "p"), num(d, "q"),
                maker.booleanValue() ? Side.Sell : Side.Buy));
        return BybitPublicMessages.Kind.TRADE;
    }

    private static BybitPublicMessages.Kind kline(JsonNode d, long recvTs, Consumer<MarketEvent> out) {
        JsonNode k = d.get("k");
        if (k == null || !k.isObject()) {
            throw new IllegalArgumentException("field 'k' (the candle) missing in " + d);
        }
        if (!k.path("x").asBoolean(false)) {
            return BybitPublicMessages.Kind.KLINE;   // still open: a bar is known at its close only
        }
        Timeframe tf = Timeframe.parse(text(k, "i"));
        out.accept(new MarketEvent.BarClose(symbol(d), tf, new Bar(integer(k, "t"), num(k, "o"), num(k, "h"),
                num(k, "l"), num(k, "c"), num(k, "v")), recvTs));
        return BybitPublicMessages.Kind.KLINE;
    }

    private static BybitPublicMessages.Kind book(JsonNode d, long recvTs, Consumer<MarketEvent> out) {
        long time = has(d, "T") ? integer(d, "T") : integer(d, "E");
        out.accept(new MarketEvent.Book(symbol(d), time, recvTs, true, levels(d, "b"), levels(d, "a")));
        return BybitPublicMessages.Kind.BOOK;
    }

    private BybitPublicMessages.Kind markPrice(JsonNode d, long recvTs, Consumer<MarketEvent> out) {
        String symbol = symbol(d);
        long ts = integer(d, "E");
        double mark = num(d, "p");
        double index = num(d, "i");
        Double rate = has(d, "r") ? num(d, "r") : null;              // absent on delivery contracts
        Long next = has(d, "T") ? integer(d, "T") : null;
        out.accept(new MarketEvent.Mark(symbol, ts, recvTs, mark));
        out.accept(new MarketEvent.Index(symbol, ts, recvTs, index));
        if (next != null) {
            Long previous = nextFunding.put(symbol, next);
            Double settled = fundingRates.get(symbol);
            if (previous != null && next > previous && settled != null && ts >= previous) {
                out.accept(new MarketEvent.Funding(symbol, previous, recvTs, settled, true));
            }
        }
        if (rate != null) {
            fundingRates.put(symbol, rate);
            out.accept(new MarketEvent.Funding(symbol, ts, recvTs, rate, false));
        }
        return BybitPublicMessages.Kind.TICKER;
    }

    private static BybitPublicMessages.Kind liquidation(JsonNode d, long recvTs, Consumer<MarketEvent> out) {
        JsonNode o = d.get("o");
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("field 'o' (the liquidation order) missing in " + d);
        }
        Side liquidated = switch (text(o, "S")) {
            case "SELL" -> Side.Buy;    // a long sold off
            case "BUY" -> Side.Sell;    // a short bought back
            default -> throw new IllegalArgumentException("field 'S' is not BUY or SELL in " + o);
        };
        double price = has(o, "ap") && num(o, "ap") > 0 ? num(o, "ap") : num(o, "p");
        out.accept(new MarketEvent.Liquidation(symbol(o), integer(o, "T"), recvTs, price, num(o, "q"), liquidated));
        return BybitPublicMessages.Kind.LIQUIDATION;
    }

    private static String symbol(JsonNode node) {
        return text(node, "s").toUpperCase(Locale.ROOT);
    }

    /** {@code [["price","qty"], ...]}, best first; every cell a number. */
    private static double[][] levels(JsonNode d, String field) {
        JsonNode side = d.get(field);
        if (side == null || !side.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' (book levels) is not a list in " + d);
        }
        double[][] out = new double[side.size()][];
        for (int i = 0; i < side.size(); i++) {
            JsonNode level = side.get(i);
            if (!level.isArray() || level.size() < 2) {
                throw new IllegalArgumentException(field + "[" + i + "] is " + level + ", expected [price, qty]");
            }
            out[i] = new double[] {cell(level.get(0), field + "[" + i + "][0]"), cell(level.get(1), field + "[" + i + "][1]")};
        }
        return out;
    }

    private static double cell(JsonNode node, String path) {
        String text = node.asText("");
        try {
            double v = Double.parseDouble(text);
            if (!text.isEmpty() && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(path + ": '" + text + "' is not a number");
    }
}
