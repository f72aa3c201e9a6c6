package kairos.engine.features;

import java.util.Arrays;
import java.util.List;

import kairos.engine.domain.Bar;

/**
 * Plain, batch reference implementations written from the published definitions (StockCharts / TA-Lib / Wilder),
 * independent of the production classes: whole arrays, naive loops, no shared helpers.
 */
final class Ref {
    final int n;
    final double[] o;
    final double[] h;
    final double[] l;
    final double[] c;
    final double[] v;
    final long[] t;

    Ref(List<Bar> bars) {
        n = bars.size();
        o = new double[n];
        h = new double[n];
        l = new double[n];
        c = new double[n];
        v = new double[n];
        t = new long[n];
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            o[i] = b.open();
            h[i] = b.high();
            l[i] = b.low();
            c[i] = b.close();
            v[i] = b.volume();
            t[i] = b.openTime();
        }
    }

    static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    double[] tp() {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (h[i] + l[i] + c[i]) / 3;
        }
        return a;
    }

    static double[] sma(double[] x, int p) {
        double[] a = nan(x.length);
        for (int i = p - 1; i < x.length; i++) {
            double s = 0;
            for (int k = i - p + 1; k <= i; k++) {
                s += x[k];
            }
            a[i] = s / p;
        }
        return a;
    }

    /** Exponential average of the non-NaN inputs, seeded with the mean of the first p of them. */
    static double[] expAvg(double[] x, int p, double alpha) {
        double[] a = nan(x.length);
        int seen = 0;
        double seed = 0;
        double prev = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                a[i] = prev;
                continue;
            }
            seen++;
            if (seen < p) {
                seed += x[i];
            } else if (seen == p) {
                seed += x[i];
                prev = seed / p;
            } else {
                prev = alpha * x[i] + (1 - alpha) * prev;
            }
            a[i] = prev;
        }
        return a;
    }

    static double[] ema(double[] x, int p) {
        return expAvg(x, p, 2.0 / (p + 1));
    }

    static double[] wma(double[] x, int p) {
        double[] a = nan(x.length);
        int first = 0;
        while (first < x.length && Double.isNaN(x[first])) {
            first++;
        }
        for (int i = first + p - 1; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += (p - k) * x[i - k];
            }
            a[i] = s / (p * (p + 1) / 2.0);
        }
        return a;
    }

    double[] tr() {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i == 0 ? h[i] - l[i]
                    : Math.max(h[i] - l[i], Math.max(Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1])));
        }
        return a;
    }

    double[] atr(int p) {
        return expAvg(tr(), p, 1.0 / p);
    }

    double[] rsi(int p) {
        double[] a = nan(n);
        double ag = 0;
        double al = 0;
        for (int i = 1; i < n; i++) {
            double d = c[i] - c[i - 1];
            double g = Math.max(d, 0);
            double ls = Math.max(-d, 0);
            if (i <= p) {
                ag += g / p;
                al += ls / p;
                if (i < p) {
                    continue;
                }
            } else {
                ag = (ag * (p - 1) + g) / p;
                al = (al * (p - 1) + ls) / p;
            }
            a[i] = al == 0 ? (ag == 0 ? 50 : 100) : 100 * ag / (ag + al);
        }
        return a;
    }

    /** Wilder's original running-sum formulation: TR14 = TR14 - TR14/14 + TR. */
    double[][] adx(int p) {
        double[] adx = nan(n);
        double[] pdi = nan(n);
        double[] mdi = nan(n);
        double[] dx = nan(n);
        double str = 0;
        double sp = 0;
        double sm = 0;
        double[] tr = tr();
        double adxv = 0;
        for (int i = 1; i < n; i++) {
            double up = h[i] - h[i - 1];
            double dn = l[i - 1] - l[i];
            double pdm = up > dn && up > 0 ? up : 0;
            double mdm = dn > up && dn > 0 ? dn : 0;
            if (i <= p) {
                str += tr[i];
                sp += pdm;
                sm += mdm;
                if (i < p) {
                    continue;
                }
            } else {
                str = str - str / p + tr[i];
                sp = sp - sp / p + pdm;
                sm = sm - sm / p + mdm;
            }
            pdi[i] = str == 0 ? 0 : 100 * sp / str;
            mdi[i] = str == 0 ? 0 : 100 * sm / str;
            double s = pdi[i] + mdi[i];
            dx[i] = s == 0 ? 0 : 100 * Math.abs(pdi[i] - mdi[i]) / s;
            if (i < 2 * p - 1) {
                continue;
            }
            if (i == 2 * p - 1) {
                double m = 0;
                for (int k = p; k <= i; k++) {
                    m += dx[k];
                }
                adxv = m / p;
            } else {
                adxv = (adxv * (p - 1) + dx[i]) / p;
            }
            adx[i] = adxv;
        }
        return new double[][] {adx, pdi, mdi};
    }

    static double[] popStd(double[] x, int p) {
        double[] a = nan(x.length);
        for (int i = p - 1; i < x.length; i++) {
            double m = 0;
            for (int k = i - p + 1; k <= i; k++) {
                m += x[k];
            }
            m /= p;
            double s = 0;
            for (int k = i - p + 1; k <= i; k++) {
                s += (x[k] - m) * (x[k] - m);
            }
            a[i] = Math.sqrt(s / p);
        }
        return a;
    }

    double[] highest(int p) {
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            double m = h[i];
            for (int k = i - p + 1; k <= i; k++) {
                m = Math.max(m, h[k]);
            }
            a[i] = m;
        }
        return a;
    }

    double[] lowest(int p) {
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            double m = l[i];
            for (int k = i - p + 1; k <= i; k++) {
                m = Math.min(m, l[k]);
            }
            a[i] = m;
        }
        return a;
    }

    double[] stochK(int p) {
        double[] hh = highest(p);
        double[] ll = lowest(p);
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            a[i] = hh[i] == ll[i] ? 50 : 100 * (c[i] - ll[i]) / (hh[i] - ll[i]);
        }
        return a;
    }

    double[] willr(int p) {
        double[] hh = highest(p);
        double[] ll = lowest(p);
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            a[i] = hh[i] == ll[i] ? -50 : -100 * (hh[i] - c[i]) / (hh[i] - ll[i]);
        }
        return a;
    }

    double[] cci(int p) {
        double[] tp = tp();
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            double m = 0;
            for (int k = i - p + 1; k <= i; k++) {
                m += tp[k];
            }
            m /= p;
            double md = 0;
            for (int k = i - p + 1; k <= i; k++) {
                md += Math.abs(tp[k] - m);
            }
            md /= p;
            a[i] = md == 0 ? 0 : (tp[i] - m) / (0.015 * md);
        }
        return a;
    }

    double[] roc(int p) {
        double[] a = nan(n);
        for (int i = p; i < n; i++) {
            a[i] = (c[i] / c[i - p] - 1) * 100;
        }
        return a;
    }

    double[] mfi(int p) {
        double[] tp = tp();
        double[] a = nan(n);
        for (int i = p; i < n; i++) {
            double pos = 0;
            double neg = 0;
            for (int k = i - p + 1; k <= i; k++) {
                if (tp[k] > tp[k - 1]) {
                    pos += tp[k] * v[k];
                } else if (tp[k] < tp[k - 1]) {
                    neg += tp[k] * v[k];
                }
            }
            a[i] = pos + neg == 0 ? 50 : (neg == 0 ? 100 : 100 - 100 / (1 + pos / neg));
        }
        return a;
    }

    double[] cmf(int p) {
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            double mf = 0;
            double vol = 0;
            for (int k = i - p + 1; k <= i; k++) {
                double mult = h[k] == l[k] ? 0 : ((c[k] - l[k]) - (h[k] - c[k])) / (h[k] - l[k]);
                mf += mult * v[k];
                vol += v[k];
            }
            a[i] = vol == 0 ? 0 : mf / vol;
        }
        return a;
    }

    double[] obv() {
        double[] a = new double[n];
        for (int i = 1; i < n; i++) {
            a[i] = a[i - 1] + Math.signum(c[i] - c[i - 1]) * v[i];
        }
        return a;
    }

    double[] vwma(int p) {
        double[] a = nan(n);
        for (int i = p - 1; i < n; i++) {
            double pv = 0;
            double vol = 0;
            for (int k = i - p + 1; k <= i; k++) {
                pv += c[k] * v[k];
                vol += v[k];
            }
            a[i] = vol > 0 ? pv / vol : Double.NaN;
        }
        return a;
    }

    double[] hma(int p) {
        double[] half = wma(c, p / 2);
        double[] full = wma(c, p);
        double[] raw = nan(n);
        for (int i = 0; i < n; i++) {
            raw[i] = 2 * half[i] - full[i];
        }
        return wma(raw, (int) Math.floor(Math.sqrt(p)));
    }

    /** TradingView-style Supertrend on Wilder ATR; returns {line, direction}. */
    double[][] supertrend(int p, double m) {
        double[] atr = atr(p);
        double[] line = nan(n);
        double[] dir = nan(n);
        double fu = 0;
        double fl = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(atr[i])) {
                continue;
            }
            double mid = (h[i] + l[i]) / 2;
            double bu = mid + m * atr[i];
            double bl = mid - m * atr[i];
            if (d == 0) {
                fu = bu;
                fl = bl;
                d = c[i] >= mid ? 1 : -1;
            } else {
                if (!(bu < fu || c[i - 1] > fu)) {
                    bu = fu;
                }
                if (!(bl > fl || c[i - 1] < fl)) {
                    bl = fl;
                }
                fu = bu;
                fl = bl;
                if (d > 0) {
                    d = c[i] < fl ? -1 : 1;
                } else {
                    d = c[i] > fu ? 1 : -1;
                }
            }
            line[i] = d > 0 ? fl : fu;
            dir[i] = d;
        }
        return new double[][] {line, dir};
    }

    /** Wilder's SAR as the stop for the following bar; returns {sar, direction}. */
    double[][] psar(double step, double max) {
        double[] sar = nan(n);
        double[] dir = nan(n);
        if (n < 2) {
            return new double[][] {sar, dir};
        }
        boolean longPos = c[1] >= c[0];
        double s = longPos ? Math.min(l[0], l[1]) : Math.max(h[0], h[1]);
        double ep = longPos ? Math.max(h[0], h[1]) : Math.min(l[0], l[1]);
        double af = step;
        sar[1] = s;
        dir[1] = longPos ? 1 : -1;
        for (int i = 2; i < n; i++) {
            boolean stopped = longPos ? l[i] <= s : h[i] >= s;
            if (stopped) {
                double newSar = ep;
                longPos = !longPos;
                if (longPos) {
                    newSar = Math.min(newSar, Math.min(l[i], l[i - 1]));
                    ep = h[i];
                } else {
                    newSar = Math.max(newSar, Math.max(h[i], h[i - 1]));
                    ep = l[i];
                }
                s = newSar;
                af = step;
            } else {
                if (longPos && h[i] > ep || !longPos && l[i] < ep) {
                    ep = longPos ? h[i] : l[i];
                    af = Math.min(max, af + step);
                }
                s = s + af * (ep - s);
                s = longPos ? Math.min(s, Math.min(l[i], l[i - 1])) : Math.max(s, Math.max(h[i], h[i - 1]));
            }
            sar[i] = s;
            dir[i] = longPos ? 1 : -1;
        }
        return new double[][] {sar, dir};
    }

    /** Annualised sample volatility of log returns over p returns, in %. */
    double[] hv(int p, long barMillis) {
        double[] a = nan(n);
        double perYear = 365.0 * 86_400_000.0 / barMillis;
        for (int i = p; i < n; i++) {
            double[] r = new double[p];
            double m = 0;
            for (int k = 0; k < p; k++) {
                r[k] = Math.log(c[i - k] / c[i - k - 1]);
                m += r[k];
            }
            m /= p;
            double s = 0;
            for (double x : r) {
                s += (x - m) * (x - m);
            }
            a[i] = Math.sqrt(s / (p - 1) * perYear) * 100;
        }
        return a;
    }

    /** 100 x share of the previous w non-NaN values strictly below the current one. */
    static double[] percentRank(double[] x, int w) {
        double[] a = nan(x.length);
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || i < w || Double.isNaN(x[i - w])) {
                continue;
            }
            int below = 0;
            for (int k = i - w; k < i; k++) {
                if (x[k] < x[i]) {
                    below++;
                }
            }
            a[i] = 100.0 * below / w;
        }
        return a;
    }

    /** Session (UTC day) VWAP and its volume-weighted standard deviation, two-pass per bar. */
    double[][] vwap() {
        double[] tp = tp();
        double[] vw = nan(n);
        double[] sd = nan(n);
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && Math.floorDiv(t[i], 86_400_000L) != Math.floorDiv(t[i - 1], 86_400_000L)) {
                start = i;
            }
            double pv = 0;
            double vol = 0;
            for (int k = start; k <= i; k++) {
                pv += tp[k] * v[k];
                vol += v[k];
            }
            if (vol == 0) {
                continue;
            }
            vw[i] = pv / vol;
            double s = 0;
            for (int k = start; k <= i; k++) {
                s += v[k] * (tp[k] - vw[i]) * (tp[k] - vw[i]);
            }
            sd[i] = Math.sqrt(s / vol);
        }
        return new double[][] {vw, sd};
    }

    /** Volume profile over the last `bars` bars: {poc, vah, val}. */
    double[][] profile(int bars, int bins, double share) {
        double[] tp = tp();
        double[][] out = {nan(n), nan(n), nan(n)};
        for (int i = bars - 1; i < n; i++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (int k = i - bars + 1; k <= i; k++) {
                lo = Math.min(lo, tp[k]);
                hi = Math.max(hi, tp[k]);
            }
            if (lo == hi) {
                out[0][i] = lo;
                out[1][i] = lo;
                out[2][i] = lo;
                continue;
            }
            double w = (hi - lo) / bins;
            double[] vol = new double[bins];
            double total = 0;
            for (int k = i - bars + 1; k <= i; k++) {
                int b = (int) ((tp[k] - lo) / w);
                if (b == bins) {
                    b--;
                }
                vol[b] += v[k];
                total += v[k];
            }
            int poc = 0;
            for (int b = 0; b < bins; b++) {
                if (vol[b] > vol[poc]) {
                    poc = b;
                }
            }
            int up = poc;
            int dn = poc;
            double in = vol[poc];
            while (in < share * total && (up < bins - 1 || dn > 0)) {
                double a = up + 1 < bins ? vol[up + 1] : -1;
                double bl = dn - 1 >= 0 ? vol[dn - 1] : -1;
                if (a >= bl) {
                    up++;
                    in += vol[up];
                } else {
                    dn--;
                    in += vol[dn];
                }
            }
            out[0][i] = lo + (poc + 0.5) * w;
            out[1][i] = lo + (up + 1) * w;
            out[2][i] = lo + dn * w;
        }
        return out;
    }

    double[] rvol(int p) {
        double[] a = nan(n);
        for (int i = p; i < n; i++) {
            double s = 0;
            for (int k = i - p; k < i; k++) {
                s += v[k];
            }
            a[i] = s > 0 ? v[i] / (s / p) : Double.NaN;
        }
        return a;
    }

    /** (v - mean of the p previous volumes) / their sample standard deviation, two-pass. */
    double[] volumeZ(int p) {
        double[] a = nan(n);
        for (int i = p; i < n; i++) {
            double s = 0;
            for (int k = i - p; k < i; k++) {
                s += v[k];
            }
            double m = s / p;
            double ss = 0;
            for (int k = i - p; k < i; k++) {
                ss += (v[k] - m) * (v[k] - m);
            }
            double sd = Math.sqrt(ss / (p - 1));
            a[i] = sd > 0 ? (v[i] - m) / sd : Double.NaN;
        }
        return a;
    }
}
