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


    public FeedHealth(String symbol, long ts, String stream, String status, String detail) {
        this.symbol = symbol;
        this.ts = ts;
        this.stream = stream;
        this.status = status;
        this.detail = detail;
    }

    public String getSymbol() { return symbol; }
    public long getTs() { return ts; }
    public String getStream() { return stream; }
    public String getStatus() { return status; }
    public String getDetail() { return detail; }
}
