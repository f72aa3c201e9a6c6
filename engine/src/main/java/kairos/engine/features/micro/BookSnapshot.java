package kairos.engine.features.micro;

import kairos.engine.cep.events.FeedEvent;

/**
 * The top levels of an order book at one instant: bids best (highest) first, asks best (lowest) first, as parallel
 * price/size arrays. One of the stream events ({@link FeedEvent}) the feature engine and Esper share.
 */
public final class BookSnapshot extends FeedEvent {
    private final double[] bidPrices;
    private final double[] bidSizes;
    private final double[] askPrices;
    private final double[] askSizes;

    public BookSnapshot(String symbol, long ts, double[] bidPrices, double[] bidSizes, double[] askPrices, double[] askSizes) {
        this(symbol, ts, 0, bidPrices, bidSizes, askPrices, askSizes);
    }

    public BookSnapshot(String symbol, long ts, long recvTs, double[] bidPrices, double[] bidSizes, double[] askPrices,
                        double[] askSizes) {
        super(symbol, ts, recvTs);
        if (bidPrices.length != bidSizes.length || askPrices.length != askSizes.length) {
            throw new IllegalArgumentException("price and size arrays differ in length");
        }
        this.bidPrices = bidPrices;
        this.bidSizes = bidSizes;
        this.askPrices = askPrices;
        this.askSizes = askSizes;
    }

    public double[] getBidPrices() {
        return bidPrices;
    }

    public double[] getBidSizes() {
        return bidSizes;
    }

    public double[] getAskPrices() {
        return askPrices;
    }

    public double[] getAskSizes() {
        return askSizes;
    }

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
