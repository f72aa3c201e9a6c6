package kairos.engine.features.trend;

import kairos.engine.features.BarHistory;
import kairos.engine.features.calc.Ema;

/** Supertrend over Wilder's ATR: incremental, O(1) per bar. */
public final class Supertrend {
    private final Ema atr;
    private final double mult;
    private double finalUpper = Double.NaN;
    private double finalLower = Double.NaN;
    private int dir;
    private double value = Double.NaN;

    public Supertrend(int atrPeriod, double mult) {
        this.atr = Ema.wilder(atrPeriod);
        this.mult = mult;
    }

    public void update(BarHistory b) {
        double a = atr.update(b.trueRange(0));
        if (Double.isNaN(a)) {
            return;
        }
        double c = b.close(0);
        double hl2 = (b.high(0) + b.low(0)) / 2;
        double bu = hl2 + mult * a;
        double bl = hl2 - mult * a;
        if (dir == 0) {
            finalUpper = bu;
            finalLower = bl;
            dir = c >= hl2 ? 1 : -1;
        } else {
            double pc = b.close(1);
            finalUpper = bu < finalUpper || pc > finalUpper ? bu : finalUpper;
            finalLower = bl > finalLower || pc < finalLower ? bl : finalLower;
            if (dir == 1 && c < finalLower) {
                dir = -1;
            } else if (dir == -1 && c > finalUpper) {
                dir = 1;
            }
        }
        value = dir == 1 ? finalLower : finalUpper;
    }

    public double value() {
        return value;
    }

    /** +1 up, -1 down, NaN before the first ATR value. */
    public double direction() {
        return dir == 0 ? Double.NaN : dir;
    }
}
