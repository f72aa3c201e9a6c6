package kairos.engine.backtest.validation;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SharpeStatisticsTest {
    /**
     * The numerical example of Bailey and López de Prado (2014), "The deflated Sharpe ratio", section 6: 100 trials
     * whose annualised Sharpe ratios vary with variance 1/2, the best at an annualised 2.5 over five years of daily
     * returns (T = 1,250, 250 days a year), skewness -3, kurtosis 10. The paper finds the expected maximum Sharpe
     * ratio 0.1132 per day (1.7894 annualised) and DSR 0.9004: not significant at 95%.
     */
    @Test
    void deflatedSharpeRatioOfThePapersExample() {
        double variance = 0.5 / 250;
        double sr0 = SharpeStatistics.expectedMaxSharpe(100, variance);
        assertThat(sr0).isCloseTo(0.1132, within(5e-5));
        assertThat(sr0 * Math.sqrt(250)).isCloseTo(1.7894, within(5e-5));
        double dsr = SharpeStatistics.deflatedSharpe(2.5 / Math.sqrt(250), 1250, -3, 10, 100, variance);
        assertThat(dsr).isCloseTo(0.9004, within(5e-5));
    }

    /**
     * Bailey, Borwein, López de Prado and Zhu (2014), "Pseudo-mathematics and financial charlatanism", equation 4:
     * the expected maximum of 10 standard normal Sharpe ratios is about 1.57; the deflated benchmark scales with
     * the trials' standard deviation.
     */
    @Test
    void expectedMaximumOfTenTrials() {
        assertThat(SharpeStatistics.expectedMaxSharpe(10, 1)).isCloseTo(1.5746, within(5e-5));
        assertThat(SharpeStatistics.expectedMaxSharpe(10, 4)).isCloseTo(2 * 1.5746, within(1e-4));
        assertThat(SharpeStatistics.expectedMaxSharpe(1, 1)).isZero();
        assertThat(SharpeStatistics.expectedMaxSharpe(0, 1)).isNaN();
        assertThat(SharpeStatistics.expectedMaxSharpe(5, Double.NaN)).isNaN();
        // more trials, a higher bar
        assertThat(SharpeStatistics.expectedMaxSharpe(1000, 1)).isGreaterThan(SharpeStatistics.expectedMaxSharpe(100, 1));
    }

    /**
     * Minimum track-record length, by hand: normal daily returns with an annualised Sharpe ratio of 1 (365 days)
     * against 0 at 95% need 1 + (1 + SR²/2) (1.644854 / SR)² = 989.88 days (2.7 years); the paper's example above
     * needs 2,051 days to beat its deflated benchmark 0.1132, more than its 1,250, which is why its DSR is below
     * 0.95.
     */
    @Test
    void minimumTrackRecordLengthByHandAndAgainstTheDeflatedBenchmark() {
        double sr = 1 / Math.sqrt(365);
        assertThat(SharpeStatistics.minimumTrackRecordLength(sr, 0, 0, 3, 0.95)).isCloseTo(989.876, within(1e-3));
        double sr0 = SharpeStatistics.expectedMaxSharpe(100, 0.5 / 250);
        double minTrl = SharpeStatistics.minimumTrackRecordLength(2.5 / Math.sqrt(250), sr0, -3, 10, 0.95);
        assertThat(minTrl).isCloseTo(2051.27, within(0.01));
        assertThat(SharpeStatistics.minimumTrackRecordLength(0.1, 0.2, 0, 3, 0.95)).isInfinite();
        assertThat(SharpeStatistics.minimumTrackRecordLength(0.1, 0, 0, 3, 1.0)).isNaN();
        // negative skew and fat tails ask for a longer record
        assertThat(SharpeStatistics.minimumTrackRecordLength(sr, 0, -1, 8, 0.95)).isGreaterThan(989.9);
    }

    /** MinTRL is exactly the length at which the probabilistic Sharpe ratio reaches the confidence. */
    @Property(tries = 200)
    void probabilisticSharpeAtTheMinimumLengthIsTheConfidence(@ForAll @DoubleRange(min = 0.01, max = 0.5) double sr,
                                                            @ForAll @DoubleRange(min = -0.3, max = 0.3) double gap,
                                                            @ForAll @DoubleRange(min = -1, max = 1) double skew,
                                                            @ForAll @DoubleRange(min = 3, max = 10) double kurt,
                                                            @ForAll @DoubleRange(min = 0.6, max = 0.99) double confidence) {
        double benchmark = sr - Math.abs(gap) - 0.01;
        double len = SharpeStatistics.minimumTrackRecordLength(sr, benchmark, skew, kurt, confidence);
        double v = SharpeStatistics.varianceTerm(sr, skew, kurt);
        double z = (sr - benchmark) * Math.sqrt(len - 1) / Math.sqrt(v);
        assertThat(NormalDistribution.cdf(z)).isCloseTo(confidence, within(1e-9));
        // the integer track record just above it is significant, the one below is not
        int above = (int) Math.ceil(len) + 1;
        assertThat(SharpeStatistics.probabilisticSharpe(sr, benchmark, above, skew, kurt)).isGreaterThanOrEqualTo(confidence);
        if (len > 3) {
            int below = (int) Math.floor(len) - 1;
            assertThat(SharpeStatistics.probabilisticSharpe(sr, benchmark, below, skew, kurt)).isLessThan(confidence);
        }
    }

    @Property(tries = 50)
    void momentsOfASampleMatchTheirDefinitions(@ForAll @IntRange(min = 3, max = 400) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = rnd.nextGaussian() * 0.01 + 0.001 + (rnd.nextInt(20) == 0 ? -0.05 : 0);
        }
        SharpeStatistics.Moments m = SharpeStatistics.moments(r);
        double mean = java.util.Arrays.stream(r).average().orElseThrow();
        double ss = java.util.Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum();
        assertThat(m.n()).isEqualTo(n);
        assertThat(m.mean()).isCloseTo(mean, within(1e-15));
        assertThat(m.stdev()).isCloseTo(Math.sqrt(ss / (n - 1)), within(1e-15));
        assertThat(m.sharpe()).isCloseTo(mean / Math.sqrt(ss / (n - 1)), within(1e-12));
        double m2 = ss / n;
        double m3 = java.util.Arrays.stream(r).map(x -> Math.pow(x - mean, 3)).sum() / n;
        double m4 = java.util.Arrays.stream(r).map(x -> Math.pow(x - mean, 4)).sum() / n;
        assertThat(m.skewness()).isCloseTo(m3 / Math.pow(m2, 1.5), within(1e-9));
        assertThat(m.kurtosis()).isCloseTo(m4 / (m2 * m2), within(1e-9));
    }

    @Test
    void degenerateSamples() {
        assertThat(SharpeStatistics.moments(new double[0]).sharpe()).isNaN();
        SharpeStatistics.Moments flat = SharpeStatistics.moments(new double[] {0, 0, 0});
        assertThat(flat.sharpe()).isNaN();
        assertThat(flat.skewness()).isZero();
        assertThat(flat.kurtosis()).isEqualTo(3);
        assertThat(SharpeStatistics.moments(new double[] {1}).sharpe()).isNaN();
        assertThat(SharpeStatistics.probabilisticSharpe(0.1, 0, 1, 0, 3)).isNaN();
        assertThat(SharpeStatistics.probabilisticSharpe(0.1, Double.NaN, 10, 0, 3)).isNaN();
        assertThat(SharpeStatistics.probabilisticSharpe(0, 0, 100, 0, 3)).isEqualTo(0.5);
        assertThat(SharpeStatistics.variance(new double[] {1, Double.NaN, 3})).isEqualTo(2);
        assertThat(SharpeStatistics.variance(new double[] {1})).isNaN();
        // normal returns, SR 0.1 a period over 100 periods against 0: z = 0.1 x sqrt(99) / sqrt(1.005)
        assertThat(SharpeStatistics.probabilisticSharpe(0.1, 0, 100, 0, 3))
                .isCloseTo(NormalDistribution.cdf(0.1 * Math.sqrt(99) / Math.sqrt(1.005)), within(1e-15));
    }
}
