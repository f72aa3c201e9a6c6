package kairos.engine.features;

import java.util.ArrayList;
import java.util.List;

/** Collects the column declarations of feature groups, in the order the groups write them. */
public final class Columns {
    private final List<FeatureSpec> specs = new ArrayList<>();
    private String suffix = "";
    private int scale = 1;
    private String source = "candles";

    /** Subsequent columns get {@code suffix} appended, warm-up multiplied by {@code scale}, and {@code source}. */
    public void scope(String suffix, int scale, String source) {
        this.suffix = suffix;
        this.scale = scale;
        this.source = source;
    }

    /** Declares the next column; returns its index. */
    public int add(String name, String definition, String parameters, int warmupBars) {
        specs.add(new FeatureSpec(name + suffix, definition, parameters, warmupBars * scale, source));
        return specs.size() - 1;
    }

    public int size() {
        return specs.size();
    }

    List<FeatureSpec> specs() {
        return specs;
    }
}
