package kairos.engine.features.micro;

import kairos.engine.domain.Side;

/** One public trade; {@code side} is the taker side. Mutable JavaBean so it can be an Esper event type. */
public class TradeTick implements MicroEvent {
    private String symbol;
    private long ts;
    private double price;
    private double qty;
    private Side side;

    public TradeTick() {
    }

    public TradeTick(String symbol, long ts, double price, double qty, Side side) {
        this.symbol = symbol;
        this.ts = ts;
        this.price = price;
        this.qty = qty;
        this.side = side;
    }

    public String getSymbol() {
        return symbol;
    }

    public void setSymbol(String symbol) {
        this.symbol = symbol;
    }

    @Override
    public long getTs() {
        return ts;
    }

    public void setTs(long ts) {
        this.ts = ts;
    }

    public double getPrice() {
        return price;
    }

    public void setPrice(double price) {
        this.price = price;
    }

    public double getQty() {
        return qty;
    }

    public void setQty(double qty) {
        this.qty = qty;
    }

    public Side getSide() {
        return side;
    }

    public void setSide(Side side) {
        this.side = side;
    }

    /** price x qty, in quote currency. */
    public double getNotional() {
        return price * qty;
    }

    @Override
    public String toString() {
        return "TradeTick[" + symbol + " " + ts + " " + side + " " + qty + "@" + price + "]";
    }
}
