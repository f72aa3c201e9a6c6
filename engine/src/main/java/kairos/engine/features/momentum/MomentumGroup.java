package kairos.engine.features.momentum;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;
import kairos.engine.features.calc.Ema;
import kairos.engine.features.calc.Window;

/** Momentum columns: RSI with divergences, MFI, ROC, Williams %R, CCI, fast stochastic, CMF. */
public final class MomentumGroup implements FeatureGroup {
    /** Fractal half-width for the swing points the divergences compare. */
    public static final int SWING = 2;
    /** Maximum bars between the two swing points of a divergence. */
    public static final int DIVERGENCE_LOOKBACK = 60;

    private final Ema gain = Ema.wilder(14);
    private final Ema loss = Ema.wilder(14);
    private final Window rsiHist = new Window(SWING + 1);
    private final Window mfPos = new Window(14);
    private final Window mfNeg = new Window(14);
    private final Window cciTp = new Window(20);
    private final Window stochK = new Window(3);
    private final Window cmfMfv = new Window(20);
    private final Window cmfVol = new Window(20);
    private double lastLowPrice = Double.NaN;
    private double lastLowRsi = Double.NaN;
    private long lastLowBar = Long.MIN_VALUE;
    private double lastHighPrice = Double.NaN;
    private double lastHighRsi = Double.NaN;
    private long lastHighBar = Long.MIN_VALUE;

    @Override
    public void declare(Columns c) {
        c.add("rsi_14", "Wilder's RSI: 100 - 100 / (1 + avg gain / avg loss), Wilder averages seeded with the mean of the first "
                + "14 changes; 100 when avg loss is 0 (50 when both are 0)", "n=14", 15);
        c.add("rsi_div_regular_14", "regular RSI divergence, on the bar confirming a fractal swing (2 bars each side) within 60 bars "
                + "of the previous one: +1 lower price low with higher RSI, -1 higher price high with lower RSI, else 0",
                "n=14,swing=2,lookback=60", 15);
        c.add("rsi_div_hidden_14", "hidden RSI divergence, same swings: +1 higher price low with lower RSI, -1 lower price high "
                + "with higher RSI, else 0", "n=14,swing=2,lookback=60", 15);
        c.add("mfi_14", "money flow index: 100 x positive flow / (positive + negative flow) over 14 bars; flow = typical price x "
                + "volume, positive when typical price rose, negative when it fell, neither when unchanged; 50 when both 0",
                "n=14", 15);
        c.add("roc_10", "rate of change: 100 x (close - close 10 bars back) / close 10 bars back", "n=10", 11);
        c.add("willr_14", "Williams %R: -100 x (highest high - close) / (highest high - lowest low) over 14 bars; -50 when flat",
                "n=14", 14);
        c.add("cci_20", "commodity channel index: (typical - SMA(typical)) / (0.015 x mean absolute deviation) over 20 bars; "
                + "0 when the deviation is 0", "n=20", 20);
        c.add("stoch_k_14_3", "fast stochastic %K: 100 x (close - lowest low) / (highest high - lowest low) over 14 bars; 50 when flat",
                "n=14,d=3", 14);
        c.add("stoch_d_14_3", "stochastic %D: 3-bar SMA of fast %K", "n=14,d=3", 16);
        c.add("cmf_20", "Chaikin money flow: sum(((close - low) - (high - close)) / (high - low) x volume) / sum(volume) over 20 "
                + "bars; a bar with high = low contributes 0", "n=20", 20);
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        long n = b.count();
        double c = b.close(0);
        double h = b.high(0);
        double l = b.low(0);
        double v = b.volume(0);
        double rsi = Double.NaN;
        if (n >= 2) {
            double ch = c - b.close(1);
            double g = gain.update(Math.max(ch, 0));
            double ls = loss.update(Math.max(-ch, 0));
            if (!Double.isNaN(g)) {
                rsi = ls == 0 ? (g == 0 ? 50 : 100) : 100 - 100 / (1 + g / ls);
            }
        }
        rsiHist.push(rsi);
        out[o++] = rsi;
        double regular = 0;
        double hidden = 0;
        if (b.isSwingLow(SWING)) {
            double p = b.low(SWING);
            double r = rsiHist.get(SWING);
            long bar = n - 1 - SWING;
            if (!Double.isNaN(r) && !Double.isNaN(lastLowRsi) && bar - lastLowBar <= DIVERGENCE_LOOKBACK) {
                if (p < lastLowPrice && r > lastLowRsi) {
                    regular = 1;
                } else if (p > lastLowPrice && r < lastLowRsi) {
                    hidden = 1;
                }
            }
            lastLowPrice = p;
            lastLowRsi = r;
            lastLowBar = bar;
        }
        if (b.isSwingHigh(SWING)) {
            double p = b.high(SWING);
            double r = rsiHist.get(SWING);
            long bar = n - 1 - SWING;
            if (!Double.isNaN(r) && !Double.isNaN(lastHighRsi) && bar - lastHighBar <= DIVERGENCE_LOOKBACK) {
                if (p > lastHighPrice && r < lastHighRsi) {
                    regular = -1;
                } else if (p < lastHighPrice && r > lastHighRsi) {
                    hidden = -1;
                }
            }
            lastHighPrice = p;
            lastHighRsi = r;
            lastHighBar = bar;
        }
        boolean rsiReady = !Double.isNaN(rsi);
        out[o++] = rsiReady ? regular : Double.NaN;
        out[o++] = rsiReady ? hidden : Double.NaN;
        double tp = (h + l + c) / 3;
        if (n >= 2) {
            double ptp = b.typical(1);
            mfPos.push(tp > ptp ? tp * v : 0);
            mfNeg.push(tp < ptp ? tp * v : 0);
        }
        if (mfPos.full()) {
            double pos = mfPos.sum();
            double neg = mfNeg.sum();
            out[o++] = pos + neg == 0 ? 50 : 100 * pos / (pos + neg);
        } else {
            out[o++] = Double.NaN;
        }
        out[o++] = n > 10 ? 100 * (c - b.close(10)) / b.close(10) : Double.NaN;
        double hh = Double.NaN;
        double ll = Double.NaN;
        if (n >= 14) {
            hh = b.highest(14);
            ll = b.lowest(14);
            out[o++] = hh == ll ? -50 : -100 * (hh - c) / (hh - ll);
        } else {
            out[o++] = Double.NaN;
        }
        cciTp.push(tp);
        if (cciTp.full()) {
            double md = cciTp.meanAbsDeviation();
            out[o++] = md == 0 ? 0 : (tp - cciTp.mean()) / (0.015 * md);
        } else {
            out[o++] = Double.NaN;
        }
        if (n >= 14) {
            double k = hh == ll ? 50 : 100 * (c - ll) / (hh - ll);
            stochK.push(k);
            out[o++] = k;
            out[o++] = stochK.mean();
        } else {
            out[o++] = Double.NaN;
            out[o++] = Double.NaN;
        }
        double range = h - l;
        cmfMfv.push(range == 0 ? 0 : ((c - l) - (h - c)) / range * v);
        cmfVol.push(v);
        out[o] = cmfVol.full() ? (cmfVol.sum() == 0 ? 0 : cmfMfv.sum() / cmfVol.sum()) : Double.NaN;
    }
}
