package kairos.engine.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ordered, named feature columns. The same schema is used to write training matrices and to serve features
 * live; {@link #hash()} identifies it (a model trained on one schema must not be loaded with another).
 */
public final class FeatureSchema {
    /**
     * Version of the column definitions, part of {@link #hash()}: bump it when a definition changes without a change
     * of name or parameters, so models trained on the old values are refused.
     */
    public static final int DEFINITIONS_VERSION = 1;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]*(@[0-9]+[mhd])?");

    private final List<FeatureSpec> specs;
    private final Map<String, Integer> index;
    private final String hash;
    private final FeatureConfig config;

    FeatureSchema(FeatureConfig config, List<FeatureSpec> specs) {
        this.config = config;
        this.specs = List.copyOf(specs);
        this.index = new HashMap<>();
        for (int i = 0; i < this.specs.size(); i++) {
            String n = this.specs.get(i).name();
            if (!NAME.matcher(n).matches()) {
                throw new IllegalStateException("feature name '" + n + "' is not lowercase indicator_parameters");
            }
            if (index.put(n, i) != null) {
                throw new IllegalStateException("duplicate feature name " + n);
            }
        }
        this.hash = digest(this.specs);
    }

    /** The schema of the engine configured by {@code config}. */
    public static FeatureSchema of(FeatureConfig config) {
        return new FeatureEngine(config).schema();
    }

    private static String digest(List<FeatureSpec> specs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("kairos-features-v" + DEFINITIONS_VERSION + '\n').getBytes(StandardCharsets.UTF_8));
            for (FeatureSpec s : specs) {
                md.update((s.name() + '\t' + s.parameters() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return specs.size();
    }

    public String name(int column) {
        return specs.get(column).name();
    }

    public FeatureSpec spec(int column) {
        return specs.get(column);
    }

    public List<FeatureSpec> specs() {
        return specs;
    }

    /** Column index of {@code name}, or -1 when the schema has no such column. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Column index of {@code name}; throws when absent. */
    public int require(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "'");
        }
        return i;
    }

    /**
     * First 16 hex digits of SHA-256 over {@link #DEFINITIONS_VERSION} and every column's name and parameters, in
     * order.
     */
    public String hash() {
        return hash;
    }

    public FeatureConfig config() {
        return config;
    }
}
