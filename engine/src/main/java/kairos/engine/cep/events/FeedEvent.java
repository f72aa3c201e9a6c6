package kairos.engine.cep.events;

/**
 * Base of every market-data event sent to Esper: the symbol, the exchange's event time {@code ts} and, when
 * known, the time it was received ({@code recvTs}, 0 when unknown). Statements that select from
 * {@code FeedEvent} see trades, books, liquidations, open interest, funding, long/short ratio, mark and index
 * alike (feed health: staleness and latency). Beans with getters only (Esper event types must be
 * POJOs or Maps, not records); the feed creates one per event and nothing changes it afterwards.
 */
public abstract class FeedEvent {
    private String symbol;
    private long ts;
    private long recvTs;


    protected FeedEvent(String symbol, long ts, long recvTs) {
        this.symbol = symbol;
        this.ts = ts;
        this.recvTs = recvTs;
    }

    public String getSymbol() { return symbol; }
    public long getTs() { return ts; }
    public long getRecvTs() { return recvTs; }

    /** {@code true} for a {@link TradeTick}: lets statements on all feeds skip the (many) trades cheaply. */
    public boolean isTrade() { return false; }

    /** Feed latency in ms, {@code recvTs - ts}, or -1 when the receive time is unknown. */
    public long getLatency() { return recvTs > 0 ? recvTs - ts : -1; }
}
