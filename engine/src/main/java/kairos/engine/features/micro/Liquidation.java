package kairos.engine.features.micro;

import kairos.engine.domain.Side;

/** A forced liquidation; {@code side} is the side of the liquidated position (Buy = a long was liquidated). */
public class Liquidation implements MicroEvent {
    private String symbol;
    private long ts;
    private double price;
    private double qty;
    private Side side;

    public Liquidation() {
    }

    public Liquidation(String symbol, long ts, double price, double qty, Side side) {
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

    public double getNotional() {
        return price * qty;
    }

    @Override
    public String toString() {
        return "Liquidation[" + symbol + " " + ts + " " + side + " " + qty + "@" + price + "]";
    }
}
