package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of one request: the decoded query string of a GET or the JSON object of a POST body (Bybit takes
 * numbers in either JSON numbers or strings; a JSON {@code null} counts as absent). Bad values are refused with
 * 10001 and a message naming the parameter.
 */
final class Params {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> values;

    private Params(Map<String, JsonNode> values) {
        this.values = values;
    }

    static Params ofQuery(String rawQuery) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, TextNode.valueOf(v));
            }
        }
        return new Params(out);
    }

    static Params ofBody(String body) {
        if (body == null || body.isBlank()) {
            return new Params(new LinkedHashMap<>());
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw BybitError.params("params error: the request body is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw BybitError.params("params error: the request body must be a JSON object");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return new Params(out);
    }

    /** The value as text, or null when absent, JSON null or empty. */
    String text(String name) {
        JsonNode v = values.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isEmpty() ? null : s;
    }

    String text(String name, String fallback) {
        String v = text(name);
        return v == null ? fallback : v;
    }

    String required(String name) {
        String v = text(name);
        if (v == null) {
            throw BybitError.params("params error: " + name + " is required");
        }
        return v;
    }

    BigDecimal decimal(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw BybitError.params("params error: " + name + " must be a decimal number, got '" + v + "'");
        }
    }

    Integer integer(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw BybitError.params("params error: " + name + " must be an integer, got '" + v + "'");
        }
    }

    Long longValue(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw BybitError.params("params error: " + name + " must be an integer (epoch ms), got '" + v + "'");
        }
    }

    int limit(String name, int fallback, int max) {
        Integer v = integer(name);
        if (v == null) {
            return fallback;
        }
        if (v < 1 || v > max) {
            throw BybitError.params("params error: " + name + " must be in [1, " + max + "], got " + v);
        }
        return v;
    }

    boolean bool(String name) {
        String v = text(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw BybitError.params("params error: " + name + " must be true or false, got '" + v + "'");
        };
    }

    boolean has(String name) {
        return text(name) != null;
    }
}
