package kairos.engine.cep.events;

/** A public trade: price, quantity and the taker side ({@code Buy} or {@code Sell}). */
public final class TradeTick extends FeedEvent {
    private double price;
    private double qty;
    private String side;


    public TradeTick(String symbol, long ts, long recvTs, double price, double qty, String side) {
        super(symbol, ts, recvTs);
        this.price = price;
        this.qty = qty;
        this.side = side;
    }

    public double getPrice() { return price; }
    public double getQty() { return qty; }
    public String getSide() { return side; }

    @Override
    public boolean isTrade() { return true; }

    /** Quote value of the trade, price x qty (USDT for linear perpetuals). */
    public double getNotional() { return price * qty; }

    /** {@code true} when the taker bought (lifted the ask). */
    public boolean isBuy() { return "Buy".equals(side); }

    /** Quantity signed by taker side: + for buys, - for sells (the order-flow delta of this trade). */
    public double getDelta() { return isBuy() ? qty : -qty; }
}
