package kairos.engine.features.structure;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;
import kairos.engine.features.calc.Window;

/**
 * Price structure from fractal swing points (a bar higher/lower than the {@value #K} bars on each side, known
 * {@value #K} bars later): swing support/resistance, HH/HL/LH/LL, break of structure, change of character, order
 * blocks, fair-value gaps and the distance to the Fibonacci retracements of the last swing range.
 */
public final class StructureGroup implements FeatureGroup {
    public static final int K = 2;
    public static final int SR_SWINGS = 8;
    public static final int OB_LOOKBACK = 10;
    private static final double[] FIB = {0.236, 0.382, 0.5, 0.618, 0.786};

    private final Window highs = new Window(SR_SWINGS);
    private final Window lows = new Window(SR_SWINGS);
    private double swingHigh = Double.NaN;
    private double swingLow = Double.NaN;
    private double msHigh = Double.NaN;
    private double msLow = Double.NaN;
    private boolean highBroken = true;
    private boolean lowBroken = true;
    private int trend;
    private double obBullHigh = Double.NaN;
    private double obBullLow = Double.NaN;
    private double obBearHigh = Double.NaN;
    private double obBearLow = Double.NaN;
    private double fvgBullHigh = Double.NaN;
    private double fvgBullLow = Double.NaN;
    private double fvgBearHigh = Double.NaN;
    private double fvgBearLow = Double.NaN;

    @Override
    public void declare(Columns c) {
        String p = "k=" + K;
        c.add("swing_high_2", "price of the last confirmed swing high (high above the 2 bars on each side; known 2 bars later)", p, 5);
        c.add("swing_low_2", "price of the last confirmed swing low", p, 5);
        c.add("sr_resistance_2", "dynamic resistance: lowest of the last 8 swing highs above close (NaN when none)", p + ",swings=8", 5);
        c.add("sr_support_2", "dynamic support: highest of the last 8 swing lows below close (NaN when none)", p + ",swings=8", 5);
        c.add("ms_high_2", "market structure of the last swing high: +1 higher high, -1 lower high, 0 equal", p, 5);
        c.add("ms_low_2", "market structure of the last swing low: +1 higher low, -1 lower low, 0 equal", p, 5);
        c.add("ms_trend_2", "structure trend set by breaks: +1 after close broke above the last swing high, -1 after close broke "
                + "below the last swing low, 0 before any break", p, 5);
        c.add("bos_2", "break of structure on this bar: +1 close breaks above the last swing high while the trend was not down, "
                + "-1 the mirror, else 0 (each swing breaks once)", p, 5);
        c.add("choch_2", "change of character on this bar: +1 close breaks above the last swing high while the trend was down, "
                + "-1 the mirror, else 0", p, 5);
        c.add("ob_bull_high_2", "bullish order block high: the last bearish candle within 10 bars before an upward break; NaN once "
                + "a close falls below its low", p + ",lookback=10", 5);
        c.add("ob_bull_low_2", "bullish order block low", p + ",lookback=10", 5);
        c.add("ob_bear_high_2", "bearish order block high: the last bullish candle within 10 bars before a downward break; NaN once "
                + "a close rises above its high", p + ",lookback=10", 5);
        c.add("ob_bear_low_2", "bearish order block low", p + ",lookback=10", 5);
        c.add("fvg_new", "fair-value gap formed on this bar: +1 low > high two bars back, -1 high < low two bars back, else 0", "", 3);
        c.add("fvg_bull_high", "top of the latest unfilled bullish gap (this bar's low at formation); NaN when none or once a low "
                + "reaches its bottom", "", 3);
        c.add("fvg_bull_low", "bottom of the latest unfilled bullish gap (the high two bars before formation)", "", 3);
        c.add("fvg_bear_high", "top of the latest unfilled bearish gap (the low two bars before formation); NaN once a high reaches it",
                "", 3);
        c.add("fvg_bear_low", "bottom of the latest unfilled bearish gap (this bar's high at formation)", "", 3);
        c.add("dist_fib_2", "distance from close to the nearest Fibonacci retracement (0.236, 0.382, 0.5, 0.618, 0.786) of the "
                + "range between the last swing high and low, in % of close", p, 5);
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        long n = b.count();
        double c = b.close(0);
        if (b.isSwingHigh(K)) {
            double p = b.high(K);
            msHigh = Double.isNaN(swingHigh) ? Double.NaN : Math.signum(p - swingHigh);
            swingHigh = p;
            highBroken = false;
            highs.push(p);
        }
        if (b.isSwingLow(K)) {
            double p = b.low(K);
            msLow = Double.isNaN(swingLow) ? Double.NaN : Math.signum(p - swingLow);
            swingLow = p;
            lowBroken = false;
            lows.push(p);
        }
        if (c < obBullLow) {
            obBullHigh = Double.NaN;
            obBullLow = Double.NaN;
        }
        if (c > obBearHigh) {
            obBearHigh = Double.NaN;
            obBearLow = Double.NaN;
        }
        int bos = 0;
        int choch = 0;
        if (!highBroken && c > swingHigh) {
            highBroken = true;
            if (trend == -1) {
                choch = 1;
            } else {
                bos = 1;
            }
            trend = 1;
            for (int k = 1; k <= OB_LOOKBACK && k < n; k++) {
                if (b.close(k) < b.open(k)) {
                    obBullHigh = b.high(k);
                    obBullLow = b.low(k);
                    break;
                }
            }
        }
        if (!lowBroken && c < swingLow) {
            lowBroken = true;
            if (trend == 1) {
                choch = -1;
            } else {
                bos = -1;
            }
            trend = -1;
            for (int k = 1; k <= OB_LOOKBACK && k < n; k++) {
                if (b.close(k) > b.open(k)) {
                    obBearHigh = b.high(k);
                    obBearLow = b.low(k);
                    break;
                }
            }
        }
        if (b.low(0) <= fvgBullLow) {
            fvgBullHigh = Double.NaN;
            fvgBullLow = Double.NaN;
        }
        if (b.high(0) >= fvgBearHigh) {
            fvgBearHigh = Double.NaN;
            fvgBearLow = Double.NaN;
        }
        double fvgNew = Double.NaN;
        if (n >= 3) {
            fvgNew = 0;
            if (b.low(0) > b.high(2)) {
                fvgNew = 1;
                fvgBullHigh = b.low(0);
                fvgBullLow = b.high(2);
            } else if (b.high(0) < b.low(2)) {
                fvgNew = -1;
                fvgBearHigh = b.low(2);
                fvgBearLow = b.high(0);
            }
        }
        boolean ready = n >= 2 * K + 1;
        out[o++] = swingHigh;
        out[o++] = swingLow;
        double res = Double.NaN;
        for (int k = 0; k < highs.size(); k++) {
            double h = highs.get(k);
            if (h > c && !(h >= res)) {
                res = h;
            }
        }
        double sup = Double.NaN;
        for (int k = 0; k < lows.size(); k++) {
            double l = lows.get(k);
            if (l < c && !(l <= sup)) {
                sup = l;
            }
        }
        out[o++] = res;
        out[o++] = sup;
        out[o++] = msHigh;
        out[o++] = msLow;
        out[o++] = ready ? trend : Double.NaN;
        out[o++] = ready ? bos : Double.NaN;
        out[o++] = ready ? choch : Double.NaN;
        out[o++] = obBullHigh;
        out[o++] = obBullLow;
        out[o++] = obBearHigh;
        out[o++] = obBearLow;
        out[o++] = fvgNew;
        out[o++] = fvgBullHigh;
        out[o++] = fvgBullLow;
        out[o++] = fvgBearHigh;
        out[o++] = fvgBearLow;
        double range = swingHigh - swingLow;
        double dist = Double.NaN;
        if (range > 0) {
            dist = Double.POSITIVE_INFINITY;
            for (double f : FIB) {
                dist = Math.min(dist, Math.abs(c - (swingLow + f * range)));
            }
            dist = dist / c * 100;
        }
        out[o] = dist;
    }
}
