package kairos.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChartDownsamplerTest {

    @Test
    void shortSeriesAreKeptWhole() {
        assertThat(ChartDownsampler.minMaxIndices(new double[] {3, 1, 2}, 4)).containsExactly(0, 1, 2);
    }

    @Test
    void keepsMinAndMaxOfEachBucketAndBothEnds() {
        double[] values = {5, 1, 9, 4, /* bucket 2 */ 6, 7, 0, 8, /* bucket 3 */ 2, 3, 3, 5};
        // maxPoints 8 -> 3 buckets of 4
        assertThat(ChartDownsampler.minMaxIndices(values, 8)).containsExactly(0, 1, 2, 6, 7, 8, 11);
    }

    @Test
    void longSeriesStayWithinTheLimitAndKeepExtremes() {
        double[] values = new double[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i / 500.0) * 100 + (i % 7);
        }
        values[54_321] = -1_000;
        values[77_777] = 1_000;
        int[] kept = ChartDownsampler.minMaxIndices(values, 5_000);
        assertThat(kept.length).isLessThanOrEqualTo(5_000).isGreaterThan(4_000);
        assertThat(kept).contains(0, 54_321, 77_777, 99_999);
        assertThat(Arrays.stream(kept).sorted().toArray()).isEqualTo(kept);
        assertThat(ChartDownsampler.minMaxIndices(values, 5_000)).isEqualTo(kept);
    }

    @Test
    void rejectsTooSmallLimits() {
        assertThatThrownBy(() -> ChartDownsampler.minMaxIndices(new double[10], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPoints");
    }
}
