package kairos.engine.backtest.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named rule parameters of a rule folder: the fields of the types declared in its DRL files
 * ({@code declare StrategyParams ... stopAtr : double ... end}, by convention in {@code params/}). A field is named
 * by itself ({@code stopAtr}) when only one declared type has it, else as {@code Type.field}.
 */
public final class RuleParameters {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");
    private static final Pattern DECLARE = Pattern.compile("(?ms)^\\s*declare\\s+(\\w+)\\s*$(.*?)^\\s*end\\b");
    private static final Pattern FIELD = Pattern.compile("(?m)^\\s*(\\w+)\\s*:\\s*([\\w.]+)");

    /** A declared field: its type's package and name, the field and its Java type ({@code double}, {@code int}, ...). */
    public record Field(String packageName, String typeName, String name, String javaType) {
        /** {@code Type.field}. */
        public String qualified() {
            return typeName + "." + name;
        }

        /** The value as a DRL literal of this field's type; throws naming the field when it does not fit. */
        public String literal(Object value) {
            String where = "parameter " + qualified() + " (" + javaType + ")";
            switch (javaType) {
                case "double", "Double", "float", "Float" -> {
                    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                        throw new IllegalArgumentException(where + ": " + value + " is not a number");
                    }
                    return Double.toString(n.doubleValue());
                }
                case "int", "Integer", "long", "Long" -> {
                    if (!(value instanceof Integer || value instanceof Long)) {
                        throw new IllegalArgumentException(where + ": " + value + " is not a whole number");
                    }
                    return value + (javaType.startsWith("l") || javaType.startsWith("L") ? "L" : "");
                }
                case "boolean", "Boolean" -> {
                    if (!(value instanceof Boolean)) {
                        throw new IllegalArgumentException(where + ": " + value + " is not true or false");
                    }
                    return value.toString();
                }
                case "String" -> {
                    if (!(value instanceof String s)) {
                        throw new IllegalArgumentException(where + ": " + value + " is not text");
                    }
                    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
                }
                default -> throw new IllegalArgumentException(where + ": fields of type " + javaType
                        + " cannot be set from a grid (numbers, booleans and text can)");
            }
        }
    }

    private final Map<String, List<Field>> byName;

    private RuleParameters(Map<String, List<Field>> byName) {
        this.byName = byName;
    }

    /** Reads every {@code *.drl} under {@code rulesDir} (recursively, {@code tests/} included: it holds none). */
    public static RuleParameters of(Path rulesDir) {
        Map<String, List<Field>> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(rulesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted(Comparator.naturalOrder()).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                String packageName = pkg.find() ? pkg.group(1) : "";
                Matcher d = DECLARE.matcher(text);
                while (d.find()) {
                    Matcher field = FIELD.matcher(d.group(2));
                    while (field.find()) {
                        Field x = new Field(packageName, d.group(1), field.group(1), field.group(2));
                        byName.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(x);
                        byName.computeIfAbsent(x.qualified(), k -> new ArrayList<>()).add(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules under " + rulesDir, e);
        }
        return new RuleParameters(byName);
    }

    /**
     * The field a grid names ({@code stopAtr} or {@code StrategyParams.stopAtr}).
     *
     * @throws IllegalArgumentException when no declared type has it (naming the closest names) or several do
     */
    public Field field(String name) {
        List<Field> found = byName.get(name);
        if (found == null || found.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' is not a field of any type declared in the rules"
                    + closest(name));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' is a field of several declared types ("
                    + String.join(", ", found.stream().map(Field::qualified).toList()) + "): name it as Type." + name);
        }
        return found.getFirst();
    }

    private String closest(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<String> near = byName.keySet().stream().filter(k -> !k.contains("."))
                .sorted(Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(3).toList();
        return near.isEmpty() ? " (the rules declare no parameter types)" : " (closest: " + String.join(", ", near) + ")";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
