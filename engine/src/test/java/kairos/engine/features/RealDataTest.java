package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * On the shared real Binance SOLUSDT data (skipped when ../shared is absent): the 5m columns the engine aggregates
 * from 1m bars equal those computed directly on the exchange's own 5m candles, and every candle/context column is
 * finite somewhere.
 */
class RealDataTest {

    @Test
    void fiveMinuteColumnsFromOneMinuteBarsMatchTheExchangeFiveMinuteCandles() throws Exception {
        Path m1 = FeatherBars.dataFile("SOL_USDT_USDT-1m-futures.feather");
        Path m5 = FeatherBars.dataFile("SOL_USDT_USDT-5m-futures.feather");
        assumeTrue(m1 != null && m5 != null, "shared data absent");
        List<Bar> ones = FeatherBars.read(m1);
        long start = Timeframe.M5.floor(ones.get(0).openTime()) + Timeframe.M5.millis();
        List<Bar> one = ones.stream().filter(b -> b.openTime() >= start).limit(12_000).toList();
        long end = one.get(one.size() - 1).openTime();
        List<Bar> five = FeatherBars.read(m5).stream().filter(b -> b.openTime() >= start && b.openTime() + 300_000 <= end + 60_000)
                .toList();
        assertTrue(five.size() > 2000);
        FeatureMatrix fromOne = FeatureMatrix.compute(new FeatureConfig(Timeframe.M1, List.of(Timeframe.M5), "BTCUSDT", "ETHUSDT", 8),
                FeatureInputs.candles(one));
        FeatureMatrix direct = FeatureMatrix.compute(new FeatureConfig(Timeframe.M5, List.of(), "BTCUSDT", "ETHUSDT", 8),
                FeatureInputs.candles(five));
        Map<Long, Integer> rowOf = new java.util.HashMap<>();
        for (int r = 0; r < fromOne.rows(); r++) {
            rowOf.put(fromOne.timestamp(r), r);
        }
        int compared = 0;
        for (String name : List.of("ema_21", "rsi_14", "atr_14", "adx_14", "macd_hist_12_26_9", "bb_upper_20_2", "stoch_k_14_3",
                "cci_20", "willr_14", "psar_0.02_0.2", "supertrend_10_3", "hma_21", "dc_lower_20", "kc_upper_20_10_2")) {
            int a = fromOne.schema().require(name + "@5m");
            int b = direct.schema().require(name);
            for (int k = 0; k < direct.rows(); k++) {
                Integer r = rowOf.get(direct.timestamp(k) + 240_000);
                if (r == null) {
                    continue;
                }
                double want = direct.get(k, b);
                double got = fromOne.get(r, a);
                if (Double.isNaN(want)) {
                    assertTrue(Double.isNaN(got), name);
                } else {
                    assertEquals(want, got, 1e-9 * Math.max(1, Math.abs(want)), name + " at " + direct.timestamp(k));
                    compared++;
                }
            }
        }
        assertTrue(compared > 20_000, "compared " + compared);
    }

    @Test
    void fullSchemaOnRealDataWithContext() throws Exception {
        Path sol = FeatherBars.dataFile("SOL_USDT_USDT-1m-futures.feather");
        assumeTrue(sol != null, "shared data absent");
        List<Bar> own = FeatherBars.read(sol).subList(0, 20_000);
        List<Bar> btc = FeatherBars.read(FeatherBars.dataFile("BTC_USDT_USDT-1m-futures.feather"));
        List<Bar> eth = FeatherBars.read(FeatherBars.dataFile("ETH_USDT_USDT-1m-futures.feather"));
        FeatureMatrix m = FeatureMatrix.compute(FeatureConfig.standard(Timeframe.M1),
                new FeatureInputs(own, Map.of("BTCUSDT", btc, "ETHUSDT", eth), List.of(), List.of()));
        for (int c = 0; c < m.columns(); c++) {
            FeatureSpec s = m.schema().spec(c);
            if (s.source().equals("funding") || s.source().equals("trades") || s.source().equals("book")
                    || s.source().equals("liquidations") || s.warmupBars() * 4L > own.size()) {
                continue;
            }
            boolean finite = false;
            for (int r = 0; r < m.rows() && !finite; r++) {
                finite = Double.isFinite(m.get(r, c));
            }
            assertTrue(finite, s.name() + " never finite on real data");
        }
        double corr = m.get(m.rows() - 1, "corr_btc_4h");
        assertTrue(corr > 0.2 && corr <= 1, "SOL and BTC move together: " + corr);
    }
}
