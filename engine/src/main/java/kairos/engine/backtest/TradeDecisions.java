package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each trade's entry decision, for the report's link from a trade to its audit: the last decision of the trade's
 * symbol at or before its entry whose verdict accepted a proposal on the trade's side by the trade's rule. (When
 * {@code trades.csv} carries the entry decision's id itself, that id should be used instead.)
 */
final class TradeDecisions {
    private TradeDecisions() {
    }

    /** Trade id → its entry decision, for the trades whose decision is among {@code decisions}. */
    static Map<String, Decision> entries(List<TradeRecord> trades, List<Decision> decisions) {
        Map<String, List<Decision>> accepted = new HashMap<>();
        Map<Decision, Long> times = new HashMap<>();
        for (Decision d : decisions) {
            if (d.proposal() != null && d.verdict() != null && "accepted".equals(d.verdict().status())) {
                accepted.computeIfAbsent(d.symbol(), s -> new ArrayList<>()).add(d);
                times.put(d, Instant.parse(d.ts()).toEpochMilli());
            }
        }
        Map<String, Decision> out = new LinkedHashMap<>();
        for (TradeRecord t : trades) {
            Decision best = null;
            for (Decision d : accepted.getOrDefault(t.symbol(), List.of())) {
                if (times.get(d) > t.entryTime()) {
                    break; // decisions are in time order
                }
                boolean sameSide = t.side().name().equals(d.proposal().side());
                boolean sameRule = t.entryRule().isEmpty() || t.entryRule().equals(d.proposal().rule());
                if (sameSide && sameRule) {
                    best = d;
                }
            }
            if (best != null) {
                out.put(t.id(), best);
            }
        }
        return out;
    }
}
