package kairos.engine.rules;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule fact: the closed bar of a strategy timeframe and its features, for one symbol, at one decision point.
 *
 * <p>Features are named as in the feature schema ({@code adx_14}, {@code atr_pctrank_14_100}, {@code rsi_14} ...).
 * {@link #feature} returns NaN for a feature that is warming up <em>or</em> not provided; {@link #provides} tells
 * the two apart: a name the running feature set does not compute at all is not provided. Filters block on NaN
 * (fail safe); a filter whose input is not provided at all is skipped with an audit note unless the rule
 * parameter {@code requireAllFilterInputs} is set (see {@code docs/rules-guide.md}). Comparisons with NaN are
 * false, so a trigger never fires on a missing value.
 */
public final class MarketState {
    /** Feature names of the core indicators, always provided. */
    public static final String EMA_FAST = "ema_21";
    public static final String EMA_SLOW = "ema_55";
    public static final String RSI = "rsi_14";
    public static final String ATR = "atr_14";
    public static final String VOLUME_SMA = "volume_sma_20";
    /** Largest one-minute move inside the decision bar, a fraction of price (flash-crash input, computed by the kernel). */
    public static final String MOVE_1M = "move_1m_max";

    private final String symbol;
    private final String timeframe;
    private final long time;
    private final double open;
    private final double high;
    private final double low;
    private final double close;
    private final double volume;
    private final Map<String, Double> features;

    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, Map<String, Double> features) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.time = time;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.features = Collections.unmodifiableMap(new TreeMap<>(features));
    }

    /** The core-indicator form (EMA 21/55, RSI 14, ATR 14, volume SMA 20). */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, double emaFast, double emaSlow, double rsi, double atr, double volumeSma) {
        this(symbol, timeframe, time, open, high, low, close, volume,
                Map.of(EMA_FAST, emaFast, EMA_SLOW, emaSlow, RSI, rsi, ATR, atr, VOLUME_SMA, volumeSma));
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

    /** A named feature; NaN while it warms up or when the running feature set does not provide it. */
    public double feature(String name) {
        Double v = features.get(name);
        return v == null ? Double.NaN : v;
    }

    /** True when the running feature set computes {@code name} (its value may still be NaN while warming up). */
    public boolean provides(String name) {
        return features.containsKey(name);
    }

    /** True when {@code name} is provided and has a value. */
    public boolean has(String name) {
        return !Double.isNaN(feature(name));
    }

    public Map<String, Double> getFeatures() { return features; }

    /** EMA(21) of closes. */
    public double getEmaFast() { return feature(EMA_FAST); }
    /** EMA(55) of closes. */
    public double getEmaSlow() { return feature(EMA_SLOW); }
    /** RSI(14), Wilder smoothing. */
    public double getRsi() { return feature(RSI); }
    /** ATR(14), Wilder smoothing. */
    public double getAtr() { return feature(ATR); }
    /** SMA(20) of volume. */
    public double getVolumeSma() { return feature(VOLUME_SMA); }
    /** ADX(14), Wilder (R5.1). */
    public double getAdx() { return feature("adx_14"); }
    /** Percentile rank (0-100) of ATR(14) among its last 100 values (R5.2). */
    public double getAtrPercentile() { return feature("atr_pctrank_14_100"); }
    /** Z-score of the bar's volume against the last 20 bars (R5.3). */
    public double getVolumeZ() { return feature("volume_z_20"); }
    /** Pearson correlation of one-minute returns with BTCUSDT over the last hour (R5.5). */
    public double getBtcCorrelation() { return feature("corr_btc_1h"); }
    /** MACD(12,26,9) histogram (R5.7). */
    public double getMacdHist() { return feature("macd_hist_12_26_9"); }
    /** Volume-profile point of control, value-area high and low over 120 bars (R5.8). */
    public double getPoc() { return feature("vp_poc_120"); }
    public double getVah() { return feature("vp_vah_120"); }
    public double getVal() { return feature("vp_val_120"); }
    /** Market-structure trend: +1 up, -1 down, 0 none (R5.9). */
    public double getStructureTrend() { return feature("ms_trend_2"); }
    /** Largest one-minute move in this bar, a fraction of price. */
    public double getMove1m() { return feature(MOVE_1M); }

    /** True when every core indicator has warmed up. */
    public boolean isReady() {
        return has(EMA_FAST) && has(EMA_SLOW) && has(RSI) && has(ATR) && has(VOLUME_SMA);
    }

    /** A stable one-line text of the bar and every feature (the audit's facts digest). */
    public String digest() {
        StringBuilder sb = new StringBuilder("close=").append(close).append(" open=").append(open).append(" high=")
                .append(high).append(" low=").append(low).append(" vol=").append(volume);
        features.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
