package kairos.engine.backtest.validation;

import kairos.engine.kernel.Decision;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the decision points of a run said, counted: how many there were, how many carried a proposal, what each
 * veto tier blocked, what the risk guard did, which of a set of rules fired and which actions were taken. It
 * explains a run without trades in one sentence ({@link #noTradeReason}), e.g. "0 trades: the ml tier vetoed
 * 4,032 of 4,032 decision points".
 *
 * @param decisionPoints       bar-close decision points of the traded symbols in the window
 * @param proposals            of them, with an entry proposal
 * @param accepted             proposals the risk guard sized and sent
 * @param rejected             proposals the risk guard refused
 * @param vetoesByTier         decision points with at least one veto of the tier (sorted by tier)
 * @param proposalsVetoedByTier proposals blocked by a veto of the tier
 * @param rulesFired           of the watched rules, the decision points at which each fired (sorted by name)
 * @param actions              actions by type (pause, flatten, cancel_all, reduce, alert), every trigger
 * @param rejections           risk-guard reasons of the rejected proposals, with counts
 */
public record DecisionStats(int decisionPoints, int proposals, int accepted, int rejected,
                            Map<String, Integer> vetoesByTier, Map<String, Integer> proposalsVetoedByTier,
                            Map<String, Integer> rulesFired, Map<String, Integer> actions,
                            Map<String, Integer> rejections) {

    /** The veto tier of the walk-forward's warm-up rule; not counted. */
    public static final String WARM_UP_TIER = "validation";

    /**
     * Counts the decisions made at or after {@code from} (epoch ms); {@code watched} are the rule names whose firings
     * are counted (e.g. the emergency rules).
     */
    public static DecisionStats of(List<Decision> decisions, long from, Set<String> watched) {
        int points = 0;
        int proposals = 0;
        int accepted = 0;
        int rejected = 0;
        Map<String, Integer> tiers = new TreeMap<>();
        Map<String, Integer> proposalTiers = new TreeMap<>();
        Map<String, Integer> fired = new TreeMap<>();
        Map<String, Integer> actions = new TreeMap<>();
        Map<String, Integer> rejections = new TreeMap<>();
        for (Decision d : decisions) {
            if (d.ts() == null || Instant.parse(d.ts()).toEpochMilli() < from) {
                continue;
            }
            for (Decision.ActionRecord a : d.actions()) {
                actions.merge(a.type(), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (String r : d.rulesFired()) {
                if (watched.contains(r) && seen.add(r)) {
                    fired.merge(r, 1, Integer::sum);
                }
            }
            if (!"bar_close".equals(d.trigger())) {
                continue;
            }
            points++;
            Set<String> vetoTiers = new HashSet<>();
            for (Decision.VetoRecord v : d.vetoes()) {
                if (!WARM_UP_TIER.equals(v.tier())) {
                    vetoTiers.add(v.tier());
                }
            }
            vetoTiers.forEach(t -> tiers.merge(t, 1, Integer::sum));
            if (d.proposal() != null) {
                proposals++;
                String status = d.verdict() == null ? "" : d.verdict().status();
                switch (status) {
                    case "accepted" -> accepted++;
                    case "rejected" -> {
                        rejected++;
                        rejections.merge(d.verdict().reason() == null ? "" : d.verdict().reason(), 1, Integer::sum);
                    }
                    case "vetoed" -> {
                        Set<String> blocking = new HashSet<>();
                        for (Decision.VetoRecord v : d.vetoes()) {
                            if (!WARM_UP_TIER.equals(v.tier()) && (v.side() == null || v.side().equals(d.proposal().side()))) {
                                blocking.add(v.tier());
                            }
                        }
                        blocking.forEach(t -> proposalTiers.merge(t, 1, Integer::sum));
                    }
                    default -> {
                    }
                }
            }
        }
        return new DecisionStats(points, proposals, accepted, rejected, tiers, proposalTiers, fired, actions, rejections);
    }

    /**
     * Why a run made no trade, or null when it made some: the tier that vetoed the most decision points, then what
     * happened to the proposals.
     */
    public String noTradeReason(int trades) {
        if (trades > 0) {
            return null;
        }
        if (decisionPoints == 0) {
            return "0 trades: no decision point in the window";
        }
        StringBuilder out = new StringBuilder("0 trades: ");
        Map.Entry<String, Integer> top = top(vetoesByTier);
        if (top != null) {
            out.append("the ").append(top.getKey()).append(" tier vetoed ").append(count(top.getValue())).append(" of ")
                    .append(count(decisionPoints)).append(" decision points");
        } else {
            out.append("no veto at any of the ").append(count(decisionPoints)).append(" decision points");
        }
        if (proposals == 0) {
            out.append("; no strategy proposed an entry");
        } else {
            out.append("; ").append(count(proposals)).append(proposals == 1 ? " proposal" : " proposals");
            Map.Entry<String, Integer> blocker = top(proposalsVetoedByTier);
            if (blocker != null) {
                out.append(", ").append(count(blocker.getValue())).append(" blocked by the ").append(blocker.getKey())
                        .append(" tier");
            }
            if (rejected > 0) {
                Map.Entry<String, Integer> why = top(rejections);
                out.append(", ").append(count(rejected)).append(" rejected by the risk guard (").append(why.getKey()).append(')');
            }
            if (accepted > 0) {
                out.append(", ").append(count(accepted)).append(" accepted but never filled");
            }
        }
        return out.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision_points", decisionPoints);
        m.put("proposals", proposals);
        m.put("accepted", accepted);
        m.put("rejected_by_risk_guard", rejected);
        m.put("vetoes_by_tier", vetoesByTier);
        m.put("proposals_vetoed_by_tier", proposalsVetoedByTier);
        return m;
    }

    private static Map.Entry<String, Integer> top(Map<String, Integer> m) {
        Map.Entry<String, Integer> best = null;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (best == null || e.getValue() > best.getValue()) {
                best = e;
            }
        }
        return best;
    }

    static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
