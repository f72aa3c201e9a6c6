package kairos.engine.ml;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoreMetricsTest {
    @Test
    void logLossAndPriorBaseline() {
        double[][] p = {{0.5, 0.25, 0.25}, {0.1, 0.8, 0.1}};
        int[] y = {0, 1};
        assertThat(ScoreMetrics.logLoss(p, y)).isCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, within(1e-12));
        assertThat(ScoreMetrics.logLoss(new double[][]{{0, 1, 0}}, new int[]{0})).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(ScoreMetrics.logLoss(new double[0][], new int[0])).isNaN();
        double[] prior = ScoreMetrics.classPrior(new int[]{0, 0, 1}, 3);
        assertThat(prior).containsExactly(3 / 6.0, 2 / 6.0, 1 / 6.0);
        assertThat(ScoreMetrics.logLossOfPrior(prior, new int[]{2})).isCloseTo(Math.log(6), within(1e-12));
    }

    @Test
    void aucPerClass() {
        double[][] p = {{0.9, 0.05, 0.05}, {0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}};
        int[] y = {0, 0, 1, 2};
        assertThat(ScoreMetrics.auc(p, y, 0)).isEqualTo(1.0);
        assertThat(ScoreMetrics.auc(p, y, 1)).isEqualTo(1.0);
        int[] reversed = {1, 2, 0, 0};
        assertThat(ScoreMetrics.auc(p, reversed, 0)).isEqualTo(0.0);
        double[][] ties = {{0.5, 0.5, 0}, {0.5, 0.5, 0}};
        assertThat(ScoreMetrics.auc(ties, new int[]{0, 1}, 0)).isEqualTo(0.5);
        assertThat(ScoreMetrics.auc(ties, new int[]{0, 0}, 0)).isNaN();
    }

    @Test
    void topDecileHitRateRanksByDirectionalConfidence() {
        double[][] p = new double[20][];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            p[i] = new double[]{0.3, 0.3, 0.4};
            y[i] = 2;
        }
        p[3] = new double[]{0.9, 0.05, 0.05};
        y[3] = 0; // hit
        p[7] = new double[]{0.05, 0.8, 0.15};
        y[7] = 0; // miss: called DOWN
        assertThat(ScoreMetrics.topDecile(p)).containsExactly(3, 7);
        assertThat(ScoreMetrics.topDecileHitRate(p, y)).isEqualTo(0.5);
        assertThat(ScoreMetrics.topDecileHitRate(new double[0][], new int[0])).isNaN();
        assertThat(ScoreMetrics.call(new double[]{0.2, 0.3, 0.5})).isEqualTo(Direction.DOWN.ordinal());
        assertThat(ScoreMetrics.argmax(new double[]{0.2, 0.3, 0.5})).isEqualTo(2);
    }
}
