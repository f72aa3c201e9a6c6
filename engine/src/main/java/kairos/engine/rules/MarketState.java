package kairos.engine.rules;

import kairos.engine.features.FeatureSchema;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule fact: the closed bar of a strategy timeframe and its features, for one symbol, at one decision point.
 *
 * <p>Features are named as in the {@link FeatureSchema} ({@code adx_14}, {@code atr_pctrank_14_100}, {@code rsi_14},
 * {@code rsi_14@1h} ..., see {@code docs/features.md}), plus the kernel's own {@value #MOVE_1M}.
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
    public static final String RVOL = "rvol_20";
    /** Largest one-minute move inside the decision bar, a fraction of price (flash-crash input, computed by the kernel). */
    public static final String MOVE_1M = "move_1m_max";
    /** The kernel's latest values of the ticker and market-data streams, provided once their stream has spoken. */
    public static final String OPEN_INTEREST = "open_interest";
    public static final String LONG_SHORT_RATIO = "long_short_ratio";
    public static final String MARK_PRICE = "mark_price";
    public static final String INDEX_PRICE = "index_price";
    public static final String FUNDING_PREDICTED = "funding_rate_predicted";
    /** Every value the kernel provides beside the feature schemas. */
    public static final java.util.List<String> KERNEL_VALUES = java.util.List.of(MOVE_1M, OPEN_INTEREST,
            LONG_SHORT_RATIO, MARK_PRICE, INDEX_PRICE, FUNDING_PREDICTED);

    private final String symbol;
    private final String timeframe;
    private final long time;
    private final double open;
    private final double high;
    private final double low;
    private final double close;
    private final double volume;
    /** Features the audit digest shows for a schema-backed state (the full row is reproducible from the data). */
    static final List<String> DIGEST_FEATURES = List.of(EMA_FAST, EMA_SLOW, RSI, ATR, RVOL, "adx_14",
            "atr_pctrank_14_100", "corr_btc_1h", "macd_hist_12_26_9", "vp_poc_120", "vp_vah_120", "vp_val_120",
            "ms_trend_2", MOVE_1M);

    private final FeatureSchema schema;
    private final double[] values;
    private final Map<String, Double> features;

    /**
     * From the feature engine: {@code values} is a snapshot of {@code schema}'s columns at this bar; {@code extra}
     * holds values the kernel computes itself ({@value #MOVE_1M}).
     */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, FeatureSchema schema, double[] values, Map<String, Double> extra) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.time = time;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.schema = schema;
        this.values = values;
        this.features = Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    /** From named values (rule scenarios and tests): exactly these features are provided. */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, Map<String, Double> features) {
        this(symbol, timeframe, time, open, high, low, close, volume, null, null, features);
    }

    /** The shipped rules' core indicators given directly (tests): ema_21, ema_55, rsi_14, atr_14, rvol_20 from a volume SMA. */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, double emaFast, double emaSlow, double rsi, double atr, double volumeSma) {
        this(symbol, timeframe, time, open, high, low, close, volume, Map.of(EMA_FAST, emaFast, EMA_SLOW, emaSlow,
                RSI, rsi, ATR, atr, RVOL, volumeSma > 0 ? volume / volumeSma : Double.NaN));
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

    /** A named feature (the schema's column, else the kernel's extra of that name); NaN while it warms up or when not provided. */
    public double feature(String name) {
        int i = schema == null ? -1 : schema.indexOf(name);
        if (i >= 0) {
            return values[i];
        }
        Double v = features.get(name);
        return v != null ? v : Double.NaN;
    }

    /** True when the running feature set computes {@code name} (its value may still be NaN while warming up). */
    public boolean provides(String name) {
        return features.containsKey(name) || (schema != null && schema.indexOf(name) >= 0);
    }

    /** True when {@code name} is provided and has a value. */
    public boolean has(String name) {
        return !Double.isNaN(feature(name));
    }

    /** The named values this state was built from (the kernel's extras for a schema-backed state). */
    public Map<String, Double> getFeatures() { return features; }

    /** EMA(21) of closes. */
    public double getEmaFast() { return feature(EMA_FAST); }
    /** EMA(55) of closes. */
    public double getEmaSlow() { return feature(EMA_SLOW); }
    /** RSI(14), Wilder smoothing. */
    public double getRsi() { return feature(RSI); }
    /** ATR(14), Wilder smoothing. */
    public double getAtr() { return feature(ATR); }
    /** {@code rvol_20}: volume / mean volume of the 20 previous bars. */
    public double getRvol() { return feature(RVOL); }
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
        return has(EMA_FAST) && has(EMA_SLOW) && has(RSI) && has(ATR) && has(RVOL);
    }

    /** A stable one-line text of the bar and every feature (the audit's facts digest). */
    public String digest() {
        StringBuilder sb = new StringBuilder("close=").append(close).append(" open=").append(open).append(" high=")
                .append(high).append(" low=").append(low).append(" vol=").append(volume);
        if (schema == null) {
            features.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        } else {
            for (String k : DIGEST_FEATURES) {
                if (provides(k)) {
                    sb.append(' ').append(k).append('=').append(feature(k));
                }
            }
        }
        return sb.toString();
    }
}
