package kairos.engine.rules;

/** Rule fact: the account at the decision point. Drawdown is a fraction of the equity peak (0.05 = 5%). */
public final class AccountState {
    private final double equity;
    private final double peakEquity;
    private final int openPositions;

    public AccountState(double equity, double peakEquity, int openPositions) {
        this.equity = equity;
        this.peakEquity = peakEquity;
        this.openPositions = openPositions;
    }

    public double getEquity() { return equity; }
    public double getPeakEquity() { return peakEquity; }
    public int getOpenPositions() { return openPositions; }

    public double getDrawdown() {
        return peakEquity <= 0 ? 0 : Math.max(0, 1 - equity / peakEquity);
    }
}
