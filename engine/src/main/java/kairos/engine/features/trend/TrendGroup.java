package kairos.engine.features.trend;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;
import kairos.engine.features.calc.Ema;
import kairos.engine.features.calc.Window;
import kairos.engine.features.calc.Wma;

/** Trend columns: EMA ribbon, SMA, HMA, VWMA, Supertrend, Parabolic SAR, MACD, ADX/DI, price velocity. */
public final class TrendGroup implements FeatureGroup {
    private static final int[] RIBBON = {8, 13, 21, 34, 55};

    private final Ema[] ribbon = new Ema[RIBBON.length];
    private final Window sma20 = new Window(20);
    private final Window sma50 = new Window(50);
    private final Wma hmaHalf = new Wma(10);
    private final Wma hmaFull = new Wma(21);
    private final Wma hmaOut = new Wma(4);
    private final Window vwmaPv = new Window(20);
    private final Window vwmaV = new Window(20);
    private final Supertrend supertrend = new Supertrend(10, 3.0);
    private final ParabolicSar psar = new ParabolicSar(0.02, 0.02, 0.2);
    private final Ema macdFast = Ema.ema(12);
    private final Ema macdSlow = Ema.ema(26);
    private final Ema macdSignal = Ema.ema(9);
    private final Adx adx = new Adx(14);
    private final Window velocity = new Window(6);
    private final double[] ema = new double[RIBBON.length];

    public TrendGroup() {
        for (int i = 0; i < RIBBON.length; i++) {
            ribbon[i] = Ema.ema(RIBBON[i]);
        }
    }

    @Override
    public void declare(Columns c) {
        for (int n : RIBBON) {
            c.add("ema_" + n, "exponential moving average of close, alpha 2/(n+1), seeded with the SMA of the first n closes",
                    "n=" + n, n);
        }
        c.add("ema_ribbon_order", "mean over the 4 adjacent ribbon pairs (8/13,13/21,21/34,34/55) of sign(shorter - longer): "
                + "+1 fully bullish stack, -1 fully bearish", "n=8,13,21,34,55", 55);
        c.add("ema_ribbon_width", "(max - min of the 5 ribbon EMAs) / close x 100", "n=8,13,21,34,55", 55);
        c.add("sma_20", "simple moving average of close", "n=20", 20);
        c.add("sma_50", "simple moving average of close", "n=50", 50);
        c.add("hma_21", "Hull moving average: WMA(2 WMA(close, n/2) - WMA(close, n), floor(sqrt n))", "n=21", 24);
        c.add("vwma_20", "volume-weighted moving average: sum(close x volume) / sum(volume) over n bars", "n=20", 20);
        c.add("supertrend_10_3", "Supertrend line: final lower band (hl2 - m ATR) in an uptrend, final upper band in a downtrend; "
                + "ATR is Wilder's; the trend flips when close crosses the opposite final band", "atr=10,m=3", 10);
        c.add("supertrend_dir_10_3", "Supertrend direction: +1 up, -1 down; initial direction +1 if close >= hl2", "atr=10,m=3", 10);
        c.add("psar_0.02_0.2", "Wilder's Parabolic SAR: the stop for the next bar, from bars up to this one "
                + "(initial trend up if close >= previous close)", "step=0.02,max=0.2", 2);
        c.add("psar_dir_0.02_0.2", "Parabolic SAR trend: +1 long (SAR below price), -1 short", "step=0.02,max=0.2", 2);
        c.add("macd_12_26_9", "EMA(close, 12) - EMA(close, 26)", "fast=12,slow=26,signal=9", 26);
        c.add("macd_signal_12_26_9", "EMA(macd, 9), seeded with the SMA of the first 9 MACD values", "fast=12,slow=26,signal=9", 34);
        c.add("macd_hist_12_26_9", "macd - macd signal", "fast=12,slow=26,signal=9", 34);
        c.add("adx_14", "Wilder's ADX: Wilder average of DX, DX = 100 |+DI - -DI| / (+DI + -DI)", "n=14", 28);
        c.add("plus_di_14", "+DI = 100 Wilder(+DM) / Wilder(TR)", "n=14", 15);
        c.add("minus_di_14", "-DI = 100 Wilder(-DM) / Wilder(TR)", "n=14", 15);
        c.add("velocity_5", "price velocity: (close - close 5 bars back) / elapsed minutes", "n=5", 6);
        c.add("accel_5", "acceleration: (velocity_5 - velocity_5 five bars back) / elapsed minutes", "n=5", 11);
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        double c = b.close(0);
        double h = b.high(0);
        double l = b.low(0);
        double v = b.volume(0);
        for (int i = 0; i < RIBBON.length; i++) {
            ema[i] = ribbon[i].update(c);
            out[o++] = ema[i];
        }
        if (Double.isNaN(ema[RIBBON.length - 1])) {
            out[o++] = Double.NaN;
            out[o++] = Double.NaN;
        } else {
            double order = 0;
            double mx = ema[0];
            double mn = ema[0];
            for (int i = 0; i < RIBBON.length - 1; i++) {
                order += Math.signum(ema[i] - ema[i + 1]);
                mx = Math.max(mx, ema[i + 1]);
                mn = Math.min(mn, ema[i + 1]);
            }
            out[o++] = order / (RIBBON.length - 1);
            out[o++] = (mx - mn) / c * 100.0;
        }
        sma20.push(c);
        sma50.push(c);
        out[o++] = sma20.mean();
        out[o++] = sma50.mean();
        double half = hmaHalf.update(c);
        double full = hmaFull.update(c);
        out[o++] = Double.isNaN(full) ? Double.NaN : hmaOut.update(2 * half - full);
        vwmaPv.push(c * v);
        vwmaV.push(v);
        out[o++] = vwmaV.full() && vwmaV.sum() > 0 ? vwmaPv.sum() / vwmaV.sum() : Double.NaN;
        supertrend.update(b);
        out[o++] = supertrend.value();
        out[o++] = supertrend.direction();
        psar.update(b);
        out[o++] = psar.value();
        out[o++] = psar.direction();
        double f = macdFast.update(c);
        double s = macdSlow.update(c);
        double macd = Double.isNaN(s) ? Double.NaN : f - s;
        double sig = macdSignal.update(macd);
        out[o++] = macd;
        out[o++] = sig;
        out[o++] = macd - sig;
        adx.update(b);
        out[o++] = adx.adx();
        out[o++] = adx.plusDi();
        out[o++] = adx.minusDi();
        double minutes = b.timeframe().millis() / 60_000.0;
        double vel = b.count() > 5 ? (c - b.close(5)) / (5 * minutes) : Double.NaN;
        velocity.push(vel);
        out[o++] = vel;
        out[o] = velocity.full() ? (vel - velocity.get(5)) / (5 * minutes) : Double.NaN;
    }
}
