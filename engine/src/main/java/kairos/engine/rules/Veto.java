package kairos.engine.rules;

/** Rule output: blocks entries at this decision point. {@code tier} names the filter tier (market, technical, ml, risk). */
public final class Veto {
    private final String tier;
    private final String reason;
    private String rule;

    public Veto(String tier, String reason) {
        this.tier = tier;
        this.reason = reason;
    }

    public String getTier() { return tier; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
