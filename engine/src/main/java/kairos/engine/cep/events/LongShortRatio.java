package kairos.engine.cep.events;

/** Accounts long / accounts short (Bybit account ratio). */
public final class LongShortRatio extends FeedEvent {
    private double value;


    public LongShortRatio(String symbol, long ts, long recvTs, double value) {
        super(symbol, ts, recvTs);
        this.value = value;
    }

    public double getValue() { return value; }
}
