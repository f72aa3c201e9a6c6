package kairos.engine.backtest.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the validation files ({@code montecarlo.json}, {@code stress.json}, {@code walkforward.json},
 * {@code promotion.json}): indented, keys in insertion order, and, since JSON has no NaN or infinity, every
 * undefined or infinite number written as {@code null}. The same object gives the same bytes.
 */
public final class ValidationJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ValidationJson() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(clean(value)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Maps and lists copied with non-finite numbers as null; double, float, int and long arrays as lists. */
    public static Object clean(Object v) {
        return switch (v) {
            case null -> null;
            case Double d -> Double.isFinite(d) ? d : null;
            case Float f -> Float.isFinite(f) ? (double) f : null;
            case double[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (double x : a) {
                    out.add(Double.isFinite(x) ? x : null);
                }
                yield out;
            }
            case float[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (float x : a) {
                    out.add(Float.isFinite(x) ? (double) x : null);
                }
                yield out;
            }
            case int[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (int x : a) {
                    out.add(x);
                }
                yield out;
            }
            case long[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (long x : a) {
                    out.add(x);
                }
                yield out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, clean(x)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(clean(x)));
                yield out;
            }
            default -> v;
        };
    }
}
