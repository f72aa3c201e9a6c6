package kairos.engine.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names nearest to a misspelt one, for "did you mean" in error messages (feature names in rules, config keys):
 * by edit distance (insertions, deletions, substitutions), nearest first, ties in name order.
 */
public final class ClosestNames {
    private ClosestNames() {
    }

    /** Up to {@code max} of {@code candidates} within a distance of a third of {@code name}'s length (at least 2). */
    public static List<String> to(String name, Collection<String> candidates, int max) {
        int limit = Math.max(2, name.length() / 3);
        List<String> near = new ArrayList<>();
        for (String c : candidates) {
            if (distance(name, c) <= limit) {
                near.add(c);
            }
        }
        near.sort(Comparator.<String>comparingInt(c -> distance(name, c)).thenComparing(Comparator.naturalOrder()));
        return near.subList(0, Math.min(max, near.size()));
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
