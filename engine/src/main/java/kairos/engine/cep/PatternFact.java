package kairos.engine.cep;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A pattern a CEP statement detected: the statement's {@code @Name}, the symbol, the event time and the
 * statement's selected columns. Inserted into the rule engine as a fact at the next decision point.
 */
public final class PatternFact {
    private final String name;
    private final String symbol;
    private final long ts;
    private final Map<String, Object> attributes;

    public PatternFact(String name, String symbol, long ts, Map<String, Object> attributes) {
        this.name = Objects.requireNonNull(name, "name");
        this.symbol = symbol;
        this.ts = ts;
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public String getName() { return name; }
    public String getSymbol() { return symbol; }
    public long getTs() { return ts; }
    public Map<String, Object> getAttributes() { return attributes; }

    /** A numeric attribute, or NaN when absent or not a number. */
    public double number(String key) {
        return attributes.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public String toString() {
        return name + "[" + symbol + "@" + ts + " " + attributes + "]";
    }
}
