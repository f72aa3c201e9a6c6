package kairos.engine.rules;

/**
 * Rule fact: the closed bar of a strategy timeframe and its indicators, for one symbol, at one decision point.
 * Indicators are NaN while they warm up; rules must not fire on NaN (comparisons with NaN are false).
 */
public final class MarketState {
    private final String symbol;
    private final String timeframe;
    private final long time;
    private final double open;
    private final double high;
    private final double low;
    private final double close;
    private final double volume;
    private final double emaFast;
    private final double emaSlow;
    private final double rsi;
    private final double atr;
    private final double volumeSma;

    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, double emaFast, double emaSlow, double rsi, double atr, double volumeSma) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.time = time;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.emaFast = emaFast;
        this.emaSlow = emaSlow;
        this.rsi = rsi;
        this.atr = atr;
        this.volumeSma = volumeSma;
    }

    public String getSymbol() { return symbol; }
    public String getTimeframe() { return timeframe; }
    /** Close time of the bar, epoch ms UTC: the decision time. */
    public long getTime() { return time; }
    public double getOpen() { return open; }
    public double getHigh() { return high; }
    public double getLow() { return low; }
    public double getClose() { return close; }
    public double getVolume() { return volume; }
    /** EMA(21) of closes. */
    public double getEmaFast() { return emaFast; }
    /** EMA(55) of closes. */
    public double getEmaSlow() { return emaSlow; }
    /** RSI(14), Wilder smoothing. */
    public double getRsi() { return rsi; }
    /** ATR(14), Wilder smoothing. */
    public double getAtr() { return atr; }
    /** SMA(20) of volume. */
    public double getVolumeSma() { return volumeSma; }

    /** True when every indicator has warmed up. */
    public boolean isReady() {
        return !Double.isNaN(emaFast) && !Double.isNaN(emaSlow) && !Double.isNaN(rsi) && !Double.isNaN(atr)
                && !Double.isNaN(volumeSma);
    }

    public String digest() {
        return "close=" + close + " ema_fast=" + emaFast + " ema_slow=" + emaSlow + " rsi=" + rsi + " atr=" + atr
                + " vol=" + volume + " vol_sma=" + volumeSma;
    }
}
