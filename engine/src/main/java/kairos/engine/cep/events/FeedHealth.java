package kairos.engine.cep.events;

/**
 * A change in the health of a market-data connection, reported by the adapter that owns it: {@code status} is
 * {@code connected}, {@code disconnected}, {@code resubscribed} or {@code gap} (a sequence gap in a book stream);
 * {@code symbol} is the affected symbol, or {@code *} for the whole connection.
 */
public final class FeedHealth {
    private String symbol;
    private long ts;
    private String stream;
    private String status;
    private String detail;

    public FeedHealth() {
    }

    public FeedHealth(String symbol, long ts, String stream, String status, String detail) {
        this.symbol = symbol;
        this.ts = ts;
        this.stream = stream;
        this.status = status;
        this.detail = detail;
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public String getStream() { return stream; }
    public void setStream(String stream) { this.stream = stream; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getDetail() { return detail; }
    public void setDetail(String detail) { this.detail = detail; }
}
