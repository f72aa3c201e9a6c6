package kairos.engine.cep.events;

/**
 * Base of every market-data event sent to Esper: the symbol, the exchange's event time {@code ts} and, when
 * known, the time it was received ({@code recvTs}, 0 when unknown). Statements that select from
 * {@code FeedEvent} see trades, books, liquidations, open interest, funding, long/short ratio, mark and index
 * alike (feed health: staleness and latency). Mutable JavaBeans because Esper event types must be POJOs or
 * Maps; the kernel creates one per event and never changes it after sending.
 */
public abstract class FeedEvent {
    private String symbol;
    private long ts;
    private long recvTs;

    protected FeedEvent() {
    }

    protected FeedEvent(String symbol, long ts, long recvTs) {
        this.symbol = symbol;
        this.ts = ts;
        this.recvTs = recvTs;
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public long getRecvTs() { return recvTs; }
    public void setRecvTs(long recvTs) { this.recvTs = recvTs; }

    /** {@code true} for a {@link TradeTick}: lets statements on all feeds skip the (many) trades cheaply. */
    public boolean isTrade() { return false; }

    /** Feed latency in ms, {@code recvTs - ts}, or -1 when the receive time is unknown. */
    public long getLatency() { return recvTs > 0 ? recvTs - ts : -1; }
}
