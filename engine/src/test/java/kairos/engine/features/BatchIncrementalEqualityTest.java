package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.micro.BookSnapshot;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.TradeTick;

/** The batch matrix equals the incremental engine, bit for bit, for every column and row. */
class BatchIncrementalEqualityTest {

    @ParameterizedTest
    @CsvSource({"1m, 3000, 31", "5m, 3000, 32", "15m, 2000, 33"})
    void batchMatrixEqualsIncrementalEngine(String tfLabel, int n, long seed) {
        Timeframe tf = Timeframe.parse(tfLabel);
        FeatureConfig cfg = FeatureConfig.standard(tf);
        FeatureInputs in = Scenario.inputs(tf, n, seed);
        FeatureMatrix batch = FeatureMatrix.compute(cfg, in);

        FeatureEngine live = new FeatureEngine(cfg);
        List<Bar> bars = in.bars();
        int ci = 0;
        int ei = 0;
        int fi = 0;
        List<Bar> btc = in.context().get("BTCUSDT");
        List<Bar> eth = in.context().get("ETHUSDT");
        int bi = 0;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            long close = b.openTime() + tf.millis();
            while (ci < btc.size() && btc.get(ci).openTime() <= b.openTime()) {
                live.onContextBar("BTCUSDT", btc.get(ci++));
            }
            while (bi < eth.size() && eth.get(bi).openTime() <= b.openTime()) {
                live.onContextBar("ETHUSDT", eth.get(bi++));
            }
            List<FundingRate> f = in.funding();
            while (fi < f.size() && f.get(fi).time() <= close) {
                live.onFunding(f.get(fi++));
            }
            List<FeedEvent> ev = in.events();
            while (ei < ev.size() && ev.get(ei).getTs() < close) {
                FeedEvent e = ev.get(ei++);
                if (e instanceof TradeTick t) {
                    live.onTrade(t);
                } else if (e instanceof BookSnapshot s) {
                    live.onBook(s);
                } else {
                    live.onLiquidation((Liquidation) e);
                }
            }
            live.onBar(b);
            assertEquals(b.openTime(), live.lastBarOpenTime());
            assertEquals(b.openTime(), batch.timestamp(i));
            double[] snap = live.snapshot();
            for (int c = 0; c < batch.columns(); c++) {
                assertEquals(Double.doubleToLongBits(batch.get(i, c)), Double.doubleToLongBits(live.value(c)),
                        "column " + batch.schema().name(c) + " row " + i);
                assertEquals(Double.doubleToLongBits(snap[c]), Double.doubleToLongBits(live.value(c)));
            }
        }
        assertEquals(bars.size(), live.barCount());
    }

    @Test
    void rangeRowsEqualTheFullMatrixRows() {
        FeatureConfig cfg = FeatureConfig.standard(Timeframe.M1);
        FeatureInputs in = Scenario.inputs(Timeframe.M1, 1500, 41);
        FeatureMatrix full = FeatureMatrix.compute(cfg, in);
        long from = in.bars().get(700).openTime();
        long to = in.bars().get(900).openTime();
        FeatureMatrix part = FeatureMatrix.compute(cfg, in, from, to);
        assertEquals(200, part.rows());
        for (int r = 0; r < part.rows(); r++) {
            assertEquals(full.timestamp(700 + r), part.timestamp(r));
            assertArrayEquals(full.row(700 + r), part.row(r));
        }
        int rsi = full.schema().require("rsi_14");
        assertEquals(full.get(750, rsi), part.get(50, "rsi_14"));
    }

    @Test
    void engineRejectsMisalignedOrOutOfOrderBars() {
        FeatureEngine e = new FeatureEngine(FeatureConfig.standard(Timeframe.M1));
        e.onBar(new Bar(Synthetic.T0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> e.onBar(new Bar(Synthetic.T0, 1, 1, 1, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> e.onBar(new Bar(Synthetic.T0 + 61_000, 1, 1, 1, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> e.onContextBar("DOGEUSDT", new Bar(Synthetic.T0, 1, 1, 1, 1, 1)));
        assertEquals(1, e.barCount());
        assertEquals(Map.of(), FeatureInputs.candles(List.of()).context());
    }
}
