package kairos.engine.features.trend;

import kairos.engine.features.BarHistory;
import kairos.engine.features.calc.Ema;

/**
 * Wilder's directional movement system. From the second bar: +DM, -DM and TR; their Wilder averages (seeded with the
 * mean of the first n) give +DI and -DI; DX = 100 |+DI - -DI| / (+DI + -DI); ADX is the Wilder average of DX.
 */
public final class Adx {
    private final Ema tr;
    private final Ema plus;
    private final Ema minus;
    private final Ema adx;
    private double plusDi = Double.NaN;
    private double minusDi = Double.NaN;
    private double adxValue = Double.NaN;

    public Adx(int n) {
        tr = Ema.wilder(n);
        plus = Ema.wilder(n);
        minus = Ema.wilder(n);
        adx = Ema.wilder(n);
    }

    public void update(BarHistory b) {
        if (b.count() < 2) {
            return;
        }
        double up = b.high(0) - b.high(1);
        double down = b.low(1) - b.low(0);
        double pdm = up > down && up > 0 ? up : 0;
        double mdm = down > up && down > 0 ? down : 0;
        double t = tr.update(b.trueRange(0));
        double p = plus.update(pdm);
        double m = minus.update(mdm);
        if (Double.isNaN(t)) {
            return;
        }
        plusDi = t == 0 ? 0 : 100 * p / t;
        minusDi = t == 0 ? 0 : 100 * m / t;
        double sum = plusDi + minusDi;
        double dx = sum == 0 ? 0 : 100 * Math.abs(plusDi - minusDi) / sum;
        adxValue = adx.update(dx);
    }

    public double adx() {
        return adxValue;
    }

    public double plusDi() {
        return plusDi;
    }

    public double minusDi() {
        return minusDi;
    }
}
