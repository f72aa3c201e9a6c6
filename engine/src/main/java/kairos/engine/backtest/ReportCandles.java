package kairos.engine.backtest;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.calc.Ema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The candlesticks of one symbol as the report draws them, with the indicators a trader can switch on: the feed bars
 * aggregated to the strategy timeframe, the indicators computed on those bars — EMA(21) and EMA(55) of closes (the
 * rules' fast and slow EMA, seeded as the feature engine seeds them) and Bollinger bands (20 bars, 2 population
 * standard deviations) — then, when there are more than {@code maxCandles}, the candles merged into the finest coarser
 * timeframe that fits (open of the first, highest high, lowest low, close of the last) with each indicator taken at
 * the last strategy bar of the display candle. The display timeframe is said on the chart.
 *
 * @param openTimes display candles' open times, epoch ms
 */
public record ReportCandles(String symbol, String strategyTimeframe, String displayTimeframe, long[] openTimes,
                            double[] open, double[] high, double[] low, double[] close,
                            Map<String, double[]> indicators) {

    /** Timeframes the display may merge into, finest first (each a multiple of the ones before it that divide it). */
    private static final long[] DISPLAY = {60_000L, 180_000L, 300_000L, 900_000L, 1_800_000L, 3_600_000L, 7_200_000L,
            14_400_000L, 43_200_000L, 86_400_000L, 604_800_000L};

    public static ReportCandles of(String symbol, Timeframe feed, Timeframe strategy, List<Bar> bars, int maxCandles) {
        Timeframe base = strategy.isMultipleOf(feed) ? strategy : feed;
        List<Bar> strategyBars = merge(bars, base.millis());
        int n = strategyBars.size();
        double[] ema21 = new double[n];
        double[] ema55 = new double[n];
        double[] bbMid = new double[n];
        double[] bbUp = new double[n];
        double[] bbLow = new double[n];
        Ema fast = Ema.ema(21);
        Ema slow = Ema.ema(55);
        for (int i = 0; i < n; i++) {
            double c = strategyBars.get(i).close();
            ema21[i] = fast.update(c);
            ema55[i] = slow.update(c);
            if (i >= 19) {
                double sum = 0;
                double sq = 0;
                for (int k = i - 19; k <= i; k++) {
                    double x = strategyBars.get(k).close();
                    sum += x;
                    sq += x * x;
                }
                double mean = sum / 20;
                double sd = Math.sqrt(Math.max(0, sq / 20 - mean * mean));
                bbMid[i] = mean;
                bbUp[i] = mean + 2 * sd;
                bbLow[i] = mean - 2 * sd;
            } else {
                bbMid[i] = bbUp[i] = bbLow[i] = Double.NaN;
            }
        }
        long display = base.millis();
        for (long d : DISPLAY) {
            if (d >= base.millis() && d % base.millis() == 0) {
                display = d;
                if (countBuckets(strategyBars, d) <= maxCandles) {
                    break;
                }
            }
        }
        List<Bar> shown = merge(strategyBars, display);
        int m = shown.size();
        long[] t = new long[m];
        double[] o = new double[m];
        double[] h = new double[m];
        double[] l = new double[m];
        double[] c = new double[m];
        Map<String, double[]> ind = new LinkedHashMap<>();
        for (String k : List.of("ema_21", "ema_55", "bb_upper", "bb_middle", "bb_lower")) {
            ind.put(k, new double[m]);
        }
        int j = 0;
        for (int i = 0; i < m; i++) {
            Bar b = shown.get(i);
            t[i] = b.openTime();
            o[i] = b.open();
            h[i] = b.high();
            l[i] = b.low();
            c[i] = b.close();
            long end = b.openTime() + display;
            while (j + 1 < n && strategyBars.get(j + 1).openTime() < end) {
                j++;
            }
            ind.get("ema_21")[i] = ema21[j];
            ind.get("ema_55")[i] = ema55[j];
            ind.get("bb_upper")[i] = bbUp[j];
            ind.get("bb_middle")[i] = bbMid[j];
            ind.get("bb_lower")[i] = bbLow[j];
        }
        return new ReportCandles(symbol, base.label(), label(display), t, o, h, l, c, ind);
    }

    private static int countBuckets(List<Bar> bars, long millis) {
        int count = 0;
        long last = Long.MIN_VALUE;
        for (Bar b : bars) {
            long bucket = Math.floorDiv(b.openTime(), millis);
            if (bucket != last) {
                count++;
                last = bucket;
            }
        }
        return count;
    }

    /** Bars merged into UTC-aligned buckets of {@code millis}; a bucket holds whatever bars it has (gaps stay gaps). */
    static List<Bar> merge(List<Bar> bars, long millis) {
        List<Bar> out = new ArrayList<>();
        Bar current = null;
        long bucket = Long.MIN_VALUE;
        for (Bar b : bars) {
            long k = Math.floorDiv(b.openTime(), millis);
            if (current == null || k != bucket) {
                if (current != null) {
                    out.add(current);
                }
                bucket = k;
                current = new Bar(k * millis, b.open(), b.high(), b.low(), b.close(), b.volume());
            } else {
                current = new Bar(current.openTime(), current.open(), Math.max(current.high(), b.high()),
                        Math.min(current.low(), b.low()), b.close(), current.volume() + b.volume());
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    private static String label(long millis) {
        for (Timeframe tf : Timeframe.values()) {
            if (tf.millis() == millis) {
                return tf.label();
            }
        }
        return millis % 86_400_000L == 0 ? millis / 86_400_000L + "d" : millis % 3_600_000L == 0 ? millis / 3_600_000L + "h"
                : millis / 60_000L + "m";
    }
}
