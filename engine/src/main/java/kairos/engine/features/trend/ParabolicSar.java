package kairos.engine.features.trend;

import kairos.engine.features.BarHistory;

/**
 * Wilder's Parabolic SAR. After bar t, {@link #value()} is the stop for bar t+1, computed from bars up to t.
 * Start (bar 1): long if close1 >= close0, SAR = the lower low of bars 0-1 (short: the higher high), EP = the other
 * extreme. Each bar: a long stops out when low <= SAR (reverse: SAR = EP, not below the two last highs, EP = low,
 * AF = start); otherwise EP/AF advance on a new extreme and SAR += AF (EP - SAR), capped by the two last lows.
 */
public final class ParabolicSar {
    private final double start;
    private final double step;
    private final double max;
    private boolean up;
    private double sar = Double.NaN;
    private double ep;
    private double af;

    public ParabolicSar(double start, double step, double max) {
        this.start = start;
        this.step = step;
        this.max = max;
    }

    public void update(BarHistory b) {
        long n = b.count();
        if (n < 2) {
            return;
        }
        double h = b.high(0);
        double l = b.low(0);
        if (n == 2) {
            up = b.close(0) >= b.close(1);
            af = start;
            if (up) {
                ep = Math.max(h, b.high(1));
                sar = Math.min(l, b.low(1));
            } else {
                ep = Math.min(l, b.low(1));
                sar = Math.max(h, b.high(1));
            }
            return;
        }
        if (up) {
            if (l <= sar) {
                up = false;
                sar = Math.max(ep, Math.max(h, b.high(1)));
                ep = l;
                af = start;
                return;
            }
            if (h > ep) {
                ep = h;
                af = Math.min(af + step, max);
            }
            sar = Math.min(sar + af * (ep - sar), Math.min(l, b.low(1)));
        } else {
            if (h >= sar) {
                up = true;
                sar = Math.min(ep, Math.min(l, b.low(1)));
                ep = h;
                af = start;
                return;
            }
            if (l < ep) {
                ep = l;
                af = Math.min(af + step, max);
            }
            sar = Math.max(sar + af * (ep - sar), Math.max(h, b.high(1)));
        }
    }

    public double value() {
        return sar;
    }

    public double direction() {
        return Double.isNaN(sar) ? Double.NaN : (up ? 1 : -1);
    }
}
