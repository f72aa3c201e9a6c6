package kairos.engine.cep.events;

/** The index price (the spot reference of the perpetual). */
public final class IndexPrice extends FeedEvent {
    private double price;


    public IndexPrice(String symbol, long ts, long recvTs, double price) {
        super(symbol, ts, recvTs);
        this.price = price;
    }

    public double getPrice() { return price; }
}
