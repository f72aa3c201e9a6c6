package kairos.engine.backtest;

import kairos.engine.kernel.Decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Filters that blocked every proposal of a symbol in a run because their input was NaN: not a market that never
 * qualified but an input that never existed (a context symbol missing, a feature the feed cannot compute), so the run
 * could not trade at all. Found from the run's decision records after the replay: of the decision points with a
 * proposal (the filters run only for one), a veto counts when its reason reads NaN (the filters' reasons print their
 * input, e.g. "correlation with BTC NaN not below 0.8").
 */
public final class NanBlockedFilters {
    /** One filter that vetoed all {@code decisions} of {@code symbol} with a proposal on a NaN input. */
    public record Blocked(String symbol, String tier, String rule, int decisions, String example) {
        /** The warning a trader reads at the end of the run and in the report. */
        public String message() {
            return String.format(Locale.ROOT, "the filter '%s' (%s tier) vetoed all %,d proposals for %s because its input "
                    + "was NaN (\"%s\"): the run could not trade %s; its input never had a value (a missing context "
                    + "symbol or data, see --context and ./kairos data list)", rule, tier, decisions, symbol, example, symbol);
        }
    }

    private NanBlockedFilters() {
    }

    public static List<Blocked> find(List<Decision> decisions) {
        Map<String, Integer> perSymbol = new TreeMap<>();
        Map<String, Map<String, Integer>> nanVetoes = new TreeMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        for (Decision d : decisions) {
            if ("rules_reload".equals(d.trigger()) || d.symbol() == null || d.proposal() == null) {
                continue;
            }
            perSymbol.merge(d.symbol(), 1, Integer::sum);
            List<String> seen = new ArrayList<>();
            for (Decision.VetoRecord v : d.vetoes()) {
                String key = v.tier() + "\u0000" + v.rule();
                if (v.reason() != null && v.reason().contains("NaN") && !seen.contains(key)) {
                    seen.add(key);
                    nanVetoes.computeIfAbsent(d.symbol(), s -> new TreeMap<>()).merge(key, 1, Integer::sum);
                    examples.putIfAbsent(d.symbol() + "\u0000" + key, v.reason());
                }
            }
        }
        List<Blocked> out = new ArrayList<>();
        nanVetoes.forEach((symbol, byRule) -> byRule.forEach((key, n) -> {
            if (n.equals(perSymbol.get(symbol))) {
                String[] tierRule = key.split("\u0000", 2);
                out.add(new Blocked(symbol, tierRule[0], tierRule[1], n, examples.get(symbol + "\u0000" + key)));
            }
        }));
        return out;
    }
}
