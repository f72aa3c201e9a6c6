package kairos.engine.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    @Test
    void isotonicRecoversKnownProbabilitiesFromADistortedScore() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 40_000;
        double[] score = new double[n];
        double[] outcome = new double[n];
        for (int i = 0; i < n; i++) {
            double p = rnd.nextDouble();
            score[i] = p * p; // an over-confident-low, monotone distortion of the true probability
            outcome[i] = rnd.nextDouble() < p ? 1 : 0;
        }
        IsotonicCalibrator cal = IsotonicCalibrator.fit(score, outcome);
        for (double p : new double[]{0.1, 0.3, 0.5, 0.7, 0.9}) {
            assertThat(cal.apply(p * p)).as("calibrated p=%s", p).isCloseTo(p, within(0.04));
        }
        // "confidence > 0.7 means 70%": among fresh rows calibrated to >= 0.7, the event rate is their mean forecast
        SplittableRandom fresh = new SplittableRandom(12);
        double sumP = 0;
        int hits = 0;
        int rows = 0;
        for (int i = 0; i < n; i++) {
            double p = fresh.nextDouble();
            double c = cal.apply(p * p);
            boolean hit = fresh.nextDouble() < p;
            if (c >= 0.7) {
                rows++;
                sumP += c;
                hits += hit ? 1 : 0;
            }
        }
        assertThat(hits / (double) rows).isCloseTo(sumP / rows, within(0.02));
        double[] v = cal.values();
        for (int i = 1; i < v.length; i++) {
            assertThat(v[i]).isGreaterThanOrEqualTo(v[i - 1]);
        }
    }

    @Test
    void poolAdjacentViolatorsOnAHandExample() {
        IsotonicCalibrator cal = IsotonicCalibrator.fit(new double[]{0.1, 0.2, 0.3, 0.4}, new double[]{0, 1, 0, 1});
        // (0.2:1, 0.3:0) pool into 0.5 at 0.25
        assertThat(cal.knots()).containsExactly(0.1, 0.25, 0.4);
        assertThat(cal.values()).containsExactly(0.0, 0.5, 1.0);
        assertThat(cal.apply(0.05)).isEqualTo(0.0);
        assertThat(cal.apply(0.25)).isEqualTo(0.5);
        assertThat(cal.apply(0.325)).isCloseTo(0.75, within(1e-12));
        assertThat(cal.apply(0.9)).isEqualTo(1.0);
        assertThat(IsotonicCalibrator.fit(new double[0], new double[0]).apply(0.3)).isEqualTo(0.3);
        assertThat(IsotonicCalibrator.identity().apply(0.42)).isEqualTo(0.42);
        IsotonicCalibrator copy = IsotonicCalibrator.of(cal.knots(), cal.values());
        assertThat(copy.apply(0.33)).isEqualTo(cal.apply(0.33));
        assertThatThrownBy(() -> IsotonicCalibrator.of(new double[]{0.2, 0.1}, new double[]{0, 1})).hasMessageContaining("decrease");
        assertThatThrownBy(() -> IsotonicCalibrator.of(new double[0], new double[0])).hasMessageContaining("at least one");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[1], new double[2])).hasMessageContaining("length");
    }

    @Test
    void multiClassCalibrationSumsToOneAndFloorsCertainties() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 6000;
        double[][] probs = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextDouble();
            double b = rnd.nextDouble() * (1 - a);
            probs[i] = new double[]{a, b, 1 - a - b};
            double u = rnd.nextDouble();
            y[i] = u < a ? 0 : u < a + b ? 1 : 2; // the raw forecasts are already calibrated
        }
        ClassCalibration cal = ClassCalibration.fit(probs, y, 3);
        assertThat(cal.classes()).isEqualTo(3);
        double[] out = new double[3];
        cal.apply(new double[]{0.6, 0.3, 0.1}, out);
        assertThat(out[0] + out[1] + out[2]).isCloseTo(1, within(1e-12));
        assertThat(out[0]).isCloseTo(0.6, within(0.06));
        cal.apply(new double[]{0.0, 0.0, 1.0}, out);
        assertThat(out[0]).isGreaterThan(0);
        ClassCalibration zero = new ClassCalibration(new IsotonicCalibrator[]{
                IsotonicCalibrator.of(new double[]{0}, new double[]{0}), IsotonicCalibrator.of(new double[]{0}, new double[]{0})});
        double[] two = new double[2];
        zero.apply(new double[]{0.5, 0.5}, two);
        assertThat(two).containsExactly(0.5, 0.5);
    }
}
