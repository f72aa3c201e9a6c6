package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/** Every candle indicator column against the plain batch implementations in {@link Ref}. */
class IndicatorReferenceTest {
    static final List<Bar> BARS = Synthetic.bars(42, 4000, Timeframe.M1, Synthetic.T0, 150, 0.01);

    /** Engine columns, one array per name, one element per base bar. */
    static Map<String, double[]> run(FeatureConfig cfg, List<Bar> bars) {
        FeatureMatrix m = FeatureMatrix.compute(cfg, FeatureInputs.candles(bars));
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int c = 0; c < m.columns(); c++) {
            cols.put(m.schema().name(c), m.column(c));
        }
        return cols;
    }

    static Map<String, double[]> expected(Ref r, long barMillis) {
        Map<String, double[]> e = new LinkedHashMap<>();
        int n = r.n;
        double[][] ribbon = new double[5][];
        int[] periods = {8, 13, 21, 34, 55};
        for (int k = 0; k < 5; k++) {
            ribbon[k] = Ref.ema(r.c, periods[k]);
            e.put("ema_" + periods[k], ribbon[k]);
        }
        double[] order = Ref.nan(n);
        double[] width = Ref.nan(n);
        for (int i = 54; i < n; i++) {
            double s = 0;
            double mx = -Double.MAX_VALUE;
            double mn = Double.MAX_VALUE;
            for (int k = 0; k < 5; k++) {
                if (k < 4) {
                    s += Math.signum(ribbon[k][i] - ribbon[k + 1][i]);
                }
                mx = Math.max(mx, ribbon[k][i]);
                mn = Math.min(mn, ribbon[k][i]);
            }
            order[i] = s / 4;
            width[i] = (mx - mn) / r.c[i] * 100;
        }
        e.put("ema_ribbon_order", order);
        e.put("ema_ribbon_width", width);
        e.put("sma_20", Ref.sma(r.c, 20));
        e.put("sma_50", Ref.sma(r.c, 50));
        e.put("hma_21", r.hma(21));
        e.put("vwma_20", r.vwma(20));
        double[][] st = r.supertrend(10, 3);
        e.put("supertrend_10_3", st[0]);
        e.put("supertrend_dir_10_3", st[1]);
        double[][] ps = r.psar(0.02, 0.2);
        e.put("psar_0.02_0.2", ps[0]);
        e.put("psar_dir_0.02_0.2", ps[1]);
        double[] f = Ref.ema(r.c, 12);
        double[] s = Ref.ema(r.c, 26);
        double[] macd = Ref.nan(n);
        for (int i = 0; i < n; i++) {
            macd[i] = f[i] - s[i];
        }
        double[] sig = Ref.ema(macd, 9);
        double[] hist = Ref.nan(n);
        for (int i = 0; i < n; i++) {
            hist[i] = macd[i] - sig[i];
        }
        e.put("macd_12_26_9", macd);
        e.put("macd_signal_12_26_9", sig);
        e.put("macd_hist_12_26_9", hist);
        double[][] adx = r.adx(14);
        e.put("adx_14", adx[0]);
        e.put("plus_di_14", adx[1]);
        e.put("minus_di_14", adx[2]);
        double minutes = barMillis / 60_000.0;
        double[] vel = Ref.nan(n);
        double[] acc = Ref.nan(n);
        for (int i = 5; i < n; i++) {
            vel[i] = (r.c[i] - r.c[i - 5]) / (5 * minutes);
            if (i >= 10) {
                acc[i] = (vel[i] - vel[i - 5]) / (5 * minutes);
            }
        }
        e.put("velocity_5", vel);
        e.put("accel_5", acc);
        e.put("rsi_14", r.rsi(14));
        e.put("mfi_14", r.mfi(14));
        e.put("roc_10", r.roc(10));
        e.put("willr_14", r.willr(14));
        e.put("cci_20", r.cci(20));
        double[] k = r.stochK(14);
        e.put("stoch_k_14_3", k);
        double[] d = Ref.nan(n);
        for (int i = 15; i < n; i++) {
            d[i] = (k[i] + k[i - 1] + k[i - 2]) / 3;
        }
        e.put("stoch_d_14_3", d);
        e.put("cmf_20", r.cmf(20));
        double[] atr = r.atr(14);
        e.put("atr_14", atr);
        double[] natr = Ref.nan(n);
        for (int i = 0; i < n; i++) {
            natr[i] = atr[i] / r.c[i] * 100;
        }
        e.put("natr_14", natr);
        e.put("atr_pctrank_14_100", Ref.percentRank(atr, 100));
        double[] hv = r.hv(20, barMillis);
        e.put("hv_20", hv);
        e.put("hv_pctrank_20_100", Ref.percentRank(hv, 100));
        double[] mid = Ref.sma(r.c, 20);
        double[] sd = Ref.popStd(r.c, 20);
        double[] up = Ref.nan(n);
        double[] lo = Ref.nan(n);
        double[] bw = Ref.nan(n);
        double[] pb = Ref.nan(n);
        double[] kcm = Ref.ema(r.c, 20);
        double[] atr10 = r.atr(10);
        double[] kcu = Ref.nan(n);
        double[] kcl = Ref.nan(n);
        double[] sq = Ref.nan(n);
        for (int i = 19; i < n; i++) {
            up[i] = mid[i] + 2 * sd[i];
            lo[i] = mid[i] - 2 * sd[i];
            bw[i] = (up[i] - lo[i]) / mid[i] * 100;
            pb[i] = up[i] == lo[i] ? 0.5 : (r.c[i] - lo[i]) / (up[i] - lo[i]);
            kcu[i] = kcm[i] + 2 * atr10[i];
            kcl[i] = kcm[i] - 2 * atr10[i];
            sq[i] = up[i] < kcm[i] + 1.5 * atr10[i] && lo[i] > kcm[i] - 1.5 * atr10[i] ? 1 : 0;
        }
        e.put("bb_upper_20_2", up);
        e.put("bb_middle_20_2", mid);
        e.put("bb_lower_20_2", lo);
        e.put("bb_width_20_2", bw);
        e.put("bb_pctb_20_2", pb);
        e.put("kc_upper_20_10_2", kcu);
        e.put("kc_middle_20_10_2", kcm);
        e.put("kc_lower_20_10_2", kcl);
        double[] hh = r.highest(20);
        double[] ll = r.lowest(20);
        double[] dm = Ref.nan(n);
        for (int i = 0; i < n; i++) {
            dm[i] = (hh[i] + ll[i]) / 2;
        }
        e.put("dc_upper_20", hh);
        e.put("dc_middle_20", dm);
        e.put("dc_lower_20", ll);
        e.put("squeeze_20_2_1.5", sq);
        double[] obv = r.obv();
        e.put("obv", obv);
        double[] div = Ref.nan(n);
        for (int i = 20; i < n; i++) {
            double dp = r.c[i] - r.c[i - 20];
            double dv = obv[i] - obv[i - 20];
            div[i] = dp < 0 && dv > 0 ? 1 : dp > 0 && dv < 0 ? -1 : 0;
        }
        e.put("obv_div_20", div);
        double[][] vw = r.vwap();
        double[][] bands = new double[4][n];
        for (int i = 0; i < n; i++) {
            bands[0][i] = vw[0][i] + vw[1][i];
            bands[1][i] = vw[0][i] - vw[1][i];
            bands[2][i] = vw[0][i] + 2 * vw[1][i];
            bands[3][i] = vw[0][i] - 2 * vw[1][i];
        }
        e.put("vwap", vw[0]);
        e.put("vwap_upper_1", bands[0]);
        e.put("vwap_lower_1", bands[1]);
        e.put("vwap_upper_2", bands[2]);
        e.put("vwap_lower_2", bands[3]);
        double[][] vp = r.profile(120, 24, 0.7);
        e.put("vp_poc_120", vp[0]);
        e.put("vp_vah_120", vp[1]);
        e.put("vp_val_120", vp[2]);
        e.put("rvol_20", r.rvol(20));
        e.put("volume_z_20", r.volumeZ(20));
        return e;
    }

    static void assertSeries(String name, double[] exp, double[] act, double tol) {
        assertEquals(exp.length, act.length, name + " length");
        int compared = 0;
        for (int i = 0; i < exp.length; i++) {
            if (Double.isNaN(exp[i])) {
                if (!Double.isNaN(act[i])) {
                    fail(name + " at " + i + ": expected NaN, got " + act[i]);
                }
            } else {
                double err = Math.abs(exp[i] - act[i]);
                if (!(err <= tol * Math.max(1, Math.abs(exp[i])))) {
                    fail(name + " at " + i + ": expected " + exp[i] + ", got " + act[i]);
                }
                compared++;
            }
        }
        assertTrue(compared > exp.length / 2, name + ": only " + compared + " values compared");
    }

    @Test
    void baseTimeframeColumnsMatchPlainReference() {
        Map<String, double[]> act = run(FeatureConfig.standard(Timeframe.M1), BARS);
        Map<String, double[]> exp = expected(new Ref(BARS), Timeframe.M1.millis());
        for (var en : exp.entrySet()) {
            assertTrue(act.containsKey(en.getKey()), "missing column " + en.getKey());
            assertSeries(en.getKey(), en.getValue(), act.get(en.getKey()), 1e-9);
        }
    }

    static List<Bar> aggregate(List<Bar> bars, Timeframe tf) {
        List<Bar> out = new ArrayList<>();
        Bar cur = null;
        for (Bar b : bars) {
            long open = Math.floorDiv(b.openTime(), tf.millis()) * tf.millis();
            if (cur != null && cur.openTime() == open) {
                cur = new Bar(open, cur.open(), Math.max(cur.high(), b.high()), Math.min(cur.low(), b.low()), b.close(),
                        cur.volume() + b.volume());
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = new Bar(open, b.open(), b.high(), b.low(), b.close(), b.volume());
            }
        }
        out.add(cur);
        return out;
    }

    @Test
    void coarserTimeframeColumnsMatchReferenceOnAggregatedBarsAndHoldBetweenCloses() {
        List<Bar> bars = Synthetic.bars(7, 15 * 400, Timeframe.M1, Synthetic.T0, 150, 0.01);
        Map<String, double[]> act = run(FeatureConfig.standard(Timeframe.M1), bars);
        List<Bar> agg = aggregate(bars, Timeframe.M15);
        Map<String, double[]> exp = expected(new Ref(agg), Timeframe.M15.millis());
        for (var en : exp.entrySet()) {
            double[] base = act.get(en.getKey() + "@15m");
            double[] atClose = new double[agg.size()];
            for (int k = 0; k < agg.size(); k++) {
                atClose[k] = base[15 * k + 14];
                for (int j = 15 * k + 14; j < Math.min(base.length, 15 * k + 29); j++) {
                    assertEquals(Double.doubleToLongBits(atClose[k]), Double.doubleToLongBits(base[j]),
                            en.getKey() + "@15m must hold its closed-bar value at base row " + j);
                }
            }
            for (int j = 0; j < 14; j++) {
                assertTrue(Double.isNaN(base[j]), en.getKey() + "@15m before the first 15m close");
            }
            assertSeries(en.getKey() + "@15m", en.getValue(), atClose, 1e-9);
        }
    }
}
