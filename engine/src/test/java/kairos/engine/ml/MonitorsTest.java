package kairos.engine.ml;

import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitorsTest {
    @Test
    void regimeFromAdxAndAtrRank() {
        FeatureSchema schema = MlFeatures.schema(Timeframe.M5);
        RegimeDetector d = RegimeDetector.standard(schema);
        double[] row = new double[schema.size()];
        int adx = schema.require(RegimeDetector.ADX);
        int rank = schema.require(RegimeDetector.ATR_RANK);
        row[adx] = 30;
        row[rank] = 50;
        assertThat(d.detect("SOLUSDT", 1, row).getRegime()).isEqualTo("TREND");
        row[rank] = 85;
        MarketRegime hv = d.detect("SOLUSDT", 1, row);
        assertThat(hv.regime()).isEqualTo(Regime.HIGH_VOL);
        assertThat(hv.getAdx()).isEqualTo(30);
        assertThat(hv.getAtrPercentile()).isEqualTo(85);
        assertThat(hv.getSymbol()).isEqualTo("SOLUSDT");
        assertThat(hv.getTime()).isEqualTo(1);
        assertThat(hv.toString()).contains("HIGH_VOL");
        row[adx] = 15;
        row[rank] = 10;
        assertThat(d.detect("SOLUSDT", 1, row).getRegime()).isEqualTo("RANGE");
        row[adx] = Double.NaN;
        row[rank] = Double.NaN;
        assertThat(d.detect("SOLUSDT", 1, row).getRegime()).isEqualTo("RANGE");
    }

    @Test
    void psiIsZeroOnTheReferenceAndAlertsOnAShift() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] ref = new double[5000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = rnd.nextGaussian();
        }
        DriftReference feature = DriftReference.of("x", 0, ref);
        DriftReference pred = DriftReference.of("p_up", -1, ref);
        assertThat(DriftReference.of("few", 0, new double[5])).isNull();
        int[] counts = new int[feature.bins()];
        for (double v : ref) {
            counts[feature.binOf(v)]++;
        }
        assertThat(feature.psi(counts, ref.length)).isLessThan(1e-9);
        assertThat(feature.psi(counts, 0)).isZero();

        DriftMonitor monitor = new DriftMonitor(List.of(feature), pred, 200, 50, 0.25);
        double[] row = new double[1];
        List<DriftAlert> alerts = List.of();
        for (int i = 0; i < 400; i++) {
            row[0] = rnd.nextGaussian();
            alerts = monitor.observe("SOLUSDT", i, row, rnd.nextGaussian());
        }
        assertThat(alerts).isEmpty();
        assertThat(monitor.lastPsi()[0]).isLessThan(0.1);
        for (int i = 0; i < 200; i++) {
            row[0] = 2 + rnd.nextGaussian();
            alerts = monitor.observe("SOLUSDT", 1000 + i, row, rnd.nextGaussian());
        }
        assertThat(alerts).hasSize(1);
        DriftAlert a = alerts.getFirst();
        assertThat(a.getKind()).isEqualTo("feature");
        assertThat(a.getName()).isEqualTo("x");
        assertThat(a.getPsi()).isGreaterThan(0.25);
        assertThat(a.getThreshold()).isEqualTo(0.25);
        assertThat(a.getWindow()).isEqualTo(200);
        assertThat(a.getSymbol()).isEqualTo("SOLUSDT");
        assertThat(a.getTime()).isEqualTo(1199);
        assertThat(a.toString()).contains("feature x");
        assertThat(monitor.active()).isEqualTo(alerts);
        for (int i = 0; i < 200; i++) {
            row[0] = Double.NaN; // missing values are not counted
            alerts = monitor.observe("SOLUSDT", 2000 + i, row, 3 + rnd.nextGaussian());
        }
        assertThat(alerts).extracting(DriftAlert::getKind).containsExactly("prediction");
        assertThatThrownBy(() -> new DriftMonitor(List.of(), pred, 5, 1, 0.25)).hasMessageContaining("window");
    }

    @Test
    void logisticFamilyLearnsASeparableProblem() {
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 600;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i][0] = (y[i] == 0 ? 2 : y[i] == 1 ? -2 : 0) + 0.5 * rnd.nextGaussian();
            x[i][1] = rnd.nextGaussian();
            x[i][2] = i % 7 == 0 ? Double.NaN : 5; // constant with gaps: ignored
        }
        LogisticModel m = LogisticModel.fit(x, y, 3, 1e-3, 200, 0.1);
        int right = 0;
        double[] p = new double[3];
        for (int i = 0; i < n; i++) {
            m.predict(x[i], p);
            right += ScoreMetrics.argmax(p) == y[i] ? 1 : 0;
        }
        assertThat(right / (double) n).isGreaterThan(0.9);
        assertThat(m.classes()).isEqualTo(3);
        LogisticModel copy = new LogisticModel(m.mean(), m.scale(), m.weights(), m.bias());
        double[] q = new double[3];
        copy.predict(x[1], q);
        m.predict(x[1], p);
        assertThat(q).containsExactly(p);
        assertThatThrownBy(() -> LogisticModel.fit(new double[0][], new int[0], 3, 0, 1, 0.1)).hasMessageContaining("no rows");
        assertThatThrownBy(() -> new LogisticModel(new double[2], new double[1], new double[1][2], new double[1]))
                .hasMessageContaining("disagree");
        assertThatThrownBy(() -> new LogisticModel(new double[2], new double[2], new double[1][3], new double[1]))
                .hasMessageContaining("columns");
    }
}
