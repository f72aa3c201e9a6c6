package kairos.engine.rules;

import java.util.List;

/** What the rules said at one decision point, in firing / insertion order. */
public record RuleOutcome(List<String> rulesFired, List<Proposal> proposals, List<ExitSignal> exits, List<Veto> vetoes) {
}
