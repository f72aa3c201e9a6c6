package kairos.engine.features.volatility;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;
import kairos.engine.features.FeatureGroup;
import kairos.engine.features.calc.Ema;
import kairos.engine.features.calc.PercentRank;
import kairos.engine.features.calc.Window;

/** Volatility columns: ATR and its percentile, historical volatility and its percentile, Bollinger, Keltner, Donchian, squeeze. */
public final class VolatilityGroup implements FeatureGroup {
    private final Ema atr14 = Ema.wilder(14);
    private final PercentRank atrRank = new PercentRank(100);
    private final Window logRet = new Window(20);
    private final PercentRank hvRank = new PercentRank(100);
    private final Window bb = new Window(20);
    private final Ema kcMid = Ema.ema(20);
    private final Ema atr10 = Ema.wilder(10);

    @Override
    public void declare(Columns c) {
        c.add("atr_14", "average true range, Wilder's average seeded with the mean of the first 14 true ranges "
                + "(the first bar's true range is high - low)", "n=14", 14);
        c.add("natr_14", "atr_14 / close x 100", "n=14", 14);
        c.add("atr_pctrank_14_100", "percentile rank of atr_14 among its previous 100 values: 100 x count(strictly lower) / 100",
                "n=14,window=100", 114);
        c.add("hv_20", "historical volatility: sample standard deviation of the last 20 log returns x sqrt(bars per 365-day year) "
                + "x 100", "n=20", 21);
        c.add("hv_pctrank_20_100", "percentile rank of hv_20 among its previous 100 values", "n=20,window=100", 121);
        c.add("bb_upper_20_2", "Bollinger upper band: SMA(close, 20) + 2 population standard deviations", "n=20,k=2", 20);
        c.add("bb_middle_20_2", "Bollinger middle band: SMA(close, 20)", "n=20,k=2", 20);
        c.add("bb_lower_20_2", "Bollinger lower band: SMA(close, 20) - 2 population standard deviations", "n=20,k=2", 20);
        c.add("bb_width_20_2", "(upper - lower) / middle x 100", "n=20,k=2", 20);
        c.add("bb_pctb_20_2", "%B: (close - lower) / (upper - lower); 0.5 when the bands coincide", "n=20,k=2", 20);
        c.add("kc_upper_20_10_2", "Keltner upper channel: EMA(close, 20) + 2 x Wilder ATR(10)", "ema=20,atr=10,m=2", 20);
        c.add("kc_middle_20_10_2", "Keltner middle line: EMA(close, 20)", "ema=20,atr=10,m=2", 20);
        c.add("kc_lower_20_10_2", "Keltner lower channel: EMA(close, 20) - 2 x Wilder ATR(10)", "ema=20,atr=10,m=2", 20);
        c.add("dc_upper_20", "Donchian upper: highest high of the last 20 bars (this one included)", "n=20", 20);
        c.add("dc_middle_20", "Donchian middle: (upper + lower) / 2", "n=20", 20);
        c.add("dc_lower_20", "Donchian lower: lowest low of the last 20 bars", "n=20", 20);
        c.add("squeeze_20_2_1.5", "volatility squeeze: 1 when both Bollinger(20, 2) bands lie inside the Keltner channel "
                + "EMA(20) +- 1.5 x ATR(10), else 0", "bb=20,k=2,kc_m=1.5", 20);
    }

    @Override
    public void update(BarHistory b, double[] out, int o) {
        long n = b.count();
        double c = b.close(0);
        double atr = atr14.update(b.trueRange(0));
        out[o++] = atr;
        out[o++] = atr / c * 100;
        out[o++] = atrRank.update(atr);
        double hv = Double.NaN;
        if (n >= 2) {
            logRet.push(Math.log(c / b.close(1)));
            if (logRet.full()) {
                double perYear = 365.0 * 86_400_000.0 / b.timeframe().millis();
                hv = Math.sqrt(logRet.sampleVariance() * perYear) * 100;
            }
        }
        out[o++] = hv;
        out[o++] = hvRank.update(hv);
        bb.push(c);
        double mid = bb.mean();
        double sd = Math.sqrt(bb.populationVariance());
        double up = mid + 2 * sd;
        double lo = mid - 2 * sd;
        out[o++] = up;
        out[o++] = mid;
        out[o++] = lo;
        out[o++] = (up - lo) / mid * 100;
        out[o++] = up == lo ? 0.5 : (c - lo) / (up - lo);
        double km = kcMid.update(c);
        double a10 = atr10.update(b.trueRange(0));
        double kcReady = Double.isNaN(km) ? Double.NaN : a10;
        out[o++] = km + 2 * kcReady;
        out[o++] = km;
        out[o++] = km - 2 * kcReady;
        if (n >= 20) {
            double hh = b.highest(20);
            double ll = b.lowest(20);
            out[o++] = hh;
            out[o++] = (hh + ll) / 2;
            out[o++] = ll;
        } else {
            out[o++] = Double.NaN;
            out[o++] = Double.NaN;
            out[o++] = Double.NaN;
        }
        out[o] = Double.isNaN(mid) || Double.isNaN(km) ? Double.NaN
                : (up < km + 1.5 * a10 && lo > km - 1.5 * a10 ? 1 : 0);
    }
}
