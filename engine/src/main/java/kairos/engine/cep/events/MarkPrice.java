package kairos.engine.cep.events;

/** The mark price (what liquidations and unrealised PnL use). */
public final class MarkPrice extends FeedEvent {
    private double price;


    public MarkPrice(String symbol, long ts, long recvTs, double price) {
        super(symbol, ts, recvTs);
        this.price = price;
    }

    public double getPrice() { return price; }
}
