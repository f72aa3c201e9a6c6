package kairos.engine.rules;

import kairos.engine.domain.Side;

/**
 * Rule output: blocks entries at this decision point. {@code tier} names what blocked (market, technical, ml,
 * sizing, drawdown, protection, emergency). A veto with a {@code side} blocks only proposals of that side
 * (direction-dependent filters such as the EMA stack); without one it blocks every entry.
 */
public final class Veto {
    private final String tier;
    private final String reason;
    private final Side side;
    private String rule;

    public Veto(String tier, String reason) {
        this(tier, reason, null);
    }

    public Veto(String tier, String reason, Side side) {
        this.tier = tier;
        this.reason = reason;
        this.side = side;
    }

    public String getTier() { return tier; }
    public String getReason() { return reason; }
    public Side getSide() { return side; }
    public String getRule() { return rule; }

    /** True when this veto blocks a proposal on {@code side}. */
    public boolean blocks(Side proposalSide) {
        return side == null || side == proposalSide;
    }

    void setRule(String rule) {
        this.rule = rule;
    }
}
