package kairos.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

class PriceSeriesTest {

    @Test
    void ofBarsStampsEachCloseAtTheBarClose() {
        PriceSeries p = PriceSeries.ofBars("SOLUSDT", Timeframe.M5,
                List.of(new Bar(0, 1, 2, 0.5, 1.5, 10), new Bar(300_000, 1.5, 2, 1, 1.8, 12)));
        assertThat(p.times()).containsExactly(300_000L, 600_000L);
        assertThat(p.closes()).containsExactly(1.5, 1.8);
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.toString()).isEqualTo("PriceSeries[SOLUSDT, 2 points]");
    }

    @Test
    void isAValueWithDefensiveCopies() {
        long[] times = {1, 2};
        double[] closes = {3, 4};
        PriceSeries p = new PriceSeries("X", times, closes);
        times[0] = 99;
        p.closes()[0] = 99;
        assertThat(p.times()[0]).isEqualTo(1);
        assertThat(p.closes()[0]).isEqualTo(3);
        PriceSeries same = new PriceSeries("X", new long[] {1, 2}, new double[] {3, 4});
        assertThat(p).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(p).isNotEqualTo(new PriceSeries("Y", new long[] {1, 2}, new double[] {3, 4}));
        assertThat(p).isNotEqualTo(new PriceSeries("X", new long[] {1, 2}, new double[] {3, 5}));
    }

    @Test
    void rejectsMismatchedUnorderedOrNonFiniteData() {
        assertThatThrownBy(() -> new PriceSeries("X", new long[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 times but 2 closes");
        assertThatThrownBy(() -> new PriceSeries("X", new long[] {2, 1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in order");
        assertThatThrownBy(() -> new PriceSeries("X", new long[] {1, 2}, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
