package kairos.engine.rules;

import kairos.engine.domain.Side;

import java.util.List;

/**
 * Rule output: a would-be entry. The risk guard sizes it (or refuses it); rules never size in units.
 * {@code sizeMultiplier} is the trigger's own scale; sizing rules add {@link SizeFactor}s and the product
 * (see {@link RuleOutcome#sizeMultiplier}) can only shrink the risk guard's size: values above 1 act as 1.
 * {@code targets} is the take-profit ladder; what it leaves (1 − Σ fractions) is the runner.
 */
public final class Proposal {
    private final String symbol;
    private final Side side;
    private final String strategy;
    private final String entryType;
    private final double entryPrice;
    private final double stopPrice;
    private final List<TakeProfit> targets;
    private final double sizeMultiplier;
    private final String reason;
    private String rule;

    public Proposal(String symbol, Side side, String strategy, String entryType, double entryPrice, double stopPrice,
                    List<TakeProfit> targets, double sizeMultiplier, String reason) {
        this.symbol = symbol;
        this.side = side;
        this.strategy = strategy;
        this.entryType = entryType;
        this.entryPrice = entryPrice;
        this.stopPrice = stopPrice;
        this.targets = List.copyOf(targets);
        this.sizeMultiplier = sizeMultiplier;
        this.reason = reason;
    }

    /** A single full-size target. */
    public Proposal(String symbol, Side side, String strategy, String entryType, double entryPrice, double stopPrice,
                    double targetPrice, double sizeMultiplier, String reason) {
        this(symbol, side, strategy, entryType, entryPrice, stopPrice, List.of(new TakeProfit(targetPrice, 1.0)),
                sizeMultiplier, reason);
    }

    public String getSymbol() { return symbol; }
    public Side getSide() { return side; }
    public boolean isLong() { return side == Side.Buy; }
    public boolean isShort() { return side == Side.Sell; }
    public String getStrategy() { return strategy; }
    /** "market" or "limit". */
    public String getEntryType() { return entryType; }
    /** Reference price: the limit price for a limit entry, the decision bar's close for a market entry. */
    public double getEntryPrice() { return entryPrice; }
    public double getStopPrice() { return stopPrice; }
    public List<TakeProfit> getTargets() { return targets; }
    /** The furthest target of the ladder (NaN without targets). */
    public double getTargetPrice() { return targets.isEmpty() ? Double.NaN : targets.getLast().price(); }
    /** Share of the position left to the trailing stop after the ladder. */
    public double getRunnerFraction() {
        return Math.max(0, 1 - targets.stream().mapToDouble(TakeProfit::fraction).sum());
    }
    public double getSizeMultiplier() { return sizeMultiplier; }
    public String getReason() { return reason; }
    /** Name of the rule that proposed it (set by the rule engine). */
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
