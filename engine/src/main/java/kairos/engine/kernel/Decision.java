package kairos.engine.kernel;

import java.util.List;

/**
 * The audit record of one decision point: what the rules saw and said, and what the risk guard made of it.
 * {@code trigger} is what made it a decision point: {@code bar_close} (a strategy bar closed), {@code pattern} (a
 * CEP pattern was detected), {@code fill} (one of Kairos' orders filled) or {@code risk_event} (a large one-minute
 * move or an emergency pattern); {@code rules_reload} records a hot reload. {@code id} is deterministic (symbol,
 * decision time and a suffix for the trigger: none for a bar close, {@code -p}, {@code -f}, {@code -r}), so two
 * replays of the same inputs give equal records. {@code rulesFired} is in firing order; {@code vetoes} are every
 * veto of the decision (the "why not" of a would-be trade), {@code skipped} the filters that could not run for lack
 * of input. {@code microstructure} says where the microstructure columns came from: {@code ticks} (trades and
 * book updates reached the features) or {@code bars} (there were none: those columns are absent).
 * {@code dataSource} names the fallback feed the market data came from when it was not the venue's own (a live
 * session on Binance while Bybit's feed is stale), null otherwise (and then absent from the JSON).
 */
public record Decision(String id, String ts, String symbol, String trigger, List<String> rulesFired,
                       List<VetoRecord> vetoes, ProposalRecord proposal, Verdict verdict, List<ExitRecord> exits,
                       List<String> patterns, String facts, String rulesetHash, String modelVersion,
                       List<ActionRecord> actions, List<SizeFactorRecord> sizeFactors, List<SkipRecord> skipped,
                       String factsDigest, String microstructure, String dataSource) {

    /** A decision on the venue's own market data. */
    public Decision(String id, String ts, String symbol, String trigger, List<String> rulesFired,
                    List<VetoRecord> vetoes, ProposalRecord proposal, Verdict verdict, List<ExitRecord> exits,
                    List<String> patterns, String facts, String rulesetHash, String modelVersion,
                    List<ActionRecord> actions, List<SizeFactorRecord> sizeFactors, List<SkipRecord> skipped,
                    String factsDigest, String microstructure) {
        this(id, ts, symbol, trigger, rulesFired, vetoes, proposal, verdict, exits, patterns, facts, rulesetHash,
                modelVersion, actions, sizeFactors, skipped, factsDigest, microstructure, null);
    }

    /** A decision with no microstructure note, on the venue's own market data. */
    public Decision(String id, String ts, String symbol, String trigger, List<String> rulesFired,
                    List<VetoRecord> vetoes, ProposalRecord proposal, Verdict verdict, List<ExitRecord> exits,
                    List<String> patterns, String facts, String rulesetHash, String modelVersion,
                    List<ActionRecord> actions, List<SizeFactorRecord> sizeFactors, List<SkipRecord> skipped,
                    String factsDigest) {
        this(id, ts, symbol, trigger, rulesFired, vetoes, proposal, verdict, exits, patterns, facts, rulesetHash,
                modelVersion, actions, sizeFactors, skipped, factsDigest, null, null);
    }

    public static final String BAR_CLOSE = "bar_close";
    public static final String PATTERN = "pattern";
    public static final String FILL = "fill";
    public static final String RISK_EVENT = "risk_event";
    public static final String RULES_RELOAD = "rules_reload";

    /** {@code side} is set for a direction-dependent veto (it blocks only that side). */
    public record VetoRecord(String tier, String rule, String reason, String side) {
    }

    /**
     * The proposal the decision acted on (the first one no veto blocks, else the first one). {@code sizeMultiplier}
     * is the product of the proposal's multiplier and every size factor, capped at 1.
     */
    public record ProposalRecord(String side, String strategy, String rule, String entryType, double entryPrice,
                                 double stopPrice, double targetPrice, double sizeMultiplier, String reason,
                                 List<TargetRecord> targets, double runnerFraction) {
    }

    public record TargetRecord(double price, double fraction) {
    }

    /** {@code status}: accepted, rejected (by the risk guard), vetoed (by a rule), exit, or none. */
    public record Verdict(String status, String reason, String qty, String stopPrice, String orderLinkId) {
    }

    public record ExitRecord(String rule, String reason) {
    }

    /** {@code until}: ISO time for a pause ("manual" until an operator resumes), else null. */
    public record ActionRecord(String type, String symbol, String until, Double fraction, String alertType,
                               String rule, String reason) {
    }

    public record SizeFactorRecord(String name, double factor, String rule, String reason) {
    }

    public record SkipRecord(String tier, String rule, String reason) {
    }
}
