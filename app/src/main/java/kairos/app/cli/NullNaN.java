package kairos.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON has no NaN: undefined figures (an AUC without positives, a rate without rows) are written as null. */
final class NullNaN {
    private NullNaN() {
    }

    static Object clean(Object v) {
        return switch (v) {
            case Double d when d.isNaN() || d.isInfinite() -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, clean(x)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(clean(x)));
                yield out;
            }
            case null -> null;
            default -> v;
        };
    }
}
