package kairos.engine.backtest.validation;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MarketShocksTest {
    static final Timeframe TF = Timeframe.M5;

    /** Every bar stays a bar (low <= open, close <= high, low > 0) and the closes are unchanged; ranges scale by k. */
    @Property(tries = 40)
    void scalingAroundTheCloseKeepsBarsValidAndWidensEveryRange(@ForAll long seed,
                                                                @ForAll @DoubleRange(min = 1, max = 5) double k) {
        CandleSeries s = ValidationFixtures.walk(seed, TF, 300, 100);
        CandleSeries x = MarketShocks.scaleAroundClose(s, k);
        for (int i = 0; i < s.size(); i++) {
            assertThat(x.close(i)).isEqualTo(s.close(i));
            assertThat(x.low(i)).isPositive().isLessThanOrEqualTo(Math.min(x.open(i), x.close(i)));
            assertThat(x.high(i)).isGreaterThanOrEqualTo(Math.max(x.open(i), x.close(i)));
            assertThat(x.high(i) - x.low(i)).isCloseTo(k * (s.high(i) - s.low(i)), within(1e-9));
        }
        // true ranges of 5m random-walk bars are mostly their own range: the mean scales nearly by k
        assertThat(MarketShocks.meanTrueRange(x) / MarketShocks.meanTrueRange(s)).isCloseTo(k, within(0.15 * k));
    }

    @Property(tries = 30)
    void mirroringNegatesEveryLogReturnAndTheCorrelation(@ForAll long seed) {
        CandleSeries a = ValidationFixtures.walk(seed, TF, 400, 100);
        CandleSeries b = ValidationFixtures.walk(seed + 1, TF, 400, 50);
        CandleSeries m = MarketShocks.mirror(a);
        for (int i = 1; i < a.size(); i++) {
            assertThat(Math.log(m.close(i) / m.close(i - 1))).isCloseTo(-Math.log(a.close(i) / a.close(i - 1)), within(1e-12));
            assertThat(m.low(i)).isLessThanOrEqualTo(Math.min(m.open(i), m.close(i)));
            assertThat(m.high(i)).isGreaterThanOrEqualTo(Math.max(m.open(i), m.close(i)));
        }
        assertThat(m.close(0)).isCloseTo(a.close(0), within(1e-9));
        assertThat(MarketShocks.returnCorrelation(a, a)).isCloseTo(1, within(1e-12));
        assertThat(MarketShocks.returnCorrelation(a, m)).isCloseTo(-1, within(1e-12));
        assertThat(MarketShocks.returnCorrelation(b, MarketShocks.mirror(a)))
                .isCloseTo(-MarketShocks.returnCorrelation(b, a), within(1e-12));
    }

    @Property(tries = 30)
    void aLevelShiftGapsAtItsBarAndKeepsEverythingBefore(@ForAll @IntRange(min = 1, max = 98) int at) {
        CandleSeries s = ValidationFixtures.walk(3, TF, 100, 100);
        long t = s.openTime(at);
        CandleSeries x = MarketShocks.levelShift(s, t, 0.8, 5);
        for (int i = 0; i < s.size(); i++) {
            double f = i >= at ? 0.8 : 1;
            assertThat(x.open(i)).isCloseTo(f * s.open(i), within(1e-9));
            assertThat(x.close(i)).isCloseTo(f * s.close(i), within(1e-9));
            assertThat(x.volume(i)).isCloseTo((i == at ? 5 : 1) * s.volume(i), within(1e-6));
        }
        // the gap: the shifted bar opens 20% below the previous close
        assertThat(x.open(at) / x.close(at - 1)).isCloseTo(0.8 * s.open(at) / s.close(at - 1), within(1e-12));
    }

    @Test
    void flashCrashGapAndWick() {
        CandleSeries s = CandleSeries.of(TF, List.of(new Bar(0, 100, 101, 99, 100, 10), new Bar(300_000, 100, 102, 99.5, 101, 10),
                new Bar(600_000, 101, 103, 100, 102, 10), new Bar(900_000, 102, 103, 101, 102.5, 10)));
        CandleSeries crash = MarketShocks.flashCrash(s, 300_000, 0.12, 0.10);
        assertThat(crash.low(1)).isCloseTo(88, within(1e-9));
        assertThat(crash.close(1)).isCloseTo(90.9, within(1e-9));
        assertThat(crash.open(2)).isCloseTo(90.9, within(1e-9));
        assertThat(crash.close(2)).isEqualTo(102);
        assertThat(crash.low(2)).isCloseTo(90.9, within(1e-9));
        assertThat(crash.volume(1)).isEqualTo(50);
        assertThat(crash.bar(3)).isEqualTo(s.bar(3));
        assertThatThrownBy(() -> MarketShocks.flashCrash(s, 900_000, 0.1, 0.1)).hasMessageContaining("no two bars");

        CandleSeries gap = MarketShocks.removeRange(s, 300_000, 900_000);
        assertThat(gap.size()).isEqualTo(2);
        assertThat(gap.gaps()).hasSize(1);

        CandleSeries down = MarketShocks.wick(s, 300_001, 95, true);
        assertThat(down.low(2)).isEqualTo(95);
        assertThat(down.close(2)).isEqualTo(102);
        CandleSeries up = MarketShocks.wick(s, 600_000, 110, false);
        assertThat(up.high(2)).isEqualTo(110);
        assertThat(MarketShocks.wick(s, 2_000_000, 1, true)).isSameAs(s);
        assertThat(MarketShocks.mirror(CandleSeries.empty(TF)).size()).isZero();
        assertThat(MarketShocks.meanTrueRange(CandleSeries.empty(TF))).isNaN();
        assertThat(MarketShocks.returnCorrelation(s, CandleSeries.empty(TF))).isNaN();
    }
}
