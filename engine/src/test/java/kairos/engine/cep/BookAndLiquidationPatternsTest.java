package kairos.engine.cep;

import org.junit.jupiter.api.Test;

import static kairos.engine.cep.CepHarness.SOL;
import static kairos.engine.cep.CepHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** BookImbalanceShift, AbnormalSpread, Spoofing, LiquidationCascade, LiquidationCluster. */
class BookAndLiquidationPatternsTest {

    static double[][] levels(double... pq) {
        double[][] out = new double[pq.length / 2][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[] {pq[2 * i], pq[2 * i + 1]};
        }
        return out;
    }

    @Test
    void bookImbalanceShiftFiresWhenTheBookFlipsWithinFiveSeconds() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onBook(SOL, T0 + 1_000, 0, true, levels(100.00, 10, 99.99, 10), levels(100.01, 40, 100.02, 40));
            // imbalance -0.6; 7 s later +0.6: too slow
            h.feed.onBook(SOL, T0 + 8_000, 0, false, levels(100.00, 40, 99.99, 40), levels(100.01, 10, 100.02, 10));
            assertThat(h.of("BookImbalanceShift")).isEmpty();
            h.feed.onBook(SOL, T0 + 9_000, 0, false, levels(100.00, 5, 99.99, 5), levels());   // -> (10-20)/30
            assertThat(h.of("BookImbalanceShift")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("toward", "ask");
                assertThat(p.number("imbalance")).isCloseTo(-1 / 3.0, within(1e-9));
                assertThat(p.number("max_imbalance")).isCloseTo(0.6, within(1e-9));
            });
        }
    }

    @Test
    void abnormalSpreadFiresOnceAboveTenBasisPointsThenRepeatsAfterThirtySeconds() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onBook(SOL, T0 + 1_000, 0, true, levels(100.00, 1), levels(100.09, 1));  // 9 bps
            assertThat(h.of("AbnormalSpread")).isEmpty();
            h.feed.onBook(SOL, T0 + 2_000, 0, false, levels(), levels(100.09, 0, 100.20, 1)); // ~20 bps
            h.feed.onBook(SOL, T0 + 3_000, 0, false, levels(), levels(100.20, 2));
            assertThat(h.of("AbnormalSpread")).singleElement().satisfies(p -> {
                assertThat(p.number("spread_bps")).isCloseTo(0.20 / 100.10 * 10_000, within(1e-6));
                assertThat(p.number("best_ask")).isEqualTo(100.20);
            });
            h.feed.onBook(SOL, T0 + 40_000, 0, false, levels(), levels(100.20, 3));
            assertThat(h.of("AbnormalSpread")).hasSize(2);
        }
    }

    @Test
    void spoofingFiresWhenALargeLevelIsPulledUntraded() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onBook(SOL, T0 + 1_000, 0, true, levels(100.00, 10, 99.50, 5), levels(100.01, 10));
            h.feed.onBook(SOL, T0 + 2_000, 0, false, levels(99.50, 1_500), levels());   // $149k bid appears
            h.feed.onBook(SOL, T0 + 5_000, 0, false, levels(99.50, 0), levels());       // pulled after 3 s
            assertThat(h.of("Spoofing")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("side", "Bid");
                assertThat(p.number("price")).isEqualTo(99.50);
                assertThat(p.number("lifetime_ms")).isEqualTo(3_000);
            });
        }
    }

    @Test
    void spoofingIgnoresLevelsThatTradeOrStay() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onBook(SOL, T0 + 1_000, 0, true, levels(100.00, 10), levels(100.50, 10));
            h.feed.onBook(SOL, T0 + 2_000, 0, false, levels(), levels(100.50, 2_000));   // $201k ask
            h.trade(T0 + 2_500, 100.50, 5, "Buy");                                       // it trades
            h.feed.onBook(SOL, T0 + 3_000, 0, false, levels(), levels(100.50, 0));
            h.feed.onBook(SOL, T0 + 4_000, 0, false, levels(99.00, 2_000), levels());    // $198k bid
            h.feed.onBook(SOL, T0 + 16_000, 0, false, levels(99.00, 0), levels());       // pulled after 12 s
            h.feed.onBook(SOL, T0 + 17_000, 0, false, levels(99.10, 100), levels());     // small: never a candidate
            h.feed.onBook(SOL, T0 + 17_500, 0, false, levels(99.10, 0), levels());
            assertThat(h.of("Spoofing")).isEmpty();
        }
    }

    @Test
    void liquidationCascadeNeedsFiveSameSideLiquidationsWorthOneHundredThousandInTenSeconds() {
        try (CepHarness h = new CepHarness()) {
            for (int i = 0; i < 4; i++) {
                h.feed.onLiquidation(SOL, T0 + 3_000 + i * 1_000L, 0, 100, 300, "Buy");
            }
            h.feed.onLiquidation(SOL, T0 + 7_000, 0, 100, 300, "Sell");   // other side
            h.feed.onLiquidation(SOL, T0 + 13_500, 0, 100, 300, "Buy");   // the first has left the window
            assertThat(h.of("LiquidationCascade")).isEmpty();
            h.feed.onLiquidation(SOL, T0 + 13_800, 0, 99, 300, "Buy");
            assertThat(h.of("LiquidationCascade")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("liquidated", "longs").containsEntry("count", 5L);
                assertThat(p.number("notional_usd")).isCloseTo(4 * 30_000 + 29_700, within(1e-6));
            });
        }
    }

    @Test
    void liquidationClusterGroupsByPriceZone() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onLiquidation(SOL, T0 + 1_000, 0, 149.90, 1_000, "Sell");
            h.feed.onLiquidation(SOL, T0 + 60_000, 0, 160.00, 1_000, "Sell");  // another zone
            h.feed.onLiquidation(SOL, T0 + 120_000, 0, 150.00, 600, "Buy");
            assertThat(h.of("LiquidationCluster")).isEmpty();
            h.feed.onLiquidation(SOL, T0 + 180_000, 0, 149.95, 200, "Sell");
            assertThat(h.of("LiquidationCluster")).singleElement().satisfies(p -> {
                assertThat(p.number("zone_low")).isEqualTo(149.90);
                assertThat(p.number("zone_high")).isEqualTo(150.00);
                assertThat(p.number("long_share")).isCloseTo(90_000 / (149_900 + 90_000 + 29_990.0), within(1e-9));
            });
        }
    }
}
