package kairos.engine.cep.events;

/** The current or settled funding rate of a perpetual (fraction per interval). */
public final class Funding extends FeedEvent {
    private double rate;


    public Funding(String symbol, long ts, long recvTs, double rate) {
        super(symbol, ts, recvTs);
        this.rate = rate;
    }

    public double getRate() { return rate; }
}
