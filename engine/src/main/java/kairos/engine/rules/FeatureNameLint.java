package kairos.engine.rules;

import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a feature name in a rule file that no feature set computes: {@code feature("bos_3")},
 * {@code has("…")} or {@code provides("…")} with a name that is in no schema of any strategy timeframe (nor the
 * kernel's own {@value MarketState#MOVE_1M}) would be NaN at every decision point, so its filter could never pass
 * and its trigger never fire, silently. The build fails instead with {@code file:line:col} and the closest names.
 * Names given as literals are checked; a name computed at run time cannot be.
 */
final class FeatureNameLint {
    private static final Pattern CALL = Pattern.compile("\\b(feature|has|provides)\\s*\\(\\s*\"([^\"\\\\]*)\"\\s*\\)");
    private static volatile Set<String> known;

    private FeatureNameLint() {
    }

    /** Every feature name some running feature set provides: the schemas of all timeframes, and the kernel's extras. */
    static Set<String> knownNames() {
        Set<String> k = known;
        if (k == null) {
            k = new TreeSet<>();
            for (Timeframe tf : Timeframe.values()) {
                FeatureSchema schema = FeatureSchema.of(FeatureConfig.standard(tf));
                for (int i = 0; i < schema.size(); i++) {
                    k.add(schema.name(i));
                }
            }
            k.addAll(MarketState.KERNEL_VALUES);
            known = Set.copyOf(k);
            k = known;
        }
        return k;
    }

    /** One message per unknown name: {@code line:col: ...} (1-based), in file order. */
    static List<String> check(String drl) {
        String code = DrlText.blankComments(drl);
        List<String> out = new ArrayList<>();
        Matcher m = CALL.matcher(code);
        while (m.find()) {
            String name = m.group(2);
            if (knownNames().contains(name)) {
                continue;
            }
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < m.start(2); i++) {
                if (code.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            List<String> near = ClosestNames.to(name, knownNames(), 3);
            out.add(line + ":" + (m.start(2) - lineStart + 1) + ": no feature named '" + name + "' in any feature set: "
                    + m.group(1) + "(\"" + name + "\") would be NaN at every decision point"
                    + (near.isEmpty() ? "" : "; closest: " + String.join(", ", near))
                    + " (every name is in docs/features.md)");
        }
        return out;
    }
}
