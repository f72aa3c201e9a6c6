package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Timeframe;

/** Hand-built price paths with the expected structure, pattern and SAR values worked out by hand. */
class StructureAndPatternTest {

    static Feed structurePath() {
        return new Feed(Timeframe.M1)
                .bar(10, 11, 9, 10.5)          // 0
                .bar(10.5, 12, 10, 11.5)       // 1
                .bar(11.5, 13, 11, 12.5)       // 2 swing high 13
                .bar(12.5, 12.5, 10.5, 11)     // 3
                .bar(11, 11.5, 9.5, 10)        // 4 confirms the swing high at 2
                .bar(10, 10.5, 8, 8.5)         // 5 swing low 8, bearish
                .bar(8.5, 10, 8.5, 9.5)        // 6
                .bar(9.5, 11, 9, 10.5)         // 7 confirms the swing low at 5
                .bar(10.5, 13.5, 10, 13.2)     // 8 close above 13: BOS up, order block = bar 5
                .bar(13.2, 14, 12.8, 13.8)     // 9 low 12.8 > high of bar 7 (11): bullish FVG [11, 12.8]; swing high 14
                .bar(13.8, 13.9, 12, 12.5)     // 10
                .bar(12.5, 13, 11.5, 12)       // 11 confirms swing high 14: higher high
                .bar(12, 12.2, 10.8, 11)       // 12 low 10.8 fills the FVG
                .bar(11, 11.5, 10, 10.2)       // 13 swing low 10
                .bar(10.2, 11.8, 10.1, 11.5)   // 14
                .bar(11.5, 12, 11, 11.8)       // 15 confirms swing low 10: higher low
                .bar(11.8, 12, 7.5, 7.6);      // 16 close below 10 in an uptrend: CHoCH down; bull OB invalidated
    }

    @Test
    void swingsMarketStructureBreaksAndOrderBlocks() {
        Feed f = structurePath();
        assertTrue(Double.isNaN(f.get(3, "swing_high_2")));
        assertEquals(13, f.get(4, "swing_high_2"));
        assertTrue(Double.isNaN(f.get(4, "ms_high_2")), "first swing has nothing to compare with");
        assertEquals(8, f.get(7, "swing_low_2"));
        assertEquals(0, f.get(7, "ms_trend_2"));
        assertEquals(1, f.get(8, "bos_2"));
        assertEquals(0, f.get(8, "choch_2"));
        assertEquals(1, f.get(8, "ms_trend_2"));
        assertEquals(0, f.get(9, "bos_2"), "a swing breaks once");
        assertEquals(10.5, f.get(8, "ob_bull_high_2"));
        assertEquals(8, f.get(8, "ob_bull_low_2"));
        assertEquals(1, f.get(11, "ms_high_2"), "14 > 13: higher high");
        assertEquals(14, f.get(11, "swing_high_2"));
        assertEquals(1, f.get(15, "ms_low_2"), "10 > 8: higher low");
        assertEquals(13, f.get(15, "sr_resistance_2"), "lowest swing high above 11.8");
        assertEquals(10, f.get(15, "sr_support_2"), "highest swing low below 11.8");
        assertEquals(0.2 / 11.8 * 100, f.get(15, "dist_fib_2"), 1e-12, "nearest retracement of 10..14 to 11.8 is 12");
        assertEquals(-1, f.get(16, "choch_2"));
        assertEquals(0, f.get(16, "bos_2"));
        assertEquals(-1, f.get(16, "ms_trend_2"));
        assertEquals(12, f.get(16, "ob_bear_high_2"), "last bullish candle before the break is bar 15");
        assertEquals(11, f.get(16, "ob_bear_low_2"));
        assertTrue(Double.isNaN(f.get(16, "ob_bull_high_2")), "close 7.6 below the bull block's low 8");
        assertTrue(Double.isNaN(f.get(16, "sr_support_2")), "no swing low below 7.6");
    }

    @Test
    void fairValueGaps() {
        Feed f = structurePath();
        assertEquals(0, f.get(8, "fvg_new"), "low 10 equals the high two bars back: no gap");
        assertEquals(1, f.get(9, "fvg_new"));
        assertEquals(12.8, f.get(9, "fvg_bull_high"));
        assertEquals(11, f.get(9, "fvg_bull_low"));
        assertEquals(12.8, f.get(11, "fvg_bull_high"));
        assertTrue(Double.isNaN(f.get(12, "fvg_bull_high")), "filled by low 10.8 <= 11");
        assertTrue(Double.isNaN(f.get(1, "fvg_new")));
        Feed g = new Feed(Timeframe.M1).bar(20, 21, 19, 19.5).bar(19.5, 19.6, 18, 18.2).bar(18.2, 18.5, 17, 17.2)
                .bar(17.2, 19.5, 17, 19.2);
        assertEquals(-1, g.get(2, "fvg_new"), "high 18.5 < low 19 two bars back");
        assertEquals(19, g.get(2, "fvg_bear_high"));
        assertEquals(18.5, g.get(2, "fvg_bear_low"));
        assertTrue(Double.isNaN(g.get(3, "fvg_bear_high")), "high 19.5 reached the gap's top");
    }

    @Test
    void candlePatterns() {
        Feed e = new Feed(Timeframe.M1).bar(10, 10.2, 9, 9.2).bar(9.1, 10.6, 9, 10.5).bar(10.5, 10.6, 9.6, 10.6)
                .bar(10.7, 10.8, 9.8, 9.9);
        assertTrue(Double.isNaN(e.get(0, "cdl_engulfing")));
        assertEquals(1, e.get(1, "cdl_engulfing"));
        assertEquals(0, e.get(2, "cdl_engulfing"), "bar 2's body 0.1 does not engulf");
        assertEquals(-1, e.get(3, "cdl_engulfing"));

        Feed p = new Feed(Timeframe.M1).bar(11, 11.1, 10.9, 11).bar(10.9, 11, 10.5, 10.6).bar(10.6, 10.7, 10.3, 10.4)
                .bar(10.4, 10.45, 10.1, 10.2).bar(10, 10.1, 9, 10.05).bar(10, 10.5, 9.5, 10.02).bar(10.1, 10.4, 9.7, 10.2);
        assertEquals(1, p.get(4, "cdl_pinbar"));
        assertEquals(1, p.get(4, "cdl_hammer"), "bullish pin after a decline");
        assertEquals(0, p.get(5, "cdl_pinbar"));
        assertEquals(1, p.get(5, "cdl_doji"));
        assertEquals(1, p.get(4, "cdl_doji"), "body 0.05 of range 1.1: a dragonfly doji is a doji too");
        assertEquals(1, p.get(6, "cdl_inside_bar"), "10.4/9.7 inside 10.5/9.5");
        assertEquals(0, p.get(6, "cdl_doji"));
        assertEquals(0, p.get(5, "cdl_inside_bar"));

        Feed s = new Feed(Timeframe.M1).bar(10, 10.05, 9.95, 10).bar(10.1, 10.1, 10, 10.05).bar(10.05, 10.9, 10, 10.8)
                .bar(10.5, 11.6, 10.4, 11.5).bar(11.2, 12.4, 11.1, 12.3).bar(12.3, 12.6, 8, 12.5);
        assertEquals(1, s.get(4, "cdl_three_soldiers"));
        assertEquals(0, s.get(3, "cdl_three_soldiers"), "bar 1 is bearish");
        assertEquals(1, s.get(5, "cdl_pinbar"), "lower wick 4.3 of range 4.6, body 0.2, upper wick 0.1: bullish pin");
    }

    @Test
    void shootingStarAndThreeBlackCrows() {
        Feed f = new Feed(Timeframe.M1).bar(10, 10.3, 9.9, 10.2).bar(10.2, 10.6, 10.1, 10.5).bar(10.5, 10.9, 10.4, 10.8)
                .bar(10.8, 11.2, 10.7, 11.1).bar(11.1, 12.1, 11.05, 11.12);
        assertEquals(-1, f.get(4, "cdl_pinbar"));
        assertEquals(-1, f.get(4, "cdl_hammer"), "bearish pin after a rise: shooting star");
        Feed c = new Feed(Timeframe.M1).bar(12, 12.1, 11.9, 12).bar(12, 12.1, 11, 11.1).bar(11.5, 11.6, 10.2, 10.3)
                .bar(10.8, 10.9, 9.4, 9.5);
        assertEquals(-1, c.get(3, "cdl_three_soldiers"));
    }

    @Test
    void parabolicSarWorkedExample() {
        Feed f = new Feed(Timeframe.M1).bar(9.5, 10, 9, 9.5).bar(9.6, 10.5, 9.5, 10.2).bar(10.2, 11, 10, 10.8)
                .bar(10.8, 11.5, 10.6, 11.2).bar(11.2, 11.2, 9.1, 9.3).bar(9.3, 9.8, 8.9, 9.0);
        String sar = "psar_0.02_0.2";
        String dir = "psar_dir_0.02_0.2";
        assertTrue(Double.isNaN(f.get(0, sar)));
        assertEquals(9, f.get(1, sar), 1e-12);
        assertEquals(1, f.get(1, dir));
        assertEquals(9.08, f.get(2, sar), 1e-12);
        assertEquals(9.2252, f.get(3, sar), 1e-12);
        assertEquals(11.5, f.get(4, sar), 1e-12, "low 9.1 <= 9.2252 reverses: SAR = prior EP");
        assertEquals(-1, f.get(4, dir));
        assertEquals(11.396, f.get(5, sar), 1e-12);
    }

    @Test
    void rsiDivergences() {
        // a falling price path whose second low is lower but reached on weaker selling: regular bullish divergence
        Feed f = new Feed(Timeframe.M1);
        double p = 100;
        for (int i = 0; i < 20; i++) {
            p -= 1;
            f.bar(p + 1, p + 1.1, p - 0.1, p);
        }
        f.bar(p, p + 0.5, p - 3, p - 2.5);           // 20: deep low
        f.bar(p - 2.5, p + 1, p - 2.6, p + 0.8);     // 21
        f.bar(p + 0.8, p + 2, p + 0.5, p + 1.8);     // 22 confirms the swing low at 20
        f.bar(p + 1.8, p + 1.9, p, p + 0.2);         // 23
        f.bar(p + 0.2, p + 0.3, p - 3.1, p - 2.9);   // 24: lower low with a smaller RSI dip
        f.bar(p - 2.9, p + 0.5, p - 3, p + 0.4);     // 25
        f.bar(p + 0.4, p + 1.5, p, p + 1.2);         // 26 confirms the swing low at 24
        int row = 26;
        double rsiFirst = f.get(20, "rsi_14");
        double rsiSecond = f.get(24, "rsi_14");
        assertTrue(rsiSecond > rsiFirst, "the path is built so that RSI makes a higher low");
        assertEquals(1, f.get(row, "rsi_div_regular_14"));
        assertEquals(0, f.get(row, "rsi_div_hidden_14"));
        assertEquals(0, f.get(row - 1, "rsi_div_regular_14"));
    }
}
