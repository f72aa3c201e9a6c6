package kairos.engine.rules;

import kairos.engine.domain.Side;

/** Rule fact: an order resting on the venue at the decision point ({@code purpose}: entry, stop, target, exit). */
public record OpenOrderState(String symbol, String linkId, Side side, String purpose, double qty, double price) {
    public String getSymbol() { return symbol; }
    public String getLinkId() { return linkId; }
    public Side getSide() { return side; }
    public String getPurpose() { return purpose; }
    public double getQty() { return qty; }
    public double getPrice() { return price; }
}
