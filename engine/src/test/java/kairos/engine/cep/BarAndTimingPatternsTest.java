package kairos.engine.cep;

import kairos.engine.domain.MarketEvent;

import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static kairos.engine.cep.CepHarness.SOL;
import static kairos.engine.cep.CepHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** LiquiditySweep, RangeBreakout, StaleFeed, LatencyHigh, FundingWindow, SessionOpen, SessionClose. */
class BarAndTimingPatternsTest {
    static final long M1 = 60_000;
    static final long M5 = 300_000;

    @Test
    void liquiditySweepFiresWhenABarTakesTheHighAndClosesBackInside() {
        try (CepHarness h = new CepHarness()) {
            for (int i = 0; i < 30; i++) {
                h.bar(Timeframe.M5, T0 + i * M5, 100, 101, 99, 100, 10);
            }
            h.bar(Timeframe.M5, T0 + 30 * M5, 100, 101.04, 99.5, 100.5, 10);   // pierces by 0.04 < 0.05
            h.bar(Timeframe.M5, T0 + 31 * M5, 100, 101.5, 99.5, 101.2, 10);    // breaks out, closes above
            assertThat(h.of("LiquiditySweep")).isEmpty();
            h.bar(Timeframe.M5, T0 + 32 * M5, 101, 102, 100, 100.8, 10);       // takes 101.5, closes back inside
            assertThat(h.of("LiquiditySweep")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("direction", "bearish");
                assertThat(p.number("reclaim_level")).isEqualTo(101.5);
                assertThat(p.number("target_level")).isEqualTo(99);
                assertThat(p.number("sweep_extreme")).isEqualTo(102);
            });
            h.bar(Timeframe.M5, T0 + 33 * M5, 100, 100.5, 98.9, 99.5, 10);     // takes the low by 0.1, closes inside
            assertThat(h.of("LiquiditySweep")).hasSize(2).last().satisfies(p ->
                    assertThat(p.getAttributes()).containsEntry("direction", "bullish"));
        }
    }

    void range(CepHarness h, double falling) {
        for (int i = 0; i < 24; i++) {   // 2 hours of 5m bars inside 100..101, volume falling
            h.bar(Timeframe.M5, T0 + i * M5, 100.5, 101, 100, 100.5, 200 - i * falling);
        }
    }

    @Test
    void rangeBreakoutFiresOnACloseAboveATightRangeWithVolume() {
        try (CepHarness h = new CepHarness()) {
            range(h, 4);   // mean volume 154
            h.bar(Timeframe.M5, T0 + 24 * M5, 100.5, 101.3, 100.4, 101.2, 200);   // 1.3 x mean: not enough volume
            assertThat(h.of("RangeBreakout")).isEmpty();
        }
        try (CepHarness h = new CepHarness()) {
            range(h, 4);
            h.bar(Timeframe.M5, T0 + 24 * M5, 100.5, 101.3, 100.4, 101.2, 240);
            assertThat(h.of("RangeBreakout")).singleElement().satisfies(p -> {
                assertThat(p.getAttributes()).containsEntry("direction", "up");
                assertThat(p.number("range_size")).isEqualTo(1.0);
                assertThat(p.number("target1")).isEqualTo(102.5);
                assertThat(p.number("target2")).isEqualTo(103.5);
            });
        }
    }

    @Test
    void rangeBreakoutNeedsVolumeFallingInsideTheRange() {
        try (CepHarness h = new CepHarness()) {
            range(h, -4);   // rising volume inside the range
            h.bar(Timeframe.M5, T0 + 24 * M5, 100.5, 101.3, 100.4, 101.2, 1_000);
            assertThat(h.of("RangeBreakout")).isEmpty();
        }
    }

    @Test
    void staleFeedFiresOnceAfterTenSilentSeconds() {
        try (CepHarness h = new CepHarness()) {
            h.trade(T0 + 500, 100, 1, "Buy");
            h.feed.onTrade("ETHUSDT", T0 + 5_000, 0, 2_000, 1, "Buy");
            h.advance(T0 + 11_400);   // trades count by the end of their second (T0 + 1000): 10.4 s silent
            assertThat(h.of("StaleFeed")).isEmpty();
            h.advance(T0 + 12_000);
            assertThat(h.of("StaleFeed")).singleElement().satisfies(p -> {
                assertThat(p.getSymbol()).isEqualTo(SOL);
                assertThat(p.getTs()).isEqualTo(T0 + 11_500);   // polled every second from the first event
                assertThat(p.number("silent_ms")).isEqualTo(10_500);
            });
            h.advance(T0 + 40_000);
            assertThat(h.of("StaleFeed")).extracting(PatternFact::getSymbol).containsExactly(SOL, "ETHUSDT");
        }
    }

    @Test
    void latencyHighReportsHighAndCriticalFromReceiveTime() {
        try (CepHarness h = new CepHarness()) {
            h.feed.onTrade(SOL, T0 + 1_000, T0 + 1_500, 100, 1, "Buy");   // exactly 500 ms: not above
            h.feed.onTrade(SOL, T0 + 2_000, 0, 100, 1, "Buy");            // receive time unknown
            assertThat(h.of("LatencyHigh")).isEmpty();
            h.feed.mark(new MarketEvent.Mark(SOL, T0 + 3_000, T0 + 3_600, 100));
            h.feed.onTrade(SOL, T0 + 3_100, T0 + 3_800, 100, 1, "Buy");   // repeat within 10 s: quiet
            h.feed.openInterest(new MarketEvent.OpenInterest(SOL, T0 + 4_000, T0 + 5_200, 1e6));      // critical
            List<PatternFact> l = h.of("LatencyHigh");
            assertThat(l).extracting(p -> p.getAttributes().get("level")).containsExactly("high", "critical");
            assertThat(l).extracting(p -> p.number("latency_ms")).containsExactly(600.0, 1_200.0);
        }
    }

    @Test
    void fundingWindowOpensAnHourBeforeEachEightHourFunding() {
        try (CepHarness h = new CepHarness(T0 - 2 * 3_600_000L)) {   // 22:00 UTC
            h.feed.funding(new MarketEvent.Funding(SOL, T0 - 2 * 3_600_000L + 1, 0, 0.0001, true));
            h.advance(T0 + 16 * 3_600_000L);                         // to 16:00
            assertThat(h.of("FundingWindow")).extracting(PatternFact::getTs)
                    .containsExactly(T0 - 3_600_000L, T0 + 7 * 3_600_000L, T0 + 15 * 3_600_000L);
            assertThat(h.of("FundingWindow").getFirst().number("funding_time")).isEqualTo((double) T0);
        }
    }

    @Test
    void sessionsOpenAndCloseOnTheirUtcHours() {
        try (CepHarness h = new CepHarness()) {
            h.feed.index(new MarketEvent.Index(SOL, T0 + 1, 0, 100));
            h.advance(T0 + 24 * 3_600_000L);
            assertThat(h.of("SessionOpen")).extracting(p -> p.getAttributes().get("session") + "@" + (p.getTs() - T0) / 3_600_000)
                    .containsExactly("asia@1", "europe@7", "us@13");
            assertThat(h.of("SessionClose")).extracting(p -> p.getAttributes().get("session") + "@" + (p.getTs() - T0) / 3_600_000)
                    .containsExactly("asia@9", "europe@16", "us@22");
        }
    }

    @Test
    void timingStatementsKnowNoSymbolBeforeItsFirstEvent() {
        try (CepHarness h = new CepHarness()) {
            h.advance(T0 + 24 * 3_600_000L);
            assertThat(h.facts).isEmpty();
        }
    }
}
