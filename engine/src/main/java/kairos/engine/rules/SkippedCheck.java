package kairos.engine.rules;

/**
 * Rule output: a filter that did not run because the running feature set does not provide its input (for
 * example {@code corr_btc_1h} without BTC data). Audited; it blocks nothing unless {@code requireAllFilterInputs}.
 */
public final class SkippedCheck {
    private final String tier;
    private final String reason;
    private String rule;

    public SkippedCheck(String tier, String reason) {
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
