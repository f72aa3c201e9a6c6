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

    public TradeSecond() {
    }

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
    public void setSymbol(String symbol) { this.symbol = symbol; }
    /** End of the second (exclusive), when it was sent. */
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public double getOpen() { return open; }
    public void setOpen(double open) { this.open = open; }
    public double getHigh() { return high; }
    public void setHigh(double high) { this.high = high; }
    public double getLow() { return low; }
    public void setLow(double low) { this.low = low; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
    public double getVolume() { return volume; }
    public void setVolume(double volume) { this.volume = volume; }
    /** Taker buy quantity minus taker sell quantity. */
    public double getDelta() { return delta; }
    public void setDelta(double delta) { this.delta = delta; }
    public double getNotional() { return notional; }
    public void setNotional(double notional) { this.notional = notional; }
    public double getBuyNotional() { return buyNotional; }
    public void setBuyNotional(double buyNotional) { this.buyNotional = buyNotional; }
    public double getSellNotional() { return notional - buyNotional; }
    public long getTrades() { return trades; }
    public void setTrades(long trades) { this.trades = trades; }
}
