package kairos.engine.rules;

import kairos.engine.domain.Side;

/** Rule fact: the open position of a symbol at the decision point (absent when flat). */
public final class PositionState {
    private final String symbol;
    private final Side side;
    private final double qty;
    private final double entryPrice;
    private final long entryTime;
    private final double heldMinutes;
    private final double unrealizedPnl;
    private final String strategy;

    public PositionState(String symbol, Side side, double qty, double entryPrice, long entryTime, double heldMinutes,
                         double unrealizedPnl, String strategy) {
        this.symbol = symbol;
        this.side = side;
        this.qty = qty;
        this.entryPrice = entryPrice;
        this.entryTime = entryTime;
        this.heldMinutes = heldMinutes;
        this.unrealizedPnl = unrealizedPnl;
        this.strategy = strategy;
    }

    public String getSymbol() { return symbol; }
    public Side getSide() { return side; }
    public boolean isLong() { return side == Side.Buy; }
    public boolean isShort() { return side == Side.Sell; }
    public double getQty() { return qty; }
    public double getEntryPrice() { return entryPrice; }
    public long getEntryTime() { return entryTime; }
    public double getHeldMinutes() { return heldMinutes; }
    public double getUnrealizedPnl() { return unrealizedPnl; }
    public String getStrategy() { return strategy; }
}
