package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

class ResamplerTest {

    private static final long T = TestData.T0;
    private static final long M = TestData.MIN;

    @Test
    void handComputedFiveMinuteBars() {
        List<Bar> oneMinute = new ArrayList<>();
        // bucket 00:00 complete
        oneMinute.add(new Bar(T, 10, 11, 9, 10.5, 1));
        oneMinute.add(new Bar(T + M, 10.5, 12, 10, 11, 2));
        oneMinute.add(new Bar(T + 2 * M, 11, 11.5, 8, 9, 3));
        oneMinute.add(new Bar(T + 3 * M, 9, 10, 8.5, 9.5, 4));
        oneMinute.add(new Bar(T + 4 * M, 9.5, 9.75, 9.25, 9.6, 0.5));
        // bucket 00:05 has a gap at 00:07 -> dropped
        oneMinute.add(new Bar(T + 5 * M, 9.6, 10, 9, 9.8, 1));
        oneMinute.add(new Bar(T + 6 * M, 9.8, 10, 9, 9.8, 1));
        oneMinute.add(new Bar(T + 8 * M, 9.8, 10, 9, 9.8, 1));
        oneMinute.add(new Bar(T + 9 * M, 9.8, 10, 9, 9.8, 1));
        // bucket 00:10 complete
        for (int i = 10; i < 15; i++) {
            oneMinute.add(new Bar(T + i * M, 20 + i, 30 + i, 10 + i, 21 + i, i));
        }
        // bucket 00:15 not closed yet (3 of 5 minutes) -> dropped
        for (int i = 15; i < 18; i++) {
            oneMinute.add(new Bar(T + i * M, 20, 21, 19, 20, 1));
        }
        CandleSeries five = Resampler.resample(CandleSeries.of(Timeframe.M1, oneMinute), Timeframe.M5);
        assertThat(five.timeframe()).isEqualTo(Timeframe.M5);
        assertThat(five.bars()).containsExactly(new Bar(T, 10, 12, 8, 9.6, 10.5),
                new Bar(T + 10 * M, 30, 44, 20, 35, 60));
    }

    @Test
    void incompleteFirstBucketIsDropped() {
        List<Bar> bars = TestData.walk(T + 58 * M, 64, M); // 00:58 .. 02:01
        CandleSeries hourly = Resampler.resample(CandleSeries.of(Timeframe.M1, bars), Timeframe.H1);
        assertThat(hourly.size()).isEqualTo(1);
        assertThat(hourly.openTime(0)).isEqualTo(T + 60 * M);
        assertThat(hourly.open(0)).isEqualTo(bars.get(2).open());
        assertThat(hourly.close(0)).isEqualTo(bars.get(61).close());
    }

    @Test
    void sameTimeframeIsIdentityAndNonMultiplesAreRefused() {
        CandleSeries s = CandleSeries.of(Timeframe.M5, TestData.walk(T, 10, 5 * M));
        assertThat(Resampler.resample(s, Timeframe.M5)).isSameAs(s);
        assertThatThrownBy(() -> Resampler.resample(s, Timeframe.M3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3m is not a whole multiple of 5m");
        assertThatThrownBy(() -> Resampler.resample(s, Timeframe.M1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesNaiveAggregationOnRandomSeriesWithGaps() {
        Random r = new Random(42);
        Timeframe[][] pairs = {{Timeframe.M1, Timeframe.M5}, {Timeframe.M1, Timeframe.H1}, {Timeframe.M5, Timeframe.M15},
            {Timeframe.M3, Timeframe.M15}, {Timeframe.M5, Timeframe.H4}, {Timeframe.H1, Timeframe.D1}};
        for (int round = 0; round < 60; round++) {
            Timeframe[] pair = pairs[round % pairs.length];
            long step = pair[0].millis();
            List<Bar> bars = new ArrayList<>();
            long t = pair[0].floor(T + r.nextInt(1_000_000) * 1000L);
            for (Bar b : TestData.walk(0, 2000, 1)) {
                if (r.nextInt(100) >= 2) { // ~2% missing bars
                    bars.add(new Bar(t, b.open(), b.high(), b.low(), b.close(), b.volume()));
                }
                t += step;
            }
            CandleSeries fine = CandleSeries.of(pair[0], bars);
            assertThat(Resampler.resample(fine, pair[1]).bars()).as("%s -> %s", pair[0], pair[1])
                    .isEqualTo(naive(bars, pair[0], pair[1]));
        }
    }

    /** Straightforward reference: group by bucket, keep buckets holding every finer bar. */
    private static List<Bar> naive(List<Bar> bars, Timeframe fine, Timeframe coarse) {
        TreeMap<Long, List<Bar>> buckets = new TreeMap<>();
        for (Bar b : bars) {
            buckets.computeIfAbsent(coarse.floor(b.openTime()), k -> new ArrayList<>()).add(b);
        }
        List<Bar> out = new ArrayList<>();
        buckets.forEach((start, group) -> {
            if (group.size() == coarse.millis() / fine.millis()) {
                double high = group.stream().mapToDouble(Bar::high).max().orElseThrow();
                double low = group.stream().mapToDouble(Bar::low).min().orElseThrow();
                double volume = 0;
                for (Bar b : group) {
                    volume += b.volume();
                }
                out.add(new Bar(start, group.getFirst().open(), high, low, group.getLast().close(), volume));
            }
        });
        return out;
    }
}
