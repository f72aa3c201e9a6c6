package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LabelsTest {
    private static final long T0 = 1_750_000_200_000L - 1_750_000_200_000L % 300_000L;
    private static final long M5 = 300_000L;

    /** Bars from (high, low, close) triples; open = previous close. */
    static CandleSeries path(double... hlc) {
        List<Bar> bars = new ArrayList<>();
        double prev = hlc[2];
        for (int i = 0; i < hlc.length / 3; i++) {
            double h = hlc[3 * i];
            double l = hlc[3 * i + 1];
            double c = hlc[3 * i + 2];
            bars.add(new Bar(T0 + i * M5, prev, h, l, c, 1));
            prev = c;
        }
        return CandleSeries.of(Timeframe.M5, bars);
    }

    @Test
    void upperBarrierFirstIsUpWithTimeToTargetAndSurvivingStop() {
        // decision at bar 0 close 100; barrier $2; bar 1 dips to 99.2 (adverse 0.8), bar 2 reaches 102.5
        CandleSeries s = path(100, 100, 100, 100.5, 99.2, 100, 102.5, 100, 102, 101, 100, 100.5);
        Labels l = Labels.compute(s, null, LabelSpec.dollars(2, 3));
        assertThat(l.direction(0)).isEqualTo(Direction.UP.ordinal());
        assertThat(l.timeToTarget(0)).isEqualTo(2);
        assertThat(l.optimalStop(0)).isCloseTo(0.4, within(1e-9)); // 0.8 / 2
        // excursion max(102.5 - 100, 100 - 99.2) = 2.5 barrier widths 1.25 -> L (edges 0.5, 1, 2)
        assertThat(LabelSpec.SIZE_CLASSES[l.sizeClass(0)]).isEqualTo("L");
        assertThat(l.horizonReturn(0)).isCloseTo(0.5, within(1e-9));
        assertThat(l.entry(0)).isEqualTo(100);
        assertThat(l.barrier(0)).isEqualTo(2);
        assertThat(l.decisionTime(0)).isEqualTo(T0 + M5);
        assertThat(l.labelEnd(0)).isEqualTo(T0 + 4 * M5);
    }

    @Test
    void lowerBarrierFirstIsDownAndTheStopCountsTheRallyBeforeIt() {
        CandleSeries s = path(100, 100, 100, 101.5, 100, 101, 101, 97.9, 98, 99, 97, 98);
        Labels l = Labels.compute(s, null, LabelSpec.dollars(2, 3));
        assertThat(l.direction(0)).isEqualTo(Direction.DOWN.ordinal());
        assertThat(l.timeToTarget(0)).isEqualTo(2);
        assertThat(l.optimalStop(0)).isCloseTo(0.75, within(1e-9)); // rally to 101.5 before the hit
        assertThat(LabelSpec.SIZE_CLASSES[l.sizeClass(0)]).isEqualTo("L"); // 3 / 2 = 1.5 widths
    }

    @Test
    void bothBarriersInOneBarIsFlatBecauseTheOrderIsUnknowable() {
        CandleSeries s = path(100, 100, 100, 103, 97, 100, 100, 100, 100);
        Labels l = Labels.compute(s, null, LabelSpec.dollars(2, 2));
        assertThat(l.direction(0)).isEqualTo(Direction.FLAT.ordinal());
        assertThat(l.timeToTarget(0)).isNaN();
        assertThat(l.optimalStop(0)).isNaN();
        assertThat(LabelSpec.SIZE_CLASSES[l.sizeClass(0)]).isEqualTo("L");
    }

    @Test
    void noBarrierWithinTheHorizonIsFlatAndSmallMovesAreS() {
        CandleSeries s = path(100, 100, 100, 100.4, 99.8, 100.2, 100.3, 99.9, 100, 110, 90, 100);
        Labels l = Labels.compute(s, null, LabelSpec.dollars(2, 2));
        assertThat(l.direction(0)).isEqualTo(Direction.FLAT.ordinal());
        assertThat(LabelSpec.SIZE_CLASSES[l.sizeClass(0)]).isEqualTo("S"); // 0.4 / 2 = 0.2 widths
        assertThat(l.horizonReturn(0)).isCloseTo(0, within(1e-9));
        // the last two rows' horizons run past the data: unknown, and never purged as finished
        assertThat(l.known(2)).isFalse();
        assertThat(l.known(3)).isFalse();
        assertThat(l.labelEnd(3)).isEqualTo(Long.MAX_VALUE);
        assertThat(l.direction(3)).isEqualTo(Labels.UNKNOWN);
        assertThat(l.sizeClass(3)).isEqualTo(Labels.UNKNOWN);
    }

    @Test
    void atrBarrierScalesWithAtrAndIsUnknownWhileAtrWarmsUp() {
        CandleSeries s = path(100, 100, 100, 101.2, 99.9, 101, 101, 100, 100.5, 100.5, 100, 100);
        double[] atr = {1.0, Double.NaN, 1.0, 1.0};
        Labels l = Labels.compute(s, atr, LabelSpec.atr(1.0, 2));
        assertThat(l.direction(0)).isEqualTo(Direction.UP.ordinal()); // 1 ATR = $1 reached at 101.2
        assertThat(l.known(1)).isFalse();
        assertThat(LabelSpec.atr(1.5, 2).barrier(2.0)).isEqualTo(3.0);
        assertThat(LabelSpec.dollars(2, 2).barrier(Double.NaN)).isEqualTo(2.0);
    }

    @Test
    void aGapInsideTheHorizonLeavesTheRowUnlabelled() {
        List<Bar> bars = List.of(new Bar(T0, 100, 100, 100, 100, 1), new Bar(T0 + M5, 100, 103, 100, 103, 1),
                new Bar(T0 + 5 * M5, 103, 103, 103, 103, 1), new Bar(T0 + 6 * M5, 103, 103, 103, 103, 1));
        Labels l = Labels.compute(CandleSeries.of(Timeframe.M5, bars), null, LabelSpec.dollars(2, 2));
        assertThat(l.known(0)).isFalse();
        assertThat(l.labelEnd(0)).isEqualTo(T0 + 6 * M5);
        assertThat(l.known(1)).isFalse();
    }

    @Test
    void labelSpecRejectsNonsense() {
        assertThatThrownBy(() -> LabelSpec.dollars(2, 0)).hasMessageContaining("horizon");
        assertThatThrownBy(() -> LabelSpec.dollars(0, 5)).hasMessageContaining("barrier");
        assertThatThrownBy(() -> new LabelSpec(5, -1, 1, new double[]{0.5, 1, 2})).hasMessageContaining("negative");
        assertThatThrownBy(() -> new LabelSpec(5, 2, 0, new double[]{0.5, 1})).hasMessageContaining("edges");
        assertThatThrownBy(() -> new LabelSpec(5, 2, 0, new double[]{1, 1, 2})).hasMessageContaining("ascend");
        LabelSpec a = LabelSpec.dollars(2, 48);
        assertThat(a).isEqualTo(LabelSpec.dollars(2, 48)).hasSameHashCodeAs(LabelSpec.dollars(2, 48))
                .isNotEqualTo(LabelSpec.atr(2, 48));
        assertThat(a.toString()).contains("horizonBars=48");
    }
}
