package kairos.engine.cep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.data.DataFileException;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * An event file: JSON lines, one market event each, as {@code kairos cep test --events} and test fixtures use
 * them. Every line has {@code type} (trade, book, liquidation, bar, funding, open_interest, long_short_ratio,
 * mark, index), {@code symbol}, {@code ts} (ISO-8601 UTC or epoch ms; for a bar its open) and optionally
 * {@code recv_ts}, plus the fields of its type (see {@code docs/cep-guide.md}). Blank lines and lines starting
 * with {@code #} are skipped; a {@code .gz} file is read decompressed. Every line becomes one {@link MarketEvent}
 * (a funding line is a settlement).
 */
public final class EventFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFile() {
    }

    /**
     * Reads and validates the whole file.
     *
     * @throws DataFileException naming the file and line of every bad line (at most 20), when any is bad
     */
    public static List<MarketEvent> read(Path file) throws IOException {
        List<MarketEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader in = new BufferedReader(new InputStreamReader(
                     file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                try {
                    events.add(parse(text));
                } catch (IllegalArgumentException e) {
                    errors.add(file + ":" + n + ": " + e.getMessage());
                    if (errors.size() == 20) {
                        errors.add(file + ": more errors not shown");
                        break;
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DataFileException(errors);
        }
        return events;
    }

    /** Parses one line; throws IllegalArgumentException saying what is wrong and how it should look. */
    public static MarketEvent parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with type, symbol and ts");
        }
        String type = text(node, "type");
        String symbol = text(node, "symbol");
        long ts = time(node, "ts", true);
        long recv = time(node, "recv_ts", false);
        return switch (type) {
            case "trade" -> {
                double price = positive(node, "price");
                double qty = positive(node, "qty");
                yield new MarketEvent.Trade(symbol, ts, recv, price, qty, side(node));
            }
            case "liquidation" -> {
                double price = positive(node, "price");
                double qty = positive(node, "qty");
                yield new MarketEvent.Liquidation(symbol, ts, recv, price, qty, side(node));
            }
            case "book" -> {
                double[][] bids = levels(node, "bids");
                double[][] asks = levels(node, "asks");
                JsonNode snap = node.get("snapshot");
                if (snap != null && !snap.isBoolean()) {
                    throw new IllegalArgumentException("'snapshot' must be true or false, got " + snap);
                }
                boolean snapshot = snap != null && snap.booleanValue();
                yield new MarketEvent.Book(symbol, ts, recv, snapshot, bids, asks);
            }
            case "bar" -> {
                Timeframe tf;
                try {
                    tf = Timeframe.parse(text(node, "timeframe"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'timeframe': " + e.getMessage());
                }
                double open = positive(node, "open");
                double high = positive(node, "high");
                double low = positive(node, "low");
                double close = positive(node, "close");
                double volume = number(node, "volume");
                if (high < Math.max(open, close) || low > Math.min(open, close) || volume < 0) {
                    throw new IllegalArgumentException("bar is inconsistent: need low <= open, close <= high and volume >= 0");
                }
                yield new MarketEvent.BarClose(symbol, tf, new Bar(ts, open, high, low, close, volume), recv);
            }
            case "funding" -> {
                double rate = number(node, "rate");
                yield new MarketEvent.Funding(symbol, ts, recv, rate, true);
            }
            case "open_interest" -> {
                double v = number(node, "value");
                yield new MarketEvent.OpenInterest(symbol, ts, recv, v);
            }
            case "long_short_ratio" -> {
                double v = positive(node, "value");
                yield new MarketEvent.LongShortRatio(symbol, ts, recv, v);
            }
            case "mark" -> {
                double p = positive(node, "price");
                yield new MarketEvent.Mark(symbol, ts, recv, p);
            }
            case "index" -> {
                double p = positive(node, "price");
                yield new MarketEvent.Index(symbol, ts, recv, p);
            }
            default -> throw new IllegalArgumentException("unknown type '" + type
                    + "'; expected trade, book, liquidation, bar, funding, open_interest, long_short_ratio, mark or index");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    /** Epoch ms from a number or a numeric string, or an ISO-8601 instant; 0 when optional and absent. */
    static long time(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is missing (ISO-8601 UTC or epoch ms)");
            }
            return 0;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.matches("\\d{1,15}")) {
                return Long.parseLong(s);
            }
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + field + "' is not ISO-8601 UTC (2025-05-04T12:00:00Z) or epoch ms: " + s);
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be ISO-8601 UTC or epoch ms, got " + v);
    }

    private static double number(JsonNode node, String field) {
        return value(node.get(field), "'" + field + "'");
    }

    private static double value(JsonNode v, String what) {
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(what + " is missing or not a number" + (v == null ? "" : ": " + v));
    }

    private static double positive(JsonNode node, String field) {
        double d = number(node, field);
        if (!(d > 0)) {
            throw new IllegalArgumentException("'" + field + "' must be > 0, got " + d);
        }
        return d;
    }

    private static Side side(JsonNode node) {
        String s = text(node, "side").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "buy" -> Side.Buy;
            case "sell" -> Side.Sell;
            default -> throw new IllegalArgumentException("'side' must be Buy or Sell, got " + node.get("side"));
        };
    }

    private static double[][] levels(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return new double[0][];
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array of [price, qty] pairs");
        }
        double[][] out = new double[v.size()][];
        for (int i = 0; i < v.size(); i++) {
            JsonNode l = v.get(i);
            if (!l.isArray() || l.size() != 2) {
                throw new IllegalArgumentException("'" + field + "'[" + i + "] must be a [price, qty] pair, got " + l);
            }
            double p = value(l.get(0), "'" + field + "'[" + i + "] price");
            double q = value(l.get(1), "'" + field + "'[" + i + "] qty");
            if (!(p > 0) || q < 0) {
                throw new IllegalArgumentException("'" + field + "'[" + i + "] needs price > 0 and qty >= 0, got " + l);
            }
            out[i] = new double[] {p, q};
        }
        return out;
    }
}
