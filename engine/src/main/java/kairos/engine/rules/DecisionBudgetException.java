package kairos.engine.rules;

import java.util.Locale;

/**
 * A decision point that did not finish: a rule whose consequence ({@code then}) does not return within the decision
 * budget ({@code rules.decision_budget_ms}), or a runaway rule loop (a rule that keeps re-activating itself, e.g.
 * {@code modify} of a fact its own condition matches, without {@code no-loop}). It names the rule, its file and line,
 * and what happened; the session that threw it is unusable and the run that got it stops (exit 1). Thrown by
 * {@link RuleSession#decide}, {@link RuleSession#setParam} and {@link RuleSession#param}.
 */
public final class DecisionBudgetException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** The decision took longer than the budget. */
        TIME,
        /** The rules fired {@link RuleSession#MAX_FIRINGS} times at one decision point. */
        LOOP
    }

    private final Kind kind;
    private final String rule;
    private final String location;
    private final boolean inConsequence;

    DecisionBudgetException(Kind kind, String rule, String location, String message) {
        this(kind, rule, location, false, message);
    }

    private DecisionBudgetException(Kind kind, String rule, String location, boolean inConsequence, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.rule = rule;
        this.location = location;
        this.inConsequence = inConsequence;
    }

    /**
     * A call over the budget: {@code rule} was inside its consequence, or (null) none was, and then {@code lastRule}
     * had fired last of {@code firings} firings (a loop of firings), or nothing had fired (a condition hung).
     */
    static DecisionBudgetException time(String rule, String location, String lastRule, String lastLocation, int firings,
                                        long budgetMillis) {
        String budget = "within the decision budget of " + String.format(Locale.ROOT, "%,d", budgetMillis)
                + " ms (rules.decision_budget_ms in the config)";
        String where = " The decision failed; nothing of it was acted on";
        if (rule != null) {
            return new DecisionBudgetException(Kind.TIME, rule, location, true, "rule '" + rule + "'" + at(location)
                    + " did not return " + budget + ": a loop that never ends in its consequence (then)?" + where);
        }
        if (lastRule != null) {
            return new DecisionBudgetException(Kind.TIME, lastRule, lastLocation, "the rules did not finish " + budget
                    + " after " + String.format(Locale.ROOT, "%,d", firings) + " firings, the last by rule '" + lastRule
                    + "'" + at(lastLocation) + ": a runaway rule loop (a rule changing a fact its own condition matches:"
                    + " add no-loop or a condition that stops it)?" + where);
        }
        return new DecisionBudgetException(Kind.TIME, null, null, "a rule condition (when) or the facts' insertion did"
                + " not return " + budget + ", before any rule fired: a condition that never ends?" + where);
    }

    private static String at(String location) {
        return location == null ? "" : " (" + location + ")";
    }

    static DecisionBudgetException loop(String rule, String location, int firings, int ofRule) {
        return new DecisionBudgetException(Kind.LOOP, rule, location, "rule '" + rule + "'"
                + (location == null ? "" : " (" + location + ")") + " fired " + String.format(Locale.ROOT, "%,d", ofRule)
                + " of " + String.format(Locale.ROOT, "%,d", firings) + " rule firings at one decision point: a runaway"
                + " rule loop (its consequence changes a fact its own condition matches: add no-loop or a condition that"
                + " stops it). The decision failed; nothing of it was acted on");
    }

    public Kind kind() {
        return kind;
    }

    /** The rule that was firing (null when none was: a condition hung). */
    public String rule() {
        return rule;
    }

    /**
     * True when {@link #rule} was still inside its consequence when the budget ran out: its thread may spin on,
     * and firing the rule again would leave another one behind.
     */
    boolean inConsequence() {
        return inConsequence;
    }

    /** {@code file:line} of the rule's declaration, or null when not known. */
    public String location() {
        return location;
    }
}
