package kairos.engine.cep.events;

/**
 * The top of one symbol's order book after a snapshot or delta was applied: the best levels, the spread and
 * the resting quantity of the first levels on each side. Quantities are in base coin, best level first.
 */
public final class BookTop extends FeedEvent {
    /** Levels summed by {@link #getImbalance()}; {@link #imbalance(int)} takes any depth. */
    public static final int DEFAULT_IMBALANCE_LEVELS = 10;

    private boolean snapshot;
    private double[] bidPrices = new double[0];
    private double[] bidQtys = new double[0];
    private double[] askPrices = new double[0];
    private double[] askQtys = new double[0];


    public BookTop(String symbol, long ts, long recvTs, boolean snapshot, double[] bidPrices, double[] bidQtys,
                   double[] askPrices, double[] askQtys) {
        super(symbol, ts, recvTs);
        this.snapshot = snapshot;
        this.bidPrices = bidPrices;
        this.bidQtys = bidQtys;
        this.askPrices = askPrices;
        this.askQtys = askQtys;
    }

    public boolean isSnapshot() { return snapshot; }
    public double[] getBidPrices() { return bidPrices; }
    public double[] getBidQtys() { return bidQtys; }
    public double[] getAskPrices() { return askPrices; }
    public double[] getAskQtys() { return askQtys; }

    /** Best bid, or NaN when the bid side is empty. */
    public double getBestBid() { return bidPrices.length > 0 ? bidPrices[0] : Double.NaN; }
    /** Best ask, or NaN when the ask side is empty. */
    public double getBestAsk() { return askPrices.length > 0 ? askPrices[0] : Double.NaN; }
    public double getMid() { return (getBestBid() + getBestAsk()) / 2; }
    public double getSpread() { return getBestAsk() - getBestBid(); }
    /** Spread in basis points of the mid price (NaN when a side is empty). */
    public double getSpreadBps() { return getSpread() / getMid() * 10_000; }

    /** Resting base quantity on the first {@code levels} bid levels. */
    public double bidDepth(int levels) { return sum(bidQtys, levels); }
    /** Resting base quantity on the first {@code levels} ask levels. */
    public double askDepth(int levels) { return sum(askQtys, levels); }

    /**
     * Order-book imbalance over the first {@code levels} levels: (bid - ask) / (bid + ask), from -1 (only
     * asks) to +1 (only bids); 0 for an empty book.
     */
    public double imbalance(int levels) {
        double b = bidDepth(levels);
        double a = askDepth(levels);
        return b + a > 0 ? (b - a) / (b + a) : 0;
    }

    /** {@link #imbalance(int)} of {@code book}, callable from EPL as {@code BookTop.imbalanceOf(b, levels)}. */
    public static double imbalanceOf(BookTop book, int levels) {
        return book.imbalance(levels);
    }

    public double getImbalance() { return imbalance(DEFAULT_IMBALANCE_LEVELS); }

    private static double sum(double[] qtys, int levels) {
        double s = 0;
        for (int i = 0, n = Math.min(levels, qtys.length); i < n; i++) {
            s += qtys[i];
        }
        return s;
    }
}
