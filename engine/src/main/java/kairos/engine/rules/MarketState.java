package kairos.engine.rules;

import kairos.engine.features.FeatureSchema;

import java.util.Map;

/**
 * Rule fact: the closed bar of a strategy timeframe and its features, for one symbol, at one decision point.
 * Any column of the {@link FeatureSchema} is readable by name with {@link #feature(String)} (see
 * {@code docs/features.md}); the typed getters name the ones the shipped rules use. Values are NaN while they warm
 * up or when their input is absent; comparisons with NaN are false, so a rule never fires on a missing value.
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
    private final FeatureSchema schema;
    private final double[] values;
    private final Map<String, Double> named;

    /** From the feature engine: {@code values} is a snapshot of {@code schema}'s columns at this bar. */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, FeatureSchema schema, double[] values) {
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
        this.named = null;
    }

    /** From named values (rule scenarios and tests); columns not given read NaN. */
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
        this.schema = null;
        this.values = null;
        this.named = Map.copyOf(features);
    }

    /** The shipped rules' indicators given directly (tests): ema_21, ema_55, rsi_14, atr_14 and rvol_20 from a volume SMA. */
    public MarketState(String symbol, String timeframe, long time, double open, double high, double low, double close,
                       double volume, double emaFast, double emaSlow, double rsi, double atr, double volumeSma) {
        this(symbol, timeframe, time, open, high, low, close, volume, Map.of("ema_21", emaFast, "ema_55", emaSlow,
                "rsi_14", rsi, "atr_14", atr, "rvol_20", volumeSma > 0 ? volume / volumeSma : Double.NaN));
    }

    /** A feature by its schema name, e.g. {@code feature("adx_14")} or {@code feature("rsi_14@1h")}; NaN when absent. */
    public double feature(String name) {
        if (named != null) {
            Double v = named.get(name);
            return v == null ? Double.NaN : v;
        }
        int i = schema.indexOf(name);
        return i < 0 ? Double.NaN : values[i];
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
    /** {@code ema_21}. */
    public double getEmaFast() { return feature("ema_21"); }
    /** {@code ema_55}. */
    public double getEmaSlow() { return feature("ema_55"); }
    /** {@code rsi_14} (Wilder). */
    public double getRsi() { return feature("rsi_14"); }
    /** {@code atr_14} (Wilder). */
    public double getAtr() { return feature("atr_14"); }
    /** {@code rvol_20}: volume / mean volume of the 20 previous bars. */
    public double getRvol() { return feature("rvol_20"); }

    /** True when every indicator the shipped rules read has warmed up. */
    public boolean isReady() {
        return !Double.isNaN(getEmaFast()) && !Double.isNaN(getEmaSlow()) && !Double.isNaN(getRsi())
                && !Double.isNaN(getAtr()) && !Double.isNaN(getRvol());
    }

    /** The few values an audit reader needs to see why rules fired (the full row is reproducible from the data). */
    public String digest() {
        return "close=" + close + " ema_21=" + getEmaFast() + " ema_55=" + getEmaSlow() + " rsi_14=" + getRsi()
                + " atr_14=" + getAtr() + " rvol_20=" + getRvol();
    }
}
