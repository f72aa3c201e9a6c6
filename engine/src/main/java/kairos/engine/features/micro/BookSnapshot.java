package kairos.engine.features.micro;

/**
 * The top levels of an order book at one instant: bids best (highest) first, asks best (lowest) first, as parallel
 * price/size arrays. Mutable JavaBean so it can be an Esper event type.
 */
public class BookSnapshot implements MicroEvent {
    private String symbol;
    private long ts;
    private double[] bidPrices = new double[0];
    private double[] bidSizes = new double[0];
    private double[] askPrices = new double[0];
    private double[] askSizes = new double[0];

    public BookSnapshot() {
    }

    public BookSnapshot(String symbol, long ts, double[] bidPrices, double[] bidSizes, double[] askPrices, double[] askSizes) {
        if (bidPrices.length != bidSizes.length || askPrices.length != askSizes.length) {
            throw new IllegalArgumentException("price and size arrays differ in length");
        }
        this.symbol = symbol;
        this.ts = ts;
        this.bidPrices = bidPrices;
        this.bidSizes = bidSizes;
        this.askPrices = askPrices;
        this.askSizes = askSizes;
    }

    public String getSymbol() {
        return symbol;
    }

    public void setSymbol(String symbol) {
        this.symbol = symbol;
    }

    @Override
    public long getTs() {
        return ts;
    }

    public void setTs(long ts) {
        this.ts = ts;
    }

    public double[] getBidPrices() {
        return bidPrices;
    }

    public void setBidPrices(double[] bidPrices) {
        this.bidPrices = bidPrices;
    }

    public double[] getBidSizes() {
        return bidSizes;
    }

    public void setBidSizes(double[] bidSizes) {
        this.bidSizes = bidSizes;
    }

    public double[] getAskPrices() {
        return askPrices;
    }

    public void setAskPrices(double[] askPrices) {
        this.askPrices = askPrices;
    }

    public double[] getAskSizes() {
        return askSizes;
    }

    public void setAskSizes(double[] askSizes) {
        this.askSizes = askSizes;
    }

    /** (bid size - ask size) / (bid size + ask size) over the top {@code levels} of each side; NaN for an empty book. */
    public double imbalance(int levels) {
        double b = 0;
        double a = 0;
        for (int i = 0; i < Math.min(levels, bidSizes.length); i++) {
            b += bidSizes[i];
        }
        for (int i = 0; i < Math.min(levels, askSizes.length); i++) {
            a += askSizes[i];
        }
        return a + b == 0 ? Double.NaN : (b - a) / (b + a);
    }

    /**
     * Large-order imbalance of the top {@code levels}: (notional of bid levels >= {@code minNotional} - the same for
     * asks) / their sum; NaN when no level is that large.
     */
    public double largeImbalance(int levels, double minNotional) {
        double b = 0;
        double a = 0;
        for (int i = 0; i < Math.min(levels, bidSizes.length); i++) {
            double n = bidPrices[i] * bidSizes[i];
            b += n >= minNotional ? n : 0;
        }
        for (int i = 0; i < Math.min(levels, askSizes.length); i++) {
            double n = askPrices[i] * askSizes[i];
            a += n >= minNotional ? n : 0;
        }
        return a + b == 0 ? Double.NaN : (b - a) / (b + a);
    }

    /** (best ask - best bid) / mid in basis points; NaN when a side is empty. */
    public double spreadBps() {
        if (bidPrices.length == 0 || askPrices.length == 0) {
            return Double.NaN;
        }
        double mid = (bidPrices[0] + askPrices[0]) / 2;
        return (askPrices[0] - bidPrices[0]) / mid * 10_000;
    }
}
