package kairos.engine.cep;

import org.junit.jupiter.api.Test;

import static kairos.engine.cep.CepHarness.SOL;
import static kairos.engine.cep.CepHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LargeOrder, CvdDivergence, Absorption, MomentumBurst, FlashCrash, WashTradeSuspect over crafted trades. */
class FlowPatternsTest {

    @Test
    void largeOrderFiresOnlyAboveFiftyThousandDollars() {
        try (CepHarness h = new CepHarness()) {
            h.trade(T0 + 1_000, 100, 500, "Buy");     // exactly $50k: not above
            h.trade(T0 + 2_000, 100, 499, "Sell");
            assertThat(h.of("LargeOrder")).isEmpty();
            h.trade(T0 + 3_000, 100, 500.01, "Sell");
            assertThat(h.of("LargeOrder")).singleElement().satisfies(p -> {
                assertThat(p.getSymbol()).isEqualTo(SOL);
                assertThat(p.getTs()).isEqualTo(T0 + 3_000);
                assertThat(p.getAttributes()).containsEntry("side", "Sell");
                assertThat(p.number("notional")).isCloseTo(50_001, within(1e-6));
            });
        }
    }

    /** 16 minutes of trades every 10 s: price rising 0.5% while takers sell on balance. */
    @Test
    void cvdDivergenceFiresWhenPriceRisesOnNetSelling() {
        try (CepHarness h = new CepHarness()) {
            long t = T0;
            double price = 100;
            for (int i = 0; i < 6 * 17; i++) {
                t += 10_000;
                price += 0.005;
                h.trade(t, price, i % 3 == 0 ? 1 : 2, i % 3 == 0 ? "Buy" : "Sell");
            }
            h.advance(t + 61_000);
            assertThat(h.of("CvdDivergence")).isNotEmpty().first().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("direction", "bearish");
                assertThat(p.number("cvd_change")).isNegative();
                assertThat(p.number("price_change_pct")).isGreaterThanOrEqualTo(0.003);
            });
        }
    }

    @Test
    void cvdDivergenceStaysQuietWhenFlowConfirmsPrice() {
        try (CepHarness h = new CepHarness()) {
            long t = T0;
            double price = 100;
            for (int i = 0; i < 6 * 17; i++) {
                t += 10_000;
                price += 0.005;
                h.trade(t, price, i % 3 == 0 ? 1 : 2, i % 3 == 0 ? "Sell" : "Buy");
            }
            h.advance(t + 61_000);
            assertThat(h.of("CvdDivergence")).isEmpty();
        }
    }

    @Test
    void absorptionFiresOnHeavySellingThatDoesNotMoveThePrice() {
        try (CepHarness h = new CepHarness()) {
            for (int i = 0; i < 6; i++) {
                h.trade(T0 + 100 + i * 1_000L, 100.00 + (i % 2) * 0.01, 450, "Sell"); // 6 x $45k, range 0.01%
            }
            h.advance(T0 + 7_000);
            assertThat(h.of("Absorption")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("absorbed_side", "Sell").containsEntry("direction", "bullish");
                assertThat(p.number("aggressor_usd")).isGreaterThanOrEqualTo(250_000);
            });
        }
    }

    @Test
    void absorptionStaysQuietWhenThePriceGives() {
        try (CepHarness h = new CepHarness()) {
            for (int i = 0; i < 6; i++) {
                h.trade(T0 + 100 + i * 1_000L, 100.00 - i * 0.05, 450, "Sell"); // price falls 0.25%
            }
            h.advance(T0 + 12_000);
            assertThat(h.of("Absorption")).isEmpty();
        }
    }

    /** 16 quiet minutes build the volume baseline, then one minute moves $1.20 on ten times the volume. */
    @Test
    void momentumBurstNeedsTheMoveAndTheVolume() {
        try (CepHarness h = new CepHarness()) {
            long t = T0;
            for (int i = 0; i < 6 * 17; i++) {
                t += 10_000;
                h.trade(t, 150 + (i % 2) * 0.02, 1, i % 2 == 0 ? "Buy" : "Sell");  // 6 per minute
            }
            assertThat(h.of("MomentumBurst")).isEmpty();
            // big move on baseline volume: not a burst
            for (int i = 1; i <= 6; i++) {
                h.trade(t + i * 5_000L, 150 + i * 0.25, 1, "Buy");
            }
            t += 40_000;
            h.advance(t + 61_000);
            t += 61_000;
            assertThat(h.of("MomentumBurst")).isEmpty();
            for (int i = 1; i <= 12; i++) {
                h.trade(t + i * 4_000L, 150 + i * 0.1, 6, "Buy");
            }
            h.advance(t + 50_000);
            assertThat(h.of("MomentumBurst")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("direction", "up");
                assertThat(p.number("move")).isGreaterThanOrEqualTo(1.0);
                assertThat(p.number("rvol")).isGreaterThan(3);
                assertThat(p.number("target")).isCloseTo(p.number("price") + 2, within(1e-9));
            });
        }
    }

    @Test
    void flashCrashFiresOnMoreThanFivePercentInAMinuteNotOnFourOverTwo() {
        try (CepHarness h = new CepHarness()) {
            // 4% down over two minutes: not a flash crash
            for (int i = 0; i <= 120; i += 5) {
                h.trade(T0 + i * 1_000L, 100 - i * (4.0 / 120), 1, "Sell");
            }
            h.advance(T0 + 200_000);
            assertThat(h.of("FlashCrash")).isEmpty();
            long t = T0 + 300_000;
            h.trade(t, 100, 1, "Buy");
            h.trade(t + 20_000, 97, 1, "Sell");
            h.trade(t + 40_000, 94.9, 1, "Sell");   // -5.1% from 100 within 40 s
            h.advance(t + 42_000);
            assertThat(h.of("FlashCrash")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("direction", "crash");
                assertThat(p.number("move_pct")).isCloseTo(0.051, within(1e-9));
                assertThat(p.getTs()).isEqualTo(t + 41_000);
            });
        }
    }

    @Test
    void flashPumpIsReportedAsAPump() {
        try (CepHarness h = new CepHarness()) {
            h.trade(T0 + 1_000, 100, 1, "Buy");
            h.trade(T0 + 30_000, 105.5, 1, "Buy");
            h.advance(T0 + 32_000);
            assertThat(h.of("FlashCrash")).singleElement().satisfies(p ->
                    assertThat(p.getAttributes()).containsEntry("direction", "pump"));
        }
    }

    @Test
    void washTradeNeedsSamePriceSameSizeOppositeSideWithinASecond() {
        try (CepHarness h = new CepHarness()) {
            h.trade(T0 + 1_000, 150, 100, "Buy");      // $15k
            h.trade(T0 + 1_500, 150, 100, "Buy");      // same side: no
            h.trade(T0 + 3_000, 150, 100, "Sell");     // 1.5 s after the last buy: too late
            assertThat(h.of("WashTradeSuspect")).isEmpty();
            h.trade(T0 + 3_400, 150, 100, "Buy");      // answers the sell within 400 ms
            assertThat(h.of("WashTradeSuspect")).singleElement().satisfies(p -> {
                assertThat(p.number("gap_ms")).isEqualTo(400);
                assertThat(p.number("notional")).isEqualTo(15_000);
            });
            h.trade(T0 + 9_000, 150, 10, "Sell");      // small prints are ignored
            h.trade(T0 + 9_100, 150, 10, "Buy");
            assertThat(h.of("WashTradeSuspect")).hasSize(1);
        }
    }
}
