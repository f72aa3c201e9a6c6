package kairos.engine.features.volume;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;
import kairos.engine.features.calc.Window;

/** Volume columns: OBV and OBV/price divergence, session VWAP with bands, rolling volume profile, relative volume and its z-score. */
public final class VolumeGroup implements FeatureGroup {
    public static final int PROFILE_BARS = 120;
    public static final int PROFILE_BINS = 24;
    public static final double VALUE_AREA = 0.70;
    private static final long DAY = 86_400_000L;

    private double obv;
    private final Window obvHist = new Window(21);
    private long sessionDay = Long.MIN_VALUE;
    private double shift;
    private double sumV;
    private double sumPv;
    private double sumP2v;
    private final Window vpTp = new Window(PROFILE_BARS);
    private final Window vpVol = new Window(PROFILE_BARS);
    private final double[] bins = new double[PROFILE_BINS];
    private final Window prevVol = new Window(20);

    @Override
    public void declare(Columns c) {
        c.add("obv", "on-balance volume: starts at 0 on the first bar; + volume when close rose, - volume when it fell", "", 1);
        c.add("obv_div_20", "volume/price divergence over 20 bars: +1 close fell while OBV rose, -1 close rose while OBV fell, else 0",
                "n=20", 21);
        c.add("vwap", "session VWAP: sum(typical x volume) / sum(volume) since 00:00 UTC of the bar's day", "session=utc_day", 1);
        c.add("vwap_upper_1", "VWAP + 1 volume-weighted standard deviation of typical price in the session", "session=utc_day,k=1", 1);
        c.add("vwap_lower_1", "VWAP - 1 volume-weighted standard deviation", "session=utc_day,k=1", 1);
        c.add("vwap_upper_2", "VWAP + 2 volume-weighted standard deviations", "session=utc_day,k=2", 1);
        c.add("vwap_lower_2", "VWAP - 2 volume-weighted standard deviations", "session=utc_day,k=2", 1);
        String vp = "bars=" + PROFILE_BARS + ",bins=" + PROFILE_BINS + ",value_area=" + VALUE_AREA;
        c.add("vp_poc_120", "volume profile point of control: centre of the bin (24 equal bins between the lowest and highest "
                + "typical price of the last 120 bars, each bar's volume at its typical price) with the most volume", vp, PROFILE_BARS);
        c.add("vp_vah_120", "value area high: upper edge of the value area grown bin by bin from the POC towards the "
                + "larger neighbour (above on ties) until it holds 70% of the volume", vp, PROFILE_BARS);
        c.add("vp_val_120", "value area low: lower edge of that value area", vp, PROFILE_BARS);
        c.add("rvol_20", "relative volume: volume / mean volume of the 20 previous bars", "n=20", 21);
        c.add("volume_z_20", "volume z-score: (volume - mean volume of the 20 previous bars) / their sample standard "
                + "deviation; NaN when that deviation is 0", "n=20", 21);
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        long n = b.count();
        double c = b.close(0);
        double v = b.volume(0);
        if (n >= 2) {
            double pc = b.close(1);
            obv += c > pc ? v : (c < pc ? -v : 0);
        }
        obvHist.push(obv);
        out[o++] = obv;
        if (n > 20) {
            double dp = c - b.close(20);
            double dobv = obv - obvHist.get(20);
            out[o++] = dp < 0 && dobv > 0 ? 1 : (dp > 0 && dobv < 0 ? -1 : 0);
        } else {
            out[o++] = Double.NaN;
        }
        double tp = b.typical(0);
        long day = Math.floorDiv(b.time(0), DAY);
        if (day != sessionDay) {
            sessionDay = day;
            shift = tp;
            sumV = 0;
            sumPv = 0;
            sumP2v = 0;
        }
        double d = tp - shift;
        sumV += v;
        sumPv += d * v;
        sumP2v += d * d * v;
        if (sumV > 0) {
            double m = sumPv / sumV;
            double sd = Math.sqrt(Math.max(0, sumP2v / sumV - m * m));
            double vwap = shift + m;
            out[o++] = vwap;
            out[o++] = vwap + sd;
            out[o++] = vwap - sd;
            out[o++] = vwap + 2 * sd;
            out[o++] = vwap - 2 * sd;
        } else {
            for (int k = 0; k < 5; k++) {
                out[o++] = Double.NaN;
            }
        }
        vpTp.push(tp);
        vpVol.push(v);
        if (vpTp.full()) {
            profile(out, o);
        } else {
            out[o] = Double.NaN;
            out[o + 1] = Double.NaN;
            out[o + 2] = Double.NaN;
        }
        o += 3;
        double mv = prevVol.mean();
        out[o] = mv > 0 ? v / mv : Double.NaN;
        double sd = Math.sqrt(prevVol.sampleVariance());
        out[o + 1] = sd > 0 ? (v - mv) / sd : Double.NaN;
        prevVol.push(v);
    }

    private void profile(double[] out, int o) {
        double lo = vpTp.min();
        double hi = vpTp.max();
        if (hi == lo) {
            out[o] = lo;
            out[o + 1] = lo;
            out[o + 2] = lo;
            return;
        }
        double w = (hi - lo) / PROFILE_BINS;
        java.util.Arrays.fill(bins, 0);
        double total = 0;
        for (int k = 0; k < PROFILE_BARS; k++) {
            int i = Math.min((int) ((vpTp.get(k) - lo) / w), PROFILE_BINS - 1);
            double vol = vpVol.get(k);
            bins[i] += vol;
            total += vol;
        }
        int poc = 0;
        for (int i = 1; i < PROFILE_BINS; i++) {
            if (bins[i] > bins[poc]) {
                poc = i;
            }
        }
        int top = poc;
        int bottom = poc;
        double inside = bins[poc];
        while (inside < VALUE_AREA * total && (top < PROFILE_BINS - 1 || bottom > 0)) {
            double above = top < PROFILE_BINS - 1 ? bins[top + 1] : -1;
            double below = bottom > 0 ? bins[bottom - 1] : -1;
            if (above >= below) {
                inside += bins[++top];
            } else {
                inside += bins[--bottom];
            }
        }
        out[o] = lo + (poc + 0.5) * w;
        out[o + 1] = lo + (top + 1) * w;
        out[o + 2] = lo + bottom * w;
    }
}
