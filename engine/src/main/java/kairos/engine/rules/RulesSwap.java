package kairos.engine.rules;

import java.util.List;

/**
 * Audit record of one hot-reload request: swapped (old → new hash, at event time {@code ts}) or rejected with
 * its errors while the old rules keep running. {@code trigger} says who or what asked (control API, file change).
 */
public record RulesSwap(long ts, String trigger, String oldHash, String newHash, String status, List<String> errors,
                        long buildMillis) {
    public RulesSwap {
        errors = List.copyOf(errors);
    }

    public boolean swapped() {
        return "swapped".equals(status);
    }
}
