package kairos.engine.cep.events;

/**
 * The trades of one symbol in one clock second of event time [ts - 1000, ts), built by the feed from the trade
 * stream and sent at the second's end. The minute-scale statements (flash crash, momentum, absorption, flow
 * minutes) keep these in their windows instead of every trade: at 100 trades a second that is a hundred times
 * less state, which is what keeps the full statement set above a million trades a second.
 */
public final class TradeSecond {
    private String symbol;
    private long ts;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;
    private double delta;
    private double notional;
    private double buyNotional;
    private long trades;


    /** Starts a second with its first trade. */
    public TradeSecond(String symbol, long end, double price, double qty, boolean buy) {
        this.symbol = symbol;
        this.ts = end;
        this.open = price;
        this.high = price;
        this.low = price;
        add(price, qty, buy);
    }

    /** Adds a later trade of the same second. */
    public void add(double price, double qty, boolean buy) {
        if (trades > 0) {
            high = Math.max(high, price);
            low = Math.min(low, price);
        }
        close = price;
        volume += qty;
        delta += buy ? qty : -qty;
        notional += price * qty;
        if (buy) {
            buyNotional += price * qty;
        }
        trades++;
    }

    public String getSymbol() { return symbol; }
    /** End of the second (exclusive), when it was sent. */
    public long getTs() { return ts; }
    public double getOpen() { return open; }
    public double getHigh() { return high; }
    public double getLow() { return low; }
    public double getClose() { return close; }
    public double getVolume() { return volume; }
    /** Taker buy quantity minus taker sell quantity. */
    public double getDelta() { return delta; }
    public double getNotional() { return notional; }
    public double getBuyNotional() { return buyNotional; }
    public double getSellNotional() { return notional - buyNotional; }
    public long getTrades() { return trades; }
}
