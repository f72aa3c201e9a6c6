package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;

/** Sessions, calendar, funding, daily pivots and intermarket columns against hand-computed or naive values. */
class ContextFeaturesTest {
    static final long H = 3_600_000L;
    static final long M = 60_000L;

    static FeatureEngine engine() {
        return new FeatureEngine(new FeatureConfig(Timeframe.M1, List.of(), "BTCUSDT", "ETHUSDT", 8));
    }

    @Test
    void sessionsAndCalendar() {
        FeatureEngine e = engine();
        e.onBar(new Bar(Synthetic.T0 + 8 * H + 30 * M, 100, 101, 99, 100, 1));
        assertEquals(8, e.value("hour_utc"));
        assertEquals(6, e.value("dow_utc"), "2025-06-01 is a Sunday");
        assertEquals(1, e.value("session_asia"));
        assertEquals(1, e.value("session_europe"));
        assertEquals(0, e.value("session_us"));
        assertEquals(1, e.value("overlap_asia_europe"));
        assertEquals(0, e.value("overlap_europe_us"));
        assertEquals(29, e.value("mins_to_hour_close"));
        e.onBar(new Bar(Synthetic.T0 + 14 * H + 59 * M, 100, 101, 99, 100, 1));
        assertEquals(0, e.value("session_asia"));
        assertEquals(1, e.value("session_us"));
        assertEquals(1, e.value("overlap_europe_us"));
        assertEquals(0, e.value("mins_to_hour_close"));
        e.onBar(new Bar(Synthetic.T0 + 22 * H, 100, 101, 99, 100, 1));
        assertEquals(0, e.value("session_asia") + e.value("session_europe") + e.value("session_us"));
        e.onBar(new Bar(Synthetic.T0 + 24 * H + 60 * M, 100, 101, 99, 100, 1));
        assertEquals(0, e.value("dow_utc"), "Monday");
        assertEquals(1, e.value("session_asia"), "01:00 opens Asia");
        assertEquals(0, e.value("dist_round"), 1e-12, "100 is round");
        e.onBar(new Bar(Synthetic.T0 + 24 * H + 61 * M, 100, 101, 99, 153.5, 1));
        assertEquals(3.5 / 153.5 * 100, e.value("dist_round"), 1e-12, "nearest multiple of 10 is 150");
    }

    @Test
    void fundingRateIsKnownOnlyFromItsSettlement() {
        FeatureEngine e = engine();
        e.onFunding(new FundingRate(Synthetic.T0 + 8 * H, 0.0001));
        e.onFunding(new FundingRate(Synthetic.T0 + 16 * H, -0.0002));
        e.onBar(new Bar(Synthetic.T0 + 8 * H - 2 * M, 100, 101, 99, 100, 1));
        assertTrue(Double.isNaN(e.value("funding_rate")), "the 08:00 rate is not known at 07:59");
        assertEquals(1, e.value("funding_mins_to_next"));
        assertEquals(1, e.value("funding_window_60"));
        e.onBar(new Bar(Synthetic.T0 + 8 * H - M, 100, 101, 99, 100, 1));
        assertEquals(0.0001, e.value("funding_rate"), "known at the 08:00 close");
        assertEquals(480, e.value("funding_mins_to_next"));
        assertEquals(0, e.value("funding_window_60"));
        e.onBar(new Bar(Synthetic.T0 + 15 * H, 100, 101, 99, 100, 1));
        assertEquals(59, e.value("funding_mins_to_next"));
        assertEquals(0.0001, e.value("funding_rate"));
        e.onBar(new Bar(Synthetic.T0 + 16 * H, 100, 101, 99, 100, 1));
        assertEquals(-0.0002, e.value("funding_rate"));
    }

    @Test
    void dailyPivotsFromThePreviousCompleteDay() {
        FeatureConfig cfg = new FeatureConfig(Timeframe.H1, List.of(), "BTCUSDT", "ETHUSDT", 8);
        Feed f = new Feed(cfg);
        for (int h = 0; h < 24; h++) {
            double hi = h == 5 ? 110 : 101;
            double lo = h == 17 ? 90 : 99;
            f.bar(100, hi, lo, h == 23 ? 100 : 100.5);
        }
        f.bar(100, 101, 99, 100);
        assertTrue(Double.isNaN(f.get(23, "pivot_p")));
        assertEquals(100, f.get(24, "pivot_p"), 1e-12);
        assertEquals(110, f.get(24, "pivot_r1"), 1e-12);
        assertEquals(120, f.get(24, "pivot_r2"), 1e-12);
        assertEquals(130, f.get(24, "pivot_r3"), 1e-12);
        assertEquals(90, f.get(24, "pivot_s1"), 1e-12);
        assertEquals(80, f.get(24, "pivot_s2"), 1e-12);
        assertEquals(70, f.get(24, "pivot_s3"), 1e-12);
        assertEquals(107.64, f.get(24, "pivot_fib_r1"), 1e-12);
        assertEquals(112.36, f.get(24, "pivot_fib_r2"), 1e-12);
        assertEquals(120, f.get(24, "pivot_fib_r3"), 1e-12);
        assertEquals(92.36, f.get(24, "pivot_fib_s1"), 1e-12);
        assertEquals(87.64, f.get(24, "pivot_fib_s2"), 1e-12);
        assertEquals(80, f.get(24, "pivot_fib_s3"), 1e-12);
        assertEquals(100 + 22.0 / 12, f.get(24, "pivot_cam_r1"), 1e-12);
        assertEquals(100 + 22.0 / 6, f.get(24, "pivot_cam_r2"), 1e-12);
        assertEquals(105.5, f.get(24, "pivot_cam_r3"), 1e-12);
        assertEquals(111, f.get(24, "pivot_cam_r4"), 1e-12);
        assertEquals(89, f.get(24, "pivot_cam_s4"), 1e-12);
        assertEquals(94.5, f.get(24, "pivot_cam_s3"), 1e-12);
    }

    @Test
    void pivotsNeedACompleteDay() {
        FeatureConfig cfg = new FeatureConfig(Timeframe.H1, List.of(), "BTCUSDT", "ETHUSDT", 8);
        FeatureEngine e = new FeatureEngine(cfg);
        for (int h = 3; h < 26; h++) {
            e.onBar(new Bar(Synthetic.T0 + h * H, 100, 101, 99, 100, 1));
        }
        assertTrue(Double.isNaN(e.value("pivot_p")), "the first day started at 03:00: incomplete");
        e.onBar(new Bar(Synthetic.T0 + 72 * H, 100, 101, 99, 100, 1));
        assertTrue(Double.isNaN(e.value("pivot_p")), "the previous day is missing entirely");
    }

    @Test
    void targetMovesCountedPerUtcDay() {
        Feed f = new Feed(Timeframe.M1);
        f.bar(100, 101, 99, 100.5).bar(100.5, 102.2, 100.4, 102.1).bar(102.1, 102.5, 101, 101).bar(101, 101, 99.5, 100.1)
                .bar(100.1, 100.5, 99, 99.2);
        assertEquals(0, f.get(0, "moves_2_today"));
        assertEquals(1, f.get(1, "moves_2_today"), "102.1 is 2.1 above the day's open 100");
        assertEquals(1, f.get(2, "moves_2_today"));
        assertEquals(2, f.get(3, "moves_2_today"), "100.1 is 2.0 below the anchor 102.1");
        assertEquals(2, f.get(4, "moves_2_today"));
        FeatureEngine e = new FeatureEngine(new FeatureConfig(Timeframe.M1, List.of(), "BTCUSDT", "ETHUSDT", 8, 2.5));
        e.onBar(new Bar(Synthetic.T0 + 86_400_000L - 60_000L, 100, 103, 100, 103, 1));
        assertEquals(1, e.value("moves_2.5_today"));
        e.onBar(new Bar(Synthetic.T0 + 86_400_000L, 103, 104, 103, 104, 1));
        assertEquals(0, e.value("moves_2.5_today"), "a new UTC day starts from its first open");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new FeatureConfig(Timeframe.M1, List.of(), "BTCUSDT", "ETHUSDT", 8, 0));
    }

    @Test
    void rangeOfTheLast30Minutes() {
        Feed f = new Feed(Timeframe.M1);
        for (int i = 0; i < 40; i++) {
            f.bar(100, i == 5 ? 120 : 101 + i * 0.01, 99, 100);
        }
        assertTrue(Double.isNaN(f.get(28, "range_30m")));
        assertEquals(21, f.get(29, "range_30m"), 1e-12);
        assertEquals(21, f.get(34, "range_30m"), 1e-12);
        assertEquals(101.39 - 99, f.get(39, "range_30m"), 1e-9, "the 120 high left the window");
    }

    @Test
    void correlationAndRatioMatchANaiveComputation() {
        FeatureInputs in = Scenario.inputs(Timeframe.M1, 1500, 77);
        FeatureMatrix m = FeatureMatrix.compute(FeatureConfig.standard(Timeframe.M1), in);
        Map<Long, Bar> btc = new java.util.HashMap<>();
        in.context().get("BTCUSDT").forEach(b -> btc.put(b.openTime(), b));
        Map<Long, Bar> eth = new java.util.HashMap<>();
        in.context().get("ETHUSDT").forEach(b -> eth.put(b.openTime(), b));
        List<Bar> own = in.bars();
        int checked = 0;
        int nanChecked = 0;
        for (int w : new int[] {30, 60, 240}) {
            String name = "corr_btc_" + (w == 30 ? "30m" : w == 60 ? "1h" : "4h");
            for (int i = w; i < own.size(); i++) {
                double[] x = new double[w];
                double[] y = new double[w];
                boolean ok = true;
                for (int k = 0; k < w && ok; k++) {
                    int j = i - k;
                    Bar a = own.get(j);
                    Bar pa = own.get(j - 1);
                    Bar b = btc.get(a.openTime());
                    Bar pb = btc.get(pa.openTime());
                    ok = b != null && pb != null && pa.openTime() == a.openTime() - M;
                    if (ok) {
                        x[k] = Math.log(a.close() / pa.close());
                        y[k] = Math.log(b.close() / pb.close());
                    }
                }
                double act = m.get(i, name);
                if (!ok) {
                    if (own.get(i).openTime() - own.get(i - w).openTime() == w * M) {
                        assertTrue(Double.isNaN(act), name + " at " + i + " must be NaN with a missing BTC bar");
                        nanChecked++;
                    }
                    continue;
                }
                double mx = 0;
                double my = 0;
                for (int k = 0; k < w; k++) {
                    mx += x[k] / w;
                    my += y[k] / w;
                }
                double sxy = 0;
                double sxx = 0;
                double syy = 0;
                for (int k = 0; k < w; k++) {
                    sxy += (x[k] - mx) * (y[k] - my);
                    sxx += (x[k] - mx) * (x[k] - mx);
                    syy += (y[k] - my) * (y[k] - my);
                }
                assertEquals(sxy / Math.sqrt(sxx * syy), act, 1e-7, name + " at " + i);
                checked++;
            }
        }
        assertTrue(checked > 1000 && nanChecked > 10, checked + " / " + nanChecked);
        for (int i = 0; i < own.size(); i++) {
            Bar e = eth.get(own.get(i).openTime());
            double act = m.get(i, "ratio_eth");
            if (e == null) {
                assertTrue(Double.isNaN(act));
            } else {
                assertEquals(e.close() / own.get(i).close(), act, 1e-15);
            }
            if (i >= 60 && !Double.isNaN(act) && !Double.isNaN(m.get(i - 60, "ratio_eth"))
                    && own.get(i).openTime() - own.get(i - 60).openTime() == 60 * M) {
                assertEquals((act / m.get(i - 60, "ratio_eth") - 1) * 100, m.get(i, "ratio_eth_chg_1h"), 1e-9);
            }
        }
    }
}
