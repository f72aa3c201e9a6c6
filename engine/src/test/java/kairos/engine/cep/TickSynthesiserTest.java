package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static kairos.engine.cep.CepHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TickSynthesiserTest {
    record Trade(long ts, double price, double qty, String side) {
    }

    static List<Trade> synth(long seed, int n, Bar bar) {
        List<Trade> out = new ArrayList<>();
        new TickSynthesiser(seed, n).synthesise("SOLUSDT", bar,
                t -> out.add(new Trade(t.time(), t.price(), t.qty(), t.side().name())));
        return out;
    }

    @ParameterizedTest(name = "open {0} high {1} low {2} close {3}: {5} first")
    @CsvSource({
            "100, 101, 99.8, 100.5, 12, low",    // low nearer to the open
            "100, 100.3, 98, 99, 12, high",       // high nearer
            "100, 100, 100, 100, 4, high",        // flat bar
            "150, 152, 149, 151, 60, low"})
    void visitsOpenNearerExtremeOtherExtremeCloseWithTheBarsVolume(double o, double h, double l, double c, int n, String first) {
        Bar bar = new Bar(T0, o, h, l, c, 1234.5);
        List<Trade> trades = synth(7, n, bar);
        assertThat(trades).hasSize(n);
        assertThat(trades.getFirst().price()).isEqualTo(o);
        assertThat(trades.getLast().price()).isEqualTo(c);
        assertThat(trades).allSatisfy(t -> assertThat(t.price()).isBetween(l, h));
        assertThat(trades.stream().mapToDouble(Trade::qty).sum()).isCloseTo(1234.5, within(1e-9));
        assertThat(trades).extracting(Trade::ts).isSorted().allSatisfy(ts -> assertThat(ts).isBetween(T0, T0 + 59_999));
        int hi = indexOf(trades, h);
        int lo = indexOf(trades, l);
        assertThat(hi).isNotNegative();
        assertThat(lo).isNotNegative();
        if (h != l) {
            assertThat(first.equals("high") ? hi < lo : lo < hi).isTrue();
        }
        for (int i = 1; i < n; i++) {
            Trade t = trades.get(i);
            double prev = trades.get(i - 1).price();
            if (t.price() != prev) {
                assertThat(t.side()).isEqualTo(t.price() > prev ? "Buy" : "Sell");
            }
        }
    }

    static int indexOf(List<Trade> trades, double price) {
        for (int i = 0; i < trades.size(); i++) {
            if (trades.get(i).price() == price) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void sameSeedSameTradesOtherSeedOtherTrades() {
        Bar bar = new Bar(T0, 100, 101, 99, 100.5, 500);
        assertThat(synth(42, 12, bar)).isEqualTo(synth(42, 12, bar));
        assertThat(synth(42, 12, bar)).isNotEqualTo(synth(43, 12, bar));
        assertThatThrownBy(() -> new TickSynthesiser(1, 3)).hasMessageContaining(">= 4");
    }

    /** A 1m bar falling 6% lets the tick-level FlashCrash statement fire in a candle-only replay. */
    @Test
    void tickStatementsRunOnCandles() {
        try (CepHarness h = new CepHarness()) {
            CepFeed feed = new CepFeed(h.cep, new TickSynthesiser(1, 12));
            feed.onBar("SOLUSDT", Timeframe.M1, new Bar(T0, 100, 100.2, 99.5, 99.8, 1_000), 0);
            feed.onBar("SOLUSDT", Timeframe.M1, new Bar(T0 + 60_000, 99.8, 99.9, 93.5, 93.8, 9_000), 0);
            feed.advanceTime(T0 + 121_000);
            assertThat(h.of("FlashCrash")).singleElement().satisfies(p ->
                    assertThat(p.getAttributes()).containsEntry("direction", "crash"));
            assertThat(h.cep.currentTime()).isEqualTo(T0 + 121_000);
        }
    }
}
