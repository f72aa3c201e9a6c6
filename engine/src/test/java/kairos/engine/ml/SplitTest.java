package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitTest {
    private static final long DAY = 86_400_000L;
    private static final long M5 = 300_000L;
    private static final long START = 1_744_329_600_000L; // 2025-04-11T00:00Z

    @Test
    void rollingFoldsStepAndNeverOverlapTrainAndTest() {
        List<Fold> folds = new WalkForwardPlan(30, 7, 7).folds(START + 3_600_000L, START + 121 * DAY);
        assertThat(folds).hasSize(12);
        Fold first = folds.getFirst();
        assertThat(first.trainFrom()).isEqualTo(START + DAY); // first whole UTC day
        for (int i = 0; i < folds.size(); i++) {
            Fold f = folds.get(i);
            assertThat(f.index()).isEqualTo(i);
            assertThat(f.trainTo()).isLessThanOrEqualTo(f.testFrom());
            assertThat(f.trainTo() - f.trainFrom()).isEqualTo(30 * DAY);
            assertThat(f.testTo() - f.testFrom()).isEqualTo(7 * DAY);
            assertThat(f.testTo()).isLessThanOrEqualTo(START + 121 * DAY);
            if (i > 0) {
                assertThat(f.trainFrom() - folds.get(i - 1).trainFrom()).isEqualTo(7 * DAY);
            }
        }
        assertThat(first.toString()).contains("train 2025-04-12T00:00:00Z .. 2025-05-12T00:00:00Z");
        assertThat(new WalkForwardPlan(90, 30, 7).folds(START, START + 100 * DAY)).isEmpty();
        assertThatThrownBy(() -> new WalkForwardPlan(0, 7, 7)).hasMessageContaining("--train-days");
        assertThatThrownBy(() -> new Fold(0, 10, 20, 15, 30)).hasMessageContaining("out of order");
    }

    @Test
    void purgedSplitLeaksNoLabelIntoValidationOrTest() {
        CandleSeries bars = CandleSeries.of(Timeframe.M5, SyntheticBars.randomWalk(7, START, M5, 12 * 288, 150));
        int horizon = 24;
        Labels labels = Labels.compute(bars, null, LabelSpec.dollars(1, horizon));
        long[] t = new long[bars.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = bars.openTime(i);
        }
        Fold fold = new Fold(0, START + DAY, START + 8 * DAY, START + 8 * DAY, START + 10 * DAY);
        long embargo = 2 * M5;
        PurgedSplit split = PurgedSplit.of(t, labels, fold, 0.25, embargo);
        long validFrom = fold.trainTo() - Math.round(7 * DAY * 0.25);
        assertThat(split.fit()).isNotEmpty();
        assertThat(split.validation()).isNotEmpty();
        assertThat(split.test()).isNotEmpty();
        for (int r : split.fit()) {
            assertThat(t[r]).isGreaterThanOrEqualTo(fold.trainFrom()).isLessThan(validFrom);
            assertThat(labels.labelEnd(r)).isLessThanOrEqualTo(validFrom - embargo);
        }
        for (int r : split.validation()) {
            assertThat(t[r]).isGreaterThanOrEqualTo(validFrom).isLessThan(fold.trainTo());
            assertThat(labels.labelEnd(r)).isLessThanOrEqualTo(fold.testFrom() - embargo);
        }
        for (int r : split.test()) {
            assertThat(t[r]).isGreaterThanOrEqualTo(fold.testFrom()).isLessThan(fold.testTo());
        }
        // purging drops exactly the rows whose horizon (plus embargo) crosses a boundary
        int lastFit = split.fit()[split.fit().length - 1];
        assertThat(bars.openTime(lastFit)).isEqualTo(validFrom - (horizon + 1) * M5 - embargo);
        int lastVal = split.validation()[split.validation().length - 1];
        assertThat(bars.openTime(lastVal)).isEqualTo(fold.testFrom() - (horizon + 1) * M5 - embargo);
        // fitting, validation and test rows are disjoint and in time order
        assertThat(split.fit()[split.fit().length - 1]).isLessThan(split.validation()[0]);
        assertThat(split.validation()[split.validation().length - 1]).isLessThan(split.test()[0]);
        assertThatThrownBy(() -> PurgedSplit.of(t, labels, fold, 1.0, 0)).hasMessageContaining("validation fraction");
    }
}
