package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

class CandleSeriesTest {

    private static final long T = TestData.T0;
    private static final long M = TestData.MIN;
    private final List<Bar> bars = List.of(new Bar(T, 1, 2, 0.5, 1.5, 10), new Bar(T + M, 1.5, 3, 1, 2, 20),
            new Bar(T + 4 * M, 2, 2.5, 1.5, 2.25, 5));
    private final CandleSeries s = CandleSeries.of(Timeframe.M1, bars);

    @Test
    void columnsAndBars() {
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.timeframe()).isEqualTo(Timeframe.M1);
        assertThat(s.openTime(1)).isEqualTo(T + M);
        assertThat(new double[] {s.open(1), s.high(1), s.low(1), s.close(1), s.volume(1)})
                .containsExactly(1.5, 3, 1, 2, 20);
        assertThat(s.bar(2)).isEqualTo(bars.get(2));
        assertThat(s.bars()).isEqualTo(bars);
        assertThat(s.isEmpty()).isFalse();
        assertThat(CandleSeries.empty(Timeframe.M5).isEmpty()).isTrue();
        assertThat(s.toString()).contains("3 bars, 2025-01-01T00:00:00Z .. 2025-01-01T00:04:00Z");
        assertThat(CandleSeries.empty(Timeframe.M5).toString()).contains("empty");
    }

    @Test
    void sliceByOpenTime() {
        assertThat(s.slice(T + M, T + 4 * M).bars()).containsExactly(bars.get(1));
        assertThat(s.slice(T + 1, T + 5 * M).bars()).containsExactly(bars.get(1), bars.get(2));
        assertThat(s.slice(Long.MIN_VALUE, Long.MAX_VALUE)).isSameAs(s);
        assertThat(s.slice(T + 10 * M, Long.MAX_VALUE).isEmpty()).isTrue();
        assertThat(s.slice(T + 4 * M, T).isEmpty()).isTrue();
        assertThat(s.indexAtOrAfter(T + 2 * M)).isEqualTo(2);
    }

    @Test
    void gapsAreFound() {
        assertThat(s.gaps()).containsExactly(new Gap(T + 2 * M, T + 4 * M, 2));
        assertThat(s.gaps().getFirst().toString())
                .isEqualTo("2025-01-01T00:02:00Z .. 2025-01-01T00:04:00Z (2 missing bars)");
        assertThat(new Gap(T, T + M, 1).toString()).endsWith("(1 missing bar)");
    }

    @Test
    void ofRefusesUnorderedOrMisalignedBars() {
        assertThatThrownBy(() -> CandleSeries.of(Timeframe.M1, List.of(bars.get(1), bars.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after the previous bar");
        assertThatThrownBy(() -> CandleSeries.of(Timeframe.M5, bars)).hasMessageContaining("not on a 5m boundary");
    }

    @Test
    void equality() {
        assertThat(CandleSeries.of(Timeframe.M1, bars)).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.slice(T, T + M)).isNotEqualTo(s);
        assertThat(s).isNotEqualTo("s");
    }
}
