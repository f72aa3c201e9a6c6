package kairos.engine.rules;

import kairos.engine.domain.Side;

/**
 * Rule output: a would-be entry. The risk guard sizes it (or refuses it); rules never size in units.
 * {@code sizeMultiplier} can only shrink the risk guard's size (values above 1 are treated as 1).
 */
public final class Proposal {
    private final String symbol;
    private final Side side;
    private final String strategy;
    private final String entryType;
    private final double entryPrice;
    private final double stopPrice;
    private final double targetPrice;
    private final double sizeMultiplier;
    private final String reason;
    private String rule;

    public Proposal(String symbol, Side side, String strategy, String entryType, double entryPrice, double stopPrice,
                    double targetPrice, double sizeMultiplier, String reason) {
        this.symbol = symbol;
        this.side = side;
        this.strategy = strategy;
        this.entryType = entryType;
        this.entryPrice = entryPrice;
        this.stopPrice = stopPrice;
        this.targetPrice = targetPrice;
        this.sizeMultiplier = sizeMultiplier;
        this.reason = reason;
    }

    public String getSymbol() { return symbol; }
    public Side getSide() { return side; }
    public String getStrategy() { return strategy; }
    /** "market" or "limit". */
    public String getEntryType() { return entryType; }
    /** Reference price: the limit price for a limit entry, the decision bar's close for a market entry. */
    public double getEntryPrice() { return entryPrice; }
    public double getStopPrice() { return stopPrice; }
    public double getTargetPrice() { return targetPrice; }
    public double getSizeMultiplier() { return sizeMultiplier; }
    public String getReason() { return reason; }
    /** Name of the rule that proposed it (set by the rule engine). */
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
