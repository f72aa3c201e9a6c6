package kairos.engine.cep.events;

/** One of our own executions (from the venue), so statements can relate patterns to what we traded. */
public final class Fill {
    private String symbol;
    private long ts;
    private String side;
    private double price;
    private double qty;
    private double fee;
    private String orderLinkId;
    private String execId;


    public Fill(String symbol, long ts, String side, double price, double qty, double fee, String orderLinkId, String execId) {
        this.symbol = symbol;
        this.ts = ts;
        this.side = side;
        this.price = price;
        this.qty = qty;
        this.fee = fee;
        this.orderLinkId = orderLinkId;
        this.execId = execId;
    }

    public String getSymbol() { return symbol; }
    public long getTs() { return ts; }
    public String getSide() { return side; }
    public double getPrice() { return price; }
    public double getQty() { return qty; }
    public double getFee() { return fee; }
    public String getOrderLinkId() { return orderLinkId; }
    public String getExecId() { return execId; }
}
