package kairos.engine.backtest.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Against tabulated values of the standard normal (Abramowitz and Stegun, table 26.1 and 26.5). */
class NormalDistributionTest {
    @Test
    void cdfMatchesTablesFromTheCentreToTheFarTails() {
        assertThat(NormalDistribution.cdf(0)).isEqualTo(0.5);
        assertThat(NormalDistribution.cdf(1.5)).isCloseTo(0.9331927987311419, within(1e-15));
        assertThat(NormalDistribution.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
        assertThat(NormalDistribution.cdf(-2.3263478740408408)).isCloseTo(0.01, within(1e-15));
        assertThat(NormalDistribution.cdf(-9) / 1.1285884059538408e-19).isCloseTo(1, within(1e-9));
        assertThat(NormalDistribution.cdf(-10) / 7.619853024160527e-24).isCloseTo(1, within(1e-9));
        assertThat(NormalDistribution.cdf(9)).isEqualTo(1.0);
        assertThat(NormalDistribution.cdf(-40)).isZero();
        assertThat(NormalDistribution.cdf(40)).isEqualTo(1.0);
        assertThat(NormalDistribution.cdf(Double.NaN)).isNaN();
        for (double x = -7; x <= 7; x += 0.37) {
            assertThat(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x)).isCloseTo(1, within(1e-15));
        }
    }

    @Test
    void inverseCdfInvertsTheCdfEverywhere() {
        assertThat(NormalDistribution.inverseCdf(0.975)).isCloseTo(1.959963984540054, within(1e-14));
        assertThat(NormalDistribution.inverseCdf(0.99)).isCloseTo(2.3263478740408408, within(1e-14));
        assertThat(NormalDistribution.inverseCdf(0.5)).isCloseTo(0, within(1e-16));
        assertThat(NormalDistribution.inverseCdf(1e-10)).isCloseTo(-6.361340902404056, within(1e-9));
        assertThat(NormalDistribution.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalDistribution.inverseCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NormalDistribution.inverseCdf(1.5)).isNaN();
        assertThat(NormalDistribution.inverseCdf(-0.1)).isNaN();
        assertThat(NormalDistribution.inverseCdf(Double.NaN)).isNaN();
        for (double p = 0.0005; p < 1; p += 0.0137) {
            assertThat(NormalDistribution.cdf(NormalDistribution.inverseCdf(p))).isCloseTo(p, within(1e-14));
        }
        assertThat(NormalDistribution.density(0)).isCloseTo(0.3989422804014327, within(1e-16));
    }
}
