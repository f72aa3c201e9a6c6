package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Timeframe;

class FeatureSchemaTest {

    @Test
    void containsTheNamedColumnsOfTheIssueWithStableIndexLookup() {
        FeatureSchema s = FeatureSchema.of(FeatureConfig.standard(Timeframe.M1));
        for (String name : List.of("ema_8", "rsi_14", "atr_14", "adx_14", "mfi_14", "willr_14", "roc_10", "macd_12_26_9",
                "macd_signal_12_26_9", "macd_hist_12_26_9", "bb_upper_20_2", "bb_middle_20_2", "bb_lower_20_2", "obv", "cci_20",
                "stoch_k_14_3", "stoch_d_14_3", "psar_0.02_0.2", "sma_20", "ema_13", "ema_21", "ema_34", "ema_55", "hma_21",
                "vwma_20", "supertrend_10_3", "cmf_20", "kc_upper_20_10_2", "dc_upper_20", "atr_pctrank_14_100",
                "hv_pctrank_20_100", "squeeze_20_2_1.5", "vwap", "vwap_upper_2", "vp_poc_120", "rvol_20", "obv_div_20",
                "pivot_p", "pivot_fib_r1", "pivot_cam_s4", "sr_resistance_2", "ms_trend_2", "bos_2", "choch_2",
                "ob_bull_high_2", "fvg_bull_low", "cdl_engulfing", "cdl_three_soldiers", "corr_btc_30m", "corr_btc_4h",
                "ratio_eth", "funding_rate", "funding_mins_to_next", "session_asia", "overlap_europe_us", "delta", "cvd",
                "fp_imbalance_3", "book_imb_5", "book_imb_10", "book_imb_20", "large_buy_count_50k", "liq_cluster_price_60",
                "liq_rate_5", "liq_long_share_60", "rsi_div_regular_14", "rsi_div_hidden_14", "rsi_14@3m", "rsi_14@5m",
                "rsi_14@15m", "rsi_14@1h", "rsi_14@4h")) {
            int i = s.indexOf(name);
            assertTrue(i >= 0, "missing " + name);
            assertEquals(name, s.name(i));
            assertEquals(i, s.require(name));
        }
        assertEquals(-1, s.indexOf("rsi_15"));
        assertThrows(IllegalArgumentException.class, () -> s.require("nope"));
        assertEquals(s.size(), s.specs().size());
        for (FeatureSpec spec : s.specs()) {
            assertTrue(spec.name().matches("[a-z][a-z0-9_.]*(@[0-9]+[mh])?"), spec.name());
            assertTrue(spec.warmupBars() >= 0 && !spec.definition().isBlank() && !spec.source().isBlank(), spec.name());
        }
        assertEquals("candles:1h", s.spec(s.require("rsi_14@1h")).source());
        assertEquals(240 * 15, s.spec(s.require("rsi_14@4h")).warmupBars());
    }

    @Test
    void hashIsStableAndDependsOnTheColumns() {
        FeatureSchema a = FeatureSchema.of(FeatureConfig.standard(Timeframe.M1));
        FeatureSchema b = FeatureSchema.of(FeatureConfig.standard(Timeframe.M1));
        FeatureSchema c = FeatureSchema.of(FeatureConfig.standard(Timeframe.M5));
        assertEquals(a.hash(), b.hash());
        assertTrue(a.hash().matches("[0-9a-f]{16}"));
        assertNotEquals(a.hash(), c.hash());
        assertEquals(a.config(), FeatureConfig.standard(Timeframe.M1));
    }

    @Test
    void standardConfigsAndValidation() {
        assertEquals(List.of(Timeframe.M3, Timeframe.M5, Timeframe.M15, Timeframe.H1, Timeframe.H4),
                FeatureConfig.standard(Timeframe.M1).higher());
        assertEquals(List.of(Timeframe.M15, Timeframe.H1, Timeframe.H4), FeatureConfig.standard(Timeframe.M5).higher());
        assertEquals(List.of(Timeframe.H4), FeatureConfig.standard(Timeframe.H1).higher());
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureConfig(Timeframe.M5, List.of(Timeframe.M3), "BTCUSDT", "ETHUSDT", 8));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureConfig(Timeframe.M5, List.of(Timeframe.H1, Timeframe.M15), "BTCUSDT", "ETHUSDT", 8));
        assertThrows(IllegalArgumentException.class, () -> new FeatureConfig(Timeframe.M5, List.of(), "BTCUSDT", "ETHUSDT", 7));
        FeatureSchema h1 = FeatureSchema.of(FeatureConfig.standard(Timeframe.H1));
        assertEquals(-1, h1.indexOf("corr_btc_30m"), "a 30m window is not computable on 1h bars");
        assertTrue(h1.indexOf("corr_btc_4h") >= 0);
    }

    @Test
    void docsFeaturesMdIsUpToDate() throws Exception {
        String root = System.getProperty("kairos.project.dir");
        Path doc = (root != null ? Path.of(root) : Path.of("..")).resolve("docs").resolve("features.md");
        String expected = FeatureDocs.render(FeatureDocs.documentedSchema());
        assertTrue(Files.isRegularFile(doc), "docs/features.md is missing; run FeatureDocs.main");
        assertEquals(expected, Files.readString(doc, StandardCharsets.UTF_8),
                "docs/features.md is stale: regenerate with kairos.engine.features.FeatureDocs.main(\"docs/features.md\")");
        assertTrue(expected.contains("| `psar_0.02_0.2` |"));
        assertTrue(expected.contains(FeatureDocs.documentedSchema().hash()));
    }

    @Test
    void docsMainWritesTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sub").resolve("features.md");
        FeatureDocs.main(new String[] {out.toString()});
        assertEquals(FeatureDocs.render(FeatureDocs.documentedSchema()), Files.readString(out, StandardCharsets.UTF_8));
    }
}
