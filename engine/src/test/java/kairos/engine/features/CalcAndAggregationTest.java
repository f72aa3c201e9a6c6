package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.calc.Ema;
import kairos.engine.features.calc.PercentRank;
import kairos.engine.features.calc.Window;
import kairos.engine.features.calc.Wma;

/** The incremental building blocks over long runs, and coarser-timeframe aggregation across gaps. */
class CalcAndAggregationTest {
    static final long M = 60_000L;

    @Test
    void runningSumsDoNotDriftOverLongRuns() {
        SplittableRandom r = new SplittableRandom(3);
        Window w = new Window(20);
        Wma wma = new Wma(9);
        double[] xs = new double[200_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 150 + 50 * r.nextDouble() + (i % 1000 == 0 ? 1e6 : 0);
            w.push(xs[i]);
            double wm = wma.update(xs[i]);
            if (i >= 20 && i % 997 == 0) {
                double s = 0;
                double ws = 0;
                for (int k = 0; k < 20; k++) {
                    s += xs[i - k];
                }
                for (int k = 0; k < 9; k++) {
                    ws += (9 - k) * xs[i - k];
                }
                assertEquals(s, w.sum(), 1e-9 * s, "window sum at " + i);
                assertEquals(ws / 45, wm, 1e-9 * wm, "wma at " + i);
            }
        }
        assertEquals(xs[xs.length - 1], w.last());
        assertEquals(xs[xs.length - 21], w.evicted());
        assertEquals(20, w.capacity());
        assertEquals(20, w.size());
    }

    @Test
    void windowStatisticsAndArguments() {
        Window w = new Window(4);
        assertTrue(Double.isNaN(w.mean()) && Double.isNaN(w.populationVariance()) && Double.isNaN(w.sampleVariance())
                && Double.isNaN(w.meanAbsDeviation()) && Double.isNaN(w.evicted()));
        for (double x : new double[] {1, 2, 3, 4}) {
            w.push(x);
        }
        assertEquals(2.5, w.mean());
        assertEquals(1.25, w.populationVariance(), 1e-15);
        assertEquals(5.0 / 3, w.sampleVariance(), 1e-15);
        assertEquals(1, w.meanAbsDeviation(), 1e-15);
        assertEquals(4, w.max());
        assertEquals(1, w.min());
        assertThrows(IllegalArgumentException.class, () -> new Window(0));
        assertThrows(IllegalArgumentException.class, () -> Ema.ema(0));
        Ema e = Ema.wilder(2);
        assertTrue(Double.isNaN(e.update(Double.NaN)));
        e.update(1);
        assertEquals(2, e.update(3));
        assertEquals(2, e.update(Double.NaN), "NaN is skipped");
        assertEquals(2.5, e.update(3));
        assertEquals(2.5, e.value());
        Wma m = new Wma(2);
        assertTrue(Double.isNaN(m.update(Double.NaN)));
        assertTrue(Double.isNaN(m.value()));
        m.update(1);
        assertEquals(5.0 / 3, m.update(2), 1e-15);
        assertEquals(5.0 / 3, m.update(Double.NaN), 1e-15);
        PercentRank pr = new PercentRank(3);
        assertTrue(Double.isNaN(pr.update(Double.NaN)));
        pr.update(1);
        pr.update(3);
        pr.update(2);
        assertEquals(200.0 / 3, pr.update(2.5), 1e-12);
        assertEquals(0, pr.update(1));
    }

    static FeatureEngine fiveMinute() {
        return new FeatureEngine(new FeatureConfig(Timeframe.M1, List.of(Timeframe.M5), "BTCUSDT", "ETHUSDT", 8));
    }

    @Test
    void aPartialBucketLeftByAGapIsClosedByTheNextBarAndALeadingPartialOneIsDropped() {
        FeatureEngine e = fiveMinute();
        long t = Synthetic.T0 + 2 * M;
        e.onBar(new Bar(t, 10, 10, 10, 10, 1));
        e.onBar(new Bar(t + M, 10, 11, 10, 11, 1));
        e.onBar(new Bar(t + 2 * M, 11, 11, 11, 11, 1));
        assertTrue(Double.isNaN(e.value("obv@5m")), "the 00:00 bucket started at 00:02 and is dropped");
        for (int i = 5; i < 10; i++) {
            e.onBar(new Bar(Synthetic.T0 + i * M, 11, 12, 11, 11 + i * 0.1, 2));
        }
        assertEquals(0, e.value("obv@5m"), "first 5m bar closed at 00:10: OBV starts at 0");
        assertTrue(Double.isNaN(e.value("sma_20@5m")), "one 5m bar so far");
        e.onBar(new Bar(Synthetic.T0 + 10 * M, 12, 13, 12, 12.5, 3));
        e.onBar(new Bar(Synthetic.T0 + 11 * M, 12.5, 13, 12, 12.8, 4));
        assertEquals(0, e.value("obv@5m"), "00:10 bucket still open");
        e.onBar(new Bar(Synthetic.T0 + 17 * M, 12.8, 13, 12, 12.9, 5));
        assertEquals(7, e.value("obv@5m"), "the gap closed the 00:10 bucket (close 12.8 > 11.9, volume 3 + 4)");
        e.onBar(new Bar(Synthetic.T0 + 19 * M, 12.9, 13, 12, 12.0, 5));
        assertEquals(-3, e.value("obv@5m"), "00:15 bucket (bars 17 and 19, close 12.0) closed on the boundary");
    }

    @Test
    void zeroVolumeSessionStartAndFlatVolumeProfile() {
        Feed f = new Feed(Timeframe.M1);
        f.bar(100, 100, 100, 100, 0);
        assertTrue(Double.isNaN(f.get(0, "vwap")), "no volume yet in the session");
        for (int i = 1; i < 130; i++) {
            f.bar(100, 100, 100, 100, 1);
        }
        assertEquals(100, f.get(129, "vwap"));
        assertEquals(100, f.get(129, "vwap_upper_2"));
        assertEquals(100, f.get(129, "vp_poc_120"));
        assertEquals(100, f.get(129, "vp_vah_120"));
        assertEquals(100, f.get(129, "vp_val_120"));
        assertEquals(0.5, f.get(129, "bb_pctb_20_2"));
        assertEquals(50, f.get(129, "stoch_k_14_3"));
        assertEquals(-50, f.get(129, "willr_14"));
        assertEquals(0, f.get(129, "cci_20"));
        assertEquals(50, f.get(129, "mfi_14"));
        assertEquals(50, f.get(129, "rsi_14"));
        assertEquals(0, f.get(129, "cmf_20"));
        assertEquals(0, f.get(129, "adx_14"));
        assertEquals(0, f.get(129, "cdl_doji"), "a flat bar has no range: not a doji");
    }
}
