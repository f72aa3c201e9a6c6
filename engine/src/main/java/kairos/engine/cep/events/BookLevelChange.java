package kairos.engine.cep.events;

/**
 * One price level of the order book changed size (appeared, grew, shrank or vanished) in a snapshot or delta.
 * Spoofing detection watches large levels that are pulled without trading.
 */
public final class BookLevelChange extends FeedEvent {
    private String side;
    private double price;
    private double oldQty;
    private double newQty;


    public BookLevelChange(String symbol, long ts, long recvTs, String side, double price, double oldQty, double newQty) {
        super(symbol, ts, recvTs);
        this.side = side;
        this.price = price;
        this.oldQty = oldQty;
        this.newQty = newQty;
    }

    /** {@code Bid} or {@code Ask}. */
    public String getSide() { return side; }
    public double getPrice() { return price; }
    public double getOldQty() { return oldQty; }
    public double getNewQty() { return newQty; }
    public double getOldNotional() { return price * oldQty; }
    public double getNewNotional() { return price * newQty; }
}
