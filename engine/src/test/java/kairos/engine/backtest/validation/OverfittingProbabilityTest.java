package kairos.engine.backtest.validation;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OverfittingProbabilityTest {
    static double[][] noise(long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] m = new double[rows][cols];
        for (int t = 0; t < rows; t++) {
            for (int c = 0; c < cols; c++) {
                m[t][c] = rnd.nextGaussian() * 0.01;
            }
        }
        return m;
    }

    /**
     * Pure noise: 20 configurations that differ only by noise around the same total (each column's mean over the
     * whole sample removed). Whatever wins one half of the blocks loses the other half, so the selection is
     * always wrong out of sample: PBO near 1.
     */
    @Test
    void pureNoiseAroundTheSameTotalIsOverfitNearlyAlways() {
        double[][] m = noise(11, 480, 20);
        for (int c = 0; c < 20; c++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[c] / m.length;
            }
            for (double[] row : m) {
                row[c] -= mean;
            }
        }
        OverfittingProbability.Result r = OverfittingProbability.of(m);
        assertThat(r.blocks()).isEqualTo(16);
        assertThat(r.splits()).isEqualTo(12_870);
        assertThat(r.rowsUsed()).isEqualTo(480);
        assertThat(r.pbo()).isGreaterThan(0.9);
        assertThat(r.degradationSlope()).isNegative();
    }

    /** A planted edge: one configuration of 20 earns 0.3 standard deviations a period more. It wins in and out. */
    @Test
    void aPlantedEdgeIsNotOverfit() {
        double[][] m = noise(12, 400, 20);
        for (double[] row : m) {
            row[7] += 0.003;
        }
        OverfittingProbability.Result r = OverfittingProbability.of(m);
        assertThat(r.pbo()).isLessThan(0.05);
        assertThat(r.probabilityOfLoss()).isLessThan(0.05);
        assertThat(r.meanOutOfSampleSharpe()).isGreaterThan(0.15);
    }

    /** Independent configurations without skill: the in-sample winner is a coin flip out of sample, PBO about 0.5. */
    @Test
    void independentNoiseIsACoinFlipOnAverage() {
        double sum = 0;
        int matrices = 24;
        for (int seed = 0; seed < matrices; seed++) {
            sum += OverfittingProbability.of(noise(100 + seed, 160, 10), 8).pbo();
        }
        assertThat(sum / matrices).isCloseTo(0.5, within(0.12));
    }

    @Test
    void ranksAndLogitsOfASmallCaseByHand() {
        // two configurations, 4 rows, 2 blocks of 2: {+1, +3 | -1, -3}, {0, 1 | 0, 1}
        double[][] m = {{1, 0}, {3, 1}, {-1, 0}, {-3, 1}};
        OverfittingProbability.Result r = OverfittingProbability.of(m, 2);
        assertThat(r.splits()).isEqualTo(2);
        // block 0 in sample: column 0 (Sharpe 2/1.414) beats column 1 (0.5/0.707); out of sample column 0 has
        // -2/1.414 < column 1's 0.707: rank 1 of 2, omega 1/3, lambda ln(1/2). Block 1 in sample: column 1 (0.707)
        // beats column 0 (-1.414); out of sample column 0 has 1.414: column 1 ranks 1 again. Both splits overfit.
        assertThat(r.logits()).hasSize(2);
        assertThat(r.logits()[0]).isCloseTo(Math.log(0.5), within(1e-12));
        assertThat(r.logits()[1]).isCloseTo(Math.log(0.5), within(1e-12));
        assertThat(r.pbo()).isEqualTo(1.0);
        assertThat(r.probabilityOfLoss()).isEqualTo(0.5);
        assertThat(r.toMap()).containsKeys("pbo", "splits", "probability_of_loss", "logit_median");
        assertThat(OverfittingProbability.binomial(16, 8)).isEqualTo(12_870);
        // a flat column has Sharpe 0
        assertThat(OverfittingProbability.sharpe(0, 0, 5)).isZero();
    }

    @Test
    void refusesMatricesItCannotSplit() {
        assertThatThrownBy(() -> OverfittingProbability.of(new double[0][])).hasMessageContaining("no rows");
        assertThatThrownBy(() -> OverfittingProbability.of(new double[][] {{1}, {2}, {3}, {4}}, 2))
                .hasMessageContaining("at least 2 configurations");
        assertThatThrownBy(() -> OverfittingProbability.of(new double[][] {{1, 2}, {2}, {3, 1}, {4, 1}}, 2))
                .hasMessageContaining("row 1");
        assertThatThrownBy(() -> OverfittingProbability.of(noise(1, 10, 3), 3)).hasMessageContaining("even");
        assertThatThrownBy(() -> OverfittingProbability.of(noise(1, 10, 3), 8)).hasMessageContaining("at least 2 rows");
        double[][] nan = noise(1, 10, 3);
        nan[4][1] = Double.NaN;
        assertThatThrownBy(() -> OverfittingProbability.of(nan, 2)).hasMessageContaining("row 4, configuration 1");
    }
}
