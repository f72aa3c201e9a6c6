package kairos.engine.cep.events;

/** Open interest of the contract, in contracts (base coin). */
public final class OpenInterest extends FeedEvent {
    private double value;


    public OpenInterest(String symbol, long ts, long recvTs, double value) {
        super(symbol, ts, recvTs);
        this.value = value;
    }

    public double getValue() { return value; }
}
