package kairos.engine.kernel;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarAggregatorTest {
    @Test
    void buildsExactUtcAlignedBarsAndDropsIncompleteBuckets() {
        BarAggregator agg = new BarAggregator(Timeframe.M1, Timeframe.M3);
        long t = 1_746_316_800_000L; // 00:00 UTC, a 3m boundary
        // starts mid-bucket (00:01): that bucket is incomplete and dropped
        assertThat(agg.add(new Bar(t - 120_000, 1, 2, 0.5, 1.5, 1))).isNull();
        assertThat(agg.add(new Bar(t - 60_000, 1.5, 2, 1, 1.2, 1))).isNull();
        assertThat(agg.add(new Bar(t, 10, 12, 9, 11, 5))).isNull();
        assertThat(agg.add(new Bar(t + 60_000, 11, 15, 10, 14, 6))).isNull();
        assertThat(agg.add(new Bar(t + 120_000, 14, 14.5, 8, 9, 7))).isEqualTo(new Bar(t, 10, 15, 8, 9, 18));
        // a gap inside the next bucket: no bar
        assertThat(agg.add(new Bar(t + 180_000, 9, 9, 9, 9, 1))).isNull();
        assertThat(agg.add(new Bar(t + 300_000, 9, 9, 9, 9, 1))).isNull();
        assertThatThrownBy(() -> new BarAggregator(Timeframe.M3, Timeframe.M5)).hasMessageContaining("multiple");
    }
}
