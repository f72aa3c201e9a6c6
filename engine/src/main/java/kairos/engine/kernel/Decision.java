package kairos.engine.kernel;

import java.util.List;

/**
 * The audit record of one decision point: what the rules saw and said, and what the risk guard made of it.
 * {@code id} is deterministic (symbol and decision time), so two replays of the same inputs give equal records.
 */
public record Decision(String id, String ts, String symbol, String trigger, List<String> rulesFired,
                       List<VetoRecord> vetoes, ProposalRecord proposal, Verdict verdict, List<ExitRecord> exits,
                       List<String> patterns, String facts, String rulesetHash, String modelVersion) {

    public record VetoRecord(String tier, String rule, String reason) {
    }

    public record ProposalRecord(String side, String strategy, String rule, String entryType, double entryPrice,
                                 double stopPrice, double targetPrice, double sizeMultiplier, String reason) {
    }

    /** {@code status}: accepted, rejected (by the risk guard), vetoed (by a rule), exit, or none. */
    public record Verdict(String status, String reason, String qty, String stopPrice, String orderLinkId) {
    }

    public record ExitRecord(String rule, String reason) {
    }
}
