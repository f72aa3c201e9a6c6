package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * A feature at bar t must not change when everything after t's close is removed from the input, for every column,
 * including coarser timeframes, context symbols, funding and microstructure.
 */
class NoLookAheadTest {

    @ParameterizedTest
    @CsvSource({"1m, 3000, 11", "5m, 6000, 12"})
    void truncatingTheInputAfterABarLeavesItsRowUnchanged(String tfLabel, int n, long seed) {
        Timeframe tf = Timeframe.parse(tfLabel);
        FeatureConfig cfg = FeatureConfig.standard(tf);
        FeatureInputs in = Scenario.inputs(tf, n, seed);
        FeatureMatrix full = FeatureMatrix.compute(cfg, in);
        int rows = full.rows();
        List<Integer> cuts = new ArrayList<>(List.of(0, 1, 2, 20, 59, 60, 61, 239, 240, rows / 2, rows - 2, rows - 1));
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 24; k++) {
            cuts.add(r.nextInt(rows));
        }
        for (int cut : cuts) {
            FeatureMatrix part = FeatureMatrix.compute(cfg, Scenario.truncated(in, cut, tf.millis()));
            assertEquals(cut + 1, part.rows());
            for (int c = 0; c < full.columns(); c++) {
                final int col = c;
                assertEquals(Double.doubleToLongBits(full.get(cut, c)), Double.doubleToLongBits(part.get(cut, c)),
                        () -> "look-ahead in " + full.schema().name(col) + " at row " + cut);
            }
        }
        for (int c = 0; c < full.columns(); c++) {
            if (full.schema().spec(c).warmupBars() * 4L < rows) {
                boolean any = false;
                for (int i = 0; i < rows && !any; i++) {
                    any = !Double.isNaN(full.get(i, c));
                }
                assertTrue(any, full.schema().name(c) + " is never computed, so the comparison would be vacuous");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1m, 2000, 21", "5m, 3000, 22"})
    void contextFedAheadOfTimeIsNotUsedEarly(String tfLabel, int n, long seed) {
        Timeframe tf = Timeframe.parse(tfLabel);
        FeatureConfig cfg = FeatureConfig.standard(tf);
        FeatureInputs in = Scenario.inputs(tf, n, seed);
        FeatureMatrix expected = FeatureMatrix.compute(cfg, in);
        FeatureEngine eager = new FeatureEngine(cfg);
        in.context().forEach((sym, bars) -> bars.forEach(b -> eager.onContextBar(sym, b)));
        in.funding().forEach(eager::onFunding);
        in.events().forEach(eager::onMicroEvent);
        List<Bar> bars = in.bars();
        for (int i = 0; i < bars.size(); i++) {
            eager.onBar(bars.get(i));
            for (int c = 0; c < expected.columns(); c++) {
                assertEquals(Double.doubleToLongBits(expected.get(i, c)), Double.doubleToLongBits(eager.value(c)),
                        "column " + expected.schema().name(c) + " at row " + i + " used an input fed ahead of its time");
            }
        }
    }
}
