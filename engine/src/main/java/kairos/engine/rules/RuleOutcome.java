package kairos.engine.rules;

import java.util.List;

/** What the rules said at one decision point, in firing / insertion order. */
public record RuleOutcome(List<String> rulesFired, List<Proposal> proposals, List<ExitSignal> exits, List<Veto> vetoes,
                          List<Action> actions, List<SizeFactor> sizeFactors, List<SkippedCheck> skipped) {

    public RuleOutcome {
        rulesFired = List.copyOf(rulesFired);
        proposals = List.copyOf(proposals);
        exits = List.copyOf(exits);
        vetoes = List.copyOf(vetoes);
        actions = List.copyOf(actions);
        sizeFactors = List.copyOf(sizeFactors);
        skipped = List.copyOf(skipped);
    }

    /** The proposal's own multiplier times every size factor of its symbol, capped at 1 (rules only shrink). */
    public double sizeMultiplier(Proposal p) {
        double m = p.getSizeMultiplier();
        for (SizeFactor f : sizeFactors) {
            if (f.getSymbol() == null || f.getSymbol().equals(p.getSymbol())) {
                m *= f.getFactor();
            }
        }
        return Double.isFinite(m) ? Math.max(0, Math.min(1, m)) : 0;
    }

    /** The vetoes that block {@code p}, in firing order. */
    public List<Veto> vetoesOf(Proposal p) {
        return vetoes.stream().filter(v -> v.blocks(p.getSide())).toList();
    }

    /** The first proposal no veto blocks, or null. */
    public Proposal firstClearProposal() {
        return proposals.stream().filter(p -> vetoesOf(p).isEmpty()).findFirst().orElse(null);
    }
}
