package kairos.engine.rules;

/**
 * Rule output: scales the size of the symbol's proposals by {@code factor} (Kelly, drawdown tier, volatility
 * regime, correlation, latency). Factors multiply; the product above 1 acts as 1, so rules only ever shrink the
 * risk guard's size.
 */
public final class SizeFactor {
    private final String symbol;
    private final String name;
    private final double factor;
    private final String reason;
    private String rule;

    public SizeFactor(String symbol, String name, double factor, String reason) {
        this.symbol = symbol;
        this.name = name;
        this.factor = factor;
        this.reason = reason;
    }

    public String getSymbol() { return symbol; }
    public String getName() { return name; }
    public double getFactor() { return factor; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
