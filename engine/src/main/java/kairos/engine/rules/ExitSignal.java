package kairos.engine.rules;

/** Rule output: close the symbol's position at market now, for {@code reason} (e.g. "time_stop"). */
public final class ExitSignal {
    private final String symbol;
    private final String reason;
    private String rule;

    public ExitSignal(String symbol, String reason) {
        this.symbol = symbol;
        this.reason = reason;
    }

    public String getSymbol() { return symbol; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
