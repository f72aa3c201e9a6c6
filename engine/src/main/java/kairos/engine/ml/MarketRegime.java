package kairos.engine.ml;

/**
 * The regime of one symbol at a decision point, as a rule fact: {@code MarketRegime(regime == "HIGH_VOL")}.
 * See {@link RegimeDetector} for how it is drawn.
 */
public final class MarketRegime {
    private final String symbol;
    private final long time;
    private final Regime regime;
    private final double adx;
    private final double atrPercentile;

    public MarketRegime(String symbol, long time, Regime regime, double adx, double atrPercentile) {
        this.symbol = symbol;
        this.time = time;
        this.regime = regime;
        this.adx = adx;
        this.atrPercentile = atrPercentile;
    }

    public String getSymbol() { return symbol; }
    public long getTime() { return time; }
    public String getRegime() { return regime.name(); }
    public Regime regime() { return regime; }
    public double getAdx() { return adx; }
    public double getAtrPercentile() { return atrPercentile; }

    @Override
    public String toString() {
        return "MarketRegime[" + symbol + " " + regime + " adx=" + adx + " atrPercentile=" + atrPercentile + "]";
    }
}
