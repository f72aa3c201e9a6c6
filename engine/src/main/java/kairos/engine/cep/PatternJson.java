package kairos.engine.cep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A pattern fact as one JSON line: {@code statement}, {@code ts} (ISO-8601 UTC), {@code symbol}, then its columns. */
public final class PatternJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PatternJson() {
    }

    public static String line(PatternFact fact) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statement", fact.getName());
        out.put("ts", Instant.ofEpochMilli(fact.getTs()).toString());
        out.put("symbol", fact.getSymbol());
        for (Map.Entry<String, Object> e : fact.getAttributes().entrySet()) {
            Object v = e.getValue();
            out.putIfAbsent(e.getKey(), v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pattern " + fact, e);
        }
    }
}
