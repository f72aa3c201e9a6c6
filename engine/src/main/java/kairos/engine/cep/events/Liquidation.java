package kairos.engine.cep.events;

/**
 * A forced liquidation. {@code side} is the side of the liquidated position, as Bybit's {@code allLiquidation}
 * stream gives it: {@code Buy} means a long position was liquidated (a forced sell), {@code Sell} a short.
 */
public final class Liquidation extends FeedEvent {
    private double price;
    private double qty;
    private String side;


    public Liquidation(String symbol, long ts, long recvTs, double price, double qty, String side) {
        super(symbol, ts, recvTs);
        this.price = price;
        this.qty = qty;
        this.side = side;
    }

    public double getPrice() { return price; }
    public double getQty() { return qty; }
    public String getSide() { return side; }

    public double getNotional() { return price * qty; }

    /** {@code true} when a long position was liquidated. */
    public boolean isLongLiquidated() { return "Buy".equals(side); }
}
