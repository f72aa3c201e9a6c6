package kairos.engine.kernel;

import kairos.engine.execution.OrderManager;
import kairos.engine.execution.Portfolio;
import kairos.engine.risk.HardHalts;
import kairos.engine.rules.Action;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Executes what a decision asks the kernel to do now — the rules' actions and the hard halts' — and records each
 * in the audit: cancels first (so a flatten's exit is not cancelled), then flattens, reductions, pauses, alerts.
 * A symbol flattened at a decision takes no other exit or reduction at that decision.
 */
final class RuleActions {
    static final String GUARD = "risk guard (hard halt)";
    private final OrderManager orders;
    private final Portfolio portfolio;
    private final RiskBook risk;
    private final List<String> traded;
    private final BiConsumer<Action, Long> alerts;
    private final Set<String> flattened = new HashSet<>();

    RuleActions(OrderManager orders, Portfolio portfolio, RiskBook risk, List<String> traded,
                BiConsumer<Action, Long> alerts) {
        this.orders = orders;
        this.portfolio = portfolio;
        this.risk = risk;
        this.traded = List.copyOf(traded);
        this.alerts = alerts;
    }

    /** Starts a decision: nothing flattened yet. */
    void begin() {
        flattened.clear();
    }

    boolean flattened(String symbol) {
        return flattened.contains(symbol);
    }

    /** The hard halts' actions (before the rules'), recorded as the risk guard's. */
    List<Decision.ActionRecord> halt(HardHalts.Verdict v, String symbol, long now, String decisionId) {
        List<Decision.ActionRecord> out = new ArrayList<>();
        if (!v.acts()) {
            return out;
        }
        if (v.cancelAll()) {
            traded.forEach(s -> orders.cancelAll(s, now));
            out.add(record("cancel_all", null, null, null, null, v.reason()));
        }
        if (v.flattenAll() || v.flattenSymbol()) {
            for (String s : v.flattenAll() ? traded : List.of(symbol)) {
                flatten(s, now, decisionId);
            }
            out.add(record("flatten", v.flattenAll() ? null : symbol, null, null, null, v.reason()));
        }
        if (v.pauseUntil() != 0) {
            risk.pause(v.pauseUntil(), v.entryBan());
            out.add(record("pause", null, until(v.pauseUntil()), null, null, v.entryBan()));
        }
        if (v.alertType() != null) {
            alerts.accept(Action.alert(v.alertType(), v.reason()), now);
            out.add(record("alert", null, null, null, v.alertType(), v.reason()));
        }
        return out;
    }

    private static Decision.ActionRecord record(String type, String symbol, String until, Double fraction,
                                                String alertType, String reason) {
        return new Decision.ActionRecord(type, symbol, until, fraction, alertType, GUARD, reason);
    }

    List<Decision.ActionRecord> execute(List<Action> actions, long now, String decisionId) {
        List<Decision.ActionRecord> out = new ArrayList<>();
        List<Action> ordered = new ArrayList<>(actions);
        ordered.sort(Comparator.comparingInt(a -> a.getType() == Action.Type.CANCEL_ALL ? 0 : 1));
        for (Action a : ordered) {
            switch (a.getType()) {
                case CANCEL_ALL -> symbolsOf(a).forEach(s -> orders.cancelAll(s, now));
                case FLATTEN -> symbolsOf(a).forEach(s -> flatten(s, now, decisionId));
                case REDUCE -> {
                    for (String s : symbolsOf(a)) {
                        if (!flattened.contains(s)) {
                            orders.submitReduce(s, a.getFraction(), "reduce", now);
                        }
                    }
                }
                case PAUSE -> risk.pause(a.getUntil(), a.getReason());
                case ALERT -> alerts.accept(a, now);
            }
            out.add(new Decision.ActionRecord(a.getType().name().toLowerCase(Locale.ROOT), a.getSymbol(),
                    a.getType() == Action.Type.PAUSE ? until(a.getUntil()) : null,
                    a.getType() == Action.Type.REDUCE ? a.getFraction() : null, a.getAlertType(), a.getRule(),
                    a.getReason()));
        }
        return out;
    }

    private void flatten(String symbol, long now, String decisionId) {
        if (portfolio.position(symbol) != null && !flattened.contains(symbol)) {
            orders.submitExit(symbol, "emergency", now, decisionId);
            flattened.add(symbol);
        }
    }

    private List<String> symbolsOf(Action a) {
        return a.getSymbol() != null ? List.of(a.getSymbol()) : traded;
    }

    private static String until(long until) {
        return until == Long.MAX_VALUE ? "manual" : Instant.ofEpochMilli(until).toString();
    }
}
