package kairos.bybit.parsing;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The one Jackson mapper of the connector, strict about Bybit's numbers: V5 sends decimals and times as strings,
 * and an empty string means "no value" (a market order's price, an option-only field), never zero. Decimal and
 * integer fields therefore read {@code ""} as null — the typed record's converter then refuses a missing value it
 * needs, naming the field — and refuse anything unparsable with the field's path. Unknown fields are ignored:
 * Bybit adds fields without notice.
 */
public final class BybitJson {
    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("bybit-strict-numbers")
                    .addDeserializer(BigDecimal.class, new StrictNumber<>(BigDecimal.class, BigDecimal::new,
                            "a decimal number", true))
                    .addDeserializer(Long.class, new StrictNumber<>(Long.class, Long::valueOf, "an integer", false)));

    private BybitJson() {
    }

    /** Parses text into a tree; {@code where} names the endpoint or topic in the error. */
    public static JsonNode tree(String text, String where) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new BybitPayloadException(where + ": empty body, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BybitPayloadException(where + ": not valid JSON: " + e.getOriginalMessage()
                    + " in '" + abbreviate(text) + "'");
        }
    }

    /**
     * Maps one JSON object onto a record.
     *
     * @param where the endpoint or topic
     * @param path  where the node sits in the payload ({@code result.list[0]}), for the message
     */
    public static <T> T convert(JsonNode node, Class<T> type, String where, String path) {
        if (node == null || !node.isObject()) {
            throw new BybitPayloadException(where + ": " + path + " is " + (node == null ? "missing" : node)
                    + ", expected an object");
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new BybitPayloadException(where + ": " + path + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new BybitPayloadException(where + ": " + path + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Maps {@code parent.field}, an array of objects, onto records. */
    public static <T> List<T> list(JsonNode parent, String field, Class<T> type, String where, String parentPath) {
        JsonNode list = parent == null ? null : parent.get(field);
        String path = parentPath.isEmpty() ? field : parentPath + "." + field;
        if (list == null || list.isNull()) {
            throw new BybitPayloadException(where + ": " + path + " is missing, expected a list");
        }
        if (!list.isArray()) {
            throw new BybitPayloadException(where + ": " + path + " is " + list + ", expected a list");
        }
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(convert(list.get(i), type, where, path + "[" + i + "]"));
        }
        return out;
    }

    /** A decimal Bybit sends as a string (or number) at a place that is not a named field, e.g. a kline array cell. */
    public static BigDecimal decimal(JsonNode node, String where, String path) {
        String text = node == null || node.isNull() ? "" : node.asText().strip();
        if (text.isEmpty()) {
            throw new BybitPayloadException(where + ": " + path + " is missing or empty, expected a decimal number");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new BybitPayloadException(where + ": " + path + ": '" + text + "' is not a decimal number");
        }
    }

    /** An epoch-millisecond time at a place that is not a named field. */
    public static long millis(JsonNode node, String where, String path) {
        String text = node == null || node.isNull() ? "" : node.asText().strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BybitPayloadException(where + ": " + path + ": '" + text + "' is not epoch milliseconds");
        }
    }

    /** A required value of a typed record: the value, or an error naming the field. */
    public static <T> T required(T value, String where, String field) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw new BybitPayloadException(where + ": field '" + field + "' is missing or empty");
        }
        return value;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    /**
     * A number Bybit sends as a string or a JSON number: {@code ""} reads as null, anything unparsable is an error
     * naming the field (Jackson adds its path).
     */
    private static final class StrictNumber<T> extends StdScalarDeserializer<T> {
        private final java.util.function.Function<String, T> parse;
        private final String what;
        private final boolean fractions;

        StrictNumber(Class<T> type, java.util.function.Function<String, T> parse, String what, boolean fractions) {
            super(type);
            this.parse = parse;
            this.what = what;
            this.fractions = fractions;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken t = p.currentToken();
            boolean number = t == JsonToken.VALUE_NUMBER_INT || (fractions && t == JsonToken.VALUE_NUMBER_FLOAT);
            if (!number && t != JsonToken.VALUE_STRING) {
                @SuppressWarnings("unchecked")
                T unexpected = (T) ctx.handleUnexpectedToken(handledType(), p);
                return unexpected;
            }
            String text = p.getText().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (NumberFormatException e) {
                throw InvalidFormatException.from(p, "'" + text + "' is not " + what, text, handledType());
            }
        }
    }
}
