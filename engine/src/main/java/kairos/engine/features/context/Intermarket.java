package kairos.engine.features.context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import kairos.engine.domain.Bar;
import kairos.engine.features.Columns;
import kairos.engine.features.calc.Window;

/**
 * Intermarket columns from context symbols' base bars: rolling Pearson correlation of one-bar log returns with BTC
 * over 30 m, 1 h and 4 h, and the ETH/own price ratio. A context bar counts only when it has the same open time as
 * the own bar (both closed); a missing one makes the windows containing it NaN.
 */
public final class Intermarket {
    private static final long[] CORR_WINDOWS = {30 * 60_000L, 60 * 60_000L, 240 * 60_000L};
    private static final String[] CORR_NAMES = {"30m", "1h", "4h"};

    private final ArrayDeque<Bar> btc = new ArrayDeque<>();
    private final ArrayDeque<Bar> eth = new ArrayDeque<>();
    private final List<Corr> corrs = new ArrayList<>();
    private Window ratios;
    private int ratioBars;
    private double prevOwn = Double.NaN;
    private double prevBtc = Double.NaN;

    private static final class Corr {
        final Window x;
        final Window y;
        final Window xx;
        final Window yy;
        final Window xy;
        final Window bad;
        final int n;

        Corr(int n) {
            this.n = n;
            x = new Window(n);
            y = new Window(n);
            xx = new Window(n);
            yy = new Window(n);
            xy = new Window(n);
            bad = new Window(n);
        }

        double update(double a, double b) {
            boolean ok = !Double.isNaN(a) && !Double.isNaN(b);
            double u = ok ? a : 0;
            double v = ok ? b : 0;
            x.push(u);
            y.push(v);
            xx.push(u * u);
            yy.push(v * v);
            xy.push(u * v);
            bad.push(ok ? 0 : 1);
            if (!bad.full() || bad.sum() > 0) {
                return Double.NaN;
            }
            double cov = n * xy.sum() - x.sum() * y.sum();
            double vx = n * xx.sum() - x.sum() * x.sum();
            double vy = n * yy.sum() - y.sum() * y.sum();
            return vx <= 0 || vy <= 0 ? Double.NaN : cov / Math.sqrt(vx * vy);
        }
    }

    public void declare(Columns c, long baseMillis, String btcSymbol, String ethSymbol) {
        c.scope("", 1, "context:" + btcSymbol);
        for (int i = 0; i < CORR_WINDOWS.length; i++) {
            int n = (int) (CORR_WINDOWS[i] / baseMillis);
            if (n >= 3) {
                corrs.add(new Corr(n));
                c.add("corr_btc_" + CORR_NAMES[i], "rolling Pearson correlation of one-bar log returns with " + btcSymbol
                        + " over the last " + CORR_NAMES[i] + " (" + n + " base bars)", "bars=" + n, n + 1);
            }
        }
        c.scope("", 1, "context:" + ethSymbol);
        ratioBars = (int) Math.max(1, 3_600_000L / baseMillis);
        ratios = new Window(ratioBars + 1);
        c.add("ratio_eth", ethSymbol + " close / own close (capital rotation); NaN when the " + ethSymbol + " bar is missing", "", 1);
        c.add("ratio_eth_chg_1h", "% change of ratio_eth over the last hour (" + ratioBars + " base bars)", "bars=" + ratioBars,
                ratioBars + 1);
        c.scope("", 1, "candles");
    }

    public void offerBtc(Bar b) {
        btc.addLast(b);
    }

    public void offerEth(Bar b) {
        eth.addLast(b);
    }

    private static double aligned(ArrayDeque<Bar> q, long t) {
        Bar last = null;
        while (!q.isEmpty() && q.peekFirst().openTime() <= t) {
            last = q.pollFirst();
        }
        return last != null && last.openTime() == t ? last.close() : Double.NaN;
    }

    public void update(long t, double close, double[] out, int o) {
        double b = aligned(btc, t);
        double e = aligned(eth, t);
        double ro = Math.log(close / prevOwn);
        double rb = Math.log(b / prevBtc);
        prevOwn = close;
        prevBtc = b;
        for (Corr c : corrs) {
            out[o++] = c.update(ro, rb);
        }
        double ratio = e / close;
        ratios.push(ratio);
        out[o++] = ratio;
        out[o] = ratios.full() ? (ratio / ratios.get(ratioBars) - 1) * 100 : Double.NaN;
    }
}
