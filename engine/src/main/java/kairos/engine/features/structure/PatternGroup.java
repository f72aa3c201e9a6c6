package kairos.engine.features.structure;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;

/** Candlestick patterns, each +1 bullish / -1 bearish / 0 none (doji and inside bar: 1 / 0). */
public final class PatternGroup implements FeatureGroup {

    @Override
    public void declare(Columns c) {
        c.add("cdl_engulfing", "+1 bullish engulfing (previous bar bearish, this bar bullish, open <= previous close, close >= "
                + "previous open, larger body), -1 the bearish mirror, else 0", "", 2);
        c.add("cdl_pinbar", "+1 bullish pin bar (lower wick >= 2 bodies and >= 60% of the range, upper wick <= 25% of the range), "
                + "-1 bearish pin bar (the mirror), else 0", "wick=2,share=0.6,other=0.25", 1);
        c.add("cdl_hammer", "+1 hammer: bullish pin bar after a decline (previous close < close 4 bars back); -1 shooting star: "
                + "bearish pin bar after a rise; else 0", "wick=2,share=0.6,other=0.25,trend=3", 5);
        c.add("cdl_doji", "1 when the body is at most 10% of a non-zero range, else 0", "body=0.1", 1);
        c.add("cdl_inside_bar", "1 when high < previous high and low > previous low, else 0", "", 2);
        c.add("cdl_three_soldiers", "+1 three white soldiers (three bullish bars, each closing higher and opening within the "
                + "previous body), -1 three black crows (the mirror), else 0", "", 3);
    }

    /** +1 bullish pin, -1 bearish pin, 0 none, for the bar {@code ago} back. */
    static int pin(BarHistory b, int ago) {
        double o = b.open(ago);
        double c = b.close(ago);
        double h = b.high(ago);
        double l = b.low(ago);
        double range = h - l;
        if (range <= 0) {
            return 0;
        }
        double body = Math.abs(c - o);
        double lower = Math.min(o, c) - l;
        double upper = h - Math.max(o, c);
        if (lower >= 2 * body && lower >= 0.6 * range && upper <= 0.25 * range) {
            return 1;
        }
        if (upper >= 2 * body && upper >= 0.6 * range && lower <= 0.25 * range) {
            return -1;
        }
        return 0;
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        long n = b.count();
        double op = b.open(0);
        double c = b.close(0);
        double h = b.high(0);
        double l = b.low(0);
        if (n >= 2) {
            double po = b.open(1);
            double pc = b.close(1);
            double body = Math.abs(c - op);
            double pbody = Math.abs(pc - po);
            int e = 0;
            if (pc < po && c > op && op <= pc && c >= po && body > pbody) {
                e = 1;
            } else if (pc > po && c < op && op >= pc && c <= po && body > pbody) {
                e = -1;
            }
            out[o] = e;
        } else {
            out[o] = Double.NaN;
        }
        int pin = pin(b, 0);
        out[o + 1] = pin;
        if (n >= 5) {
            double prior = b.close(1) - b.close(4);
            out[o + 2] = pin == 1 && prior < 0 ? 1 : (pin == -1 && prior > 0 ? -1 : 0);
        } else {
            out[o + 2] = Double.NaN;
        }
        double range = h - l;
        out[o + 3] = range > 0 && Math.abs(c - op) <= 0.1 * range ? 1 : 0;
        out[o + 4] = n >= 2 ? (h < b.high(1) && l > b.low(1) ? 1 : 0) : Double.NaN;
        if (n >= 3) {
            int s = 0;
            if (soldiers(b, 1)) {
                s = 1;
            } else if (soldiers(b, -1)) {
                s = -1;
            }
            out[o + 5] = s;
        } else {
            out[o + 5] = Double.NaN;
        }
    }

    private static boolean soldiers(BarHistory b, int dir) {
        for (int k = 0; k < 3; k++) {
            if (Math.signum(b.close(k) - b.open(k)) != dir) {
                return false;
            }
        }
        for (int k = 0; k < 2; k++) {
            double o = b.open(k);
            double pc = b.close(k + 1);
            double po = b.open(k + 1);
            if (dir * (b.close(k) - pc) <= 0 || o < Math.min(po, pc) || o > Math.max(po, pc)) {
                return false;
            }
        }
        return true;
    }
}
