package kairos.engine.backtest.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A declared grid of rule parameters to choose from per walk-forward fold ({@code --grid FILE}):
 *
 * <pre>
 * # rules/params/*.drl fields and the values to try; every combination is one configuration
 * parameters:
 *   stopAtr: [1.0, 1.5, 2.0]
 *   FilterParams.adxMin: [20, 25]
 * </pre>
 *
 * The configurations are the cartesian product in the file's order (the first parameter varies slowest). Each
 * parameter must be a field of a type declared in the rules ({@link RuleParameters}) and every value must fit its
 * type; the first configuration should be the rules' own values, so that ties keep them.
 */
public final class ParameterGrid {
    /** At most this many configurations: each is a backtest per fold and window. */
    public static final int MAX_CONFIGURATIONS = 1_000;

    private final List<String> names;
    private final List<RuleParameters.Field> fields;
    private final List<Map<String, Object>> configurations;

    private ParameterGrid(List<String> names, List<RuleParameters.Field> fields, List<Map<String, Object>> configurations) {
        this.names = names;
        this.fields = fields;
        this.configurations = configurations;
    }

    /** The grid of one configuration: the rules as they are. */
    public static ParameterGrid none() {
        return new ParameterGrid(List.of(), List.of(), List.of(Map.of()));
    }

    /**
     * Reads and checks a grid file against the rules it will vary.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    public static ParameterGrid read(Path file, RuleParameters rules) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--grid " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--grid " + file + ": cannot be read: " + e.getMessage());
        }
        Map<String, List<Object>> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException(file + ":1: empty; a grid is 'parameters:' with one list of values each");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(at(file, p) + "a grid is a mapping with the key 'parameters'");
            }
            boolean seen = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!key.equals("parameters")) {
                    throw new IllegalArgumentException(at(file, p) + "unknown key '" + key + "' (a grid has only 'parameters')");
                }
                seen = true;
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException(at(file, p) + "'parameters' must map parameter names to lists of values");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int line = p.currentLocation().getLineNr();
                    if (values.containsKey(name)) {
                        throw new IllegalArgumentException(file + ":" + line + ": parameter '" + name + "' is listed twice");
                    }
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException(file + ":" + line + ": parameter '" + name
                                + "' needs a list of values, e.g. [1.0, 1.5]");
                    }
                    List<Object> list = new ArrayList<>();
                    Set<Object> distinct = new LinkedHashSet<>();
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        Object v = switch (t) {
                            case VALUE_NUMBER_INT -> p.getNumberValue() instanceof Long l ? l : p.getIntValue();
                            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                            case VALUE_TRUE -> Boolean.TRUE;
                            case VALUE_FALSE -> Boolean.FALSE;
                            case VALUE_STRING -> p.getText();
                            default -> throw new IllegalArgumentException(at(file, p) + "parameter '" + name
                                    + "': values are numbers, true/false or text");
                        };
                        if (!distinct.add(v)) {
                            throw new IllegalArgumentException(at(file, p) + "parameter '" + name + "' lists " + v + " twice");
                        }
                        list.add(v);
                    }
                    if (list.isEmpty()) {
                        throw new IllegalArgumentException(file + ":" + line + ": parameter '" + name + "' has no values");
                    }
                    values.put(name, list);
                    lines.put(name, line);
                }
            }
            if (!seen || values.isEmpty()) {
                throw new IllegalArgumentException(file + ": no parameters; write 'parameters:' and one list of values each");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().split("\n")[0]);
        }
        List<String> names = new ArrayList<>(values.keySet());
        List<RuleParameters.Field> fields = new ArrayList<>();
        Set<String> qualified = new LinkedHashSet<>();
        for (String name : names) {
            RuleParameters.Field f;
            try {
                f = rules.field(name);
                for (Object v : values.get(name)) {
                    f.literal(v);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + lines.get(name) + ": " + e.getMessage());
            }
            if (!qualified.add(f.qualified())) {
                throw new IllegalArgumentException(file + ":" + lines.get(name) + ": " + f.qualified() + " is listed twice");
            }
            fields.add(f);
        }
        long count = 1;
        for (String n : names) {
            count *= values.get(n).size();
            if (count > MAX_CONFIGURATIONS) {
                throw new IllegalArgumentException(file + ": more than " + MAX_CONFIGURATIONS
                        + " configurations; each one is a backtest per fold and window");
            }
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        product(names, values, 0, new LinkedHashMap<>(), configs);
        return new ParameterGrid(List.copyOf(names), List.copyOf(fields), List.copyOf(configs));
    }

    private static void product(List<String> names, Map<String, List<Object>> values, int i, Map<String, Object> cur,
                                List<Map<String, Object>> out) {
        if (i == names.size()) {
            out.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cur)));
            return;
        }
        for (Object v : values.get(names.get(i))) {
            cur.put(names.get(i), v);
            product(names, values, i + 1, cur, out);
        }
        cur.remove(names.get(i));
    }

    private static String at(Path file, JsonParser p) {
        return file + ":" + p.currentLocation().getLineNr() + ": ";
    }

    public int size() {
        return configurations.size();
    }

    /** Configuration i: parameter name to value, in the grid's order (empty for {@link #none()}). */
    public Map<String, Object> configuration(int i) {
        return configurations.get(i);
    }

    public List<String> names() {
        return names;
    }

    /** The declared field behind parameter {@code i} of {@link #names()}. */
    public RuleParameters.Field field(int i) {
        return fields.get(i);
    }

    /** "stopAtr=1.5, adxMin=25" ("as the rules are" for the empty configuration). */
    public String label(int i) {
        Map<String, Object> c = configurations.get(i);
        if (c.isEmpty()) {
            return "as the rules are";
        }
        List<String> parts = new ArrayList<>();
        c.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
