package kairos.engine.kernel;

import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One-minute bars built from a recording's trades: what each bar holds, when it is emitted, which are left out. */
class TradeBarsTest {
    static final long T0 = 1_746_000_000_000L;   // a minute boundary
    static final long M = 60_000;

    static MarketEvent.Trade trade(String symbol, long time, double price, double qty) {
        return new MarketEvent.Trade(symbol, time, time, price, qty, Side.Buy);
    }

    static List<MarketEvent> drain(MarketDataSource s) {
        List<MarketEvent> out = new ArrayList<>();
        for (MarketEvent e = s.next(); e != null; e = s.next()) {
            out.add(e);
        }
        return out;
    }

    static List<Bar> bars(List<MarketEvent> events, String symbol) {
        return events.stream().filter(e -> e instanceof MarketEvent.BarClose b && b.symbol().equals(symbol))
                .map(e -> ((MarketEvent.BarClose) e).bar()).toList();
    }

    @Test
    void barsHoldTheirTradesAreEmittedBeforeTheFirstEventAfterTheirCloseAndTheEdgesAreLeftOut() {
        List<MarketEvent> tape = List.of(
                trade("SOLUSDT", T0 + 30_000, 150.0, 1),          // inside the first, partial minute
                trade("SOLUSDT", T0 + M, 151.0, 2),               // the first whole minute opens
                trade("SOLUSDT", T0 + M + 10_000, 153.0, 1),
                trade("SOLUSDT", T0 + M + 20_000, 149.5, 3),
                trade("SOLUSDT", T0 + M + 59_999, 150.5, 1),
                trade("SOLUSDT", T0 + 3 * M + 5_000, 152.0, 1),   // a silent minute between
                trade("SOLUSDT", T0 + 4 * M + 1, 152.5, 1));      // closes minute 3; minute 4 never closes
        TradeBars source = new TradeBars(MarketDataSource.of(tape), Timeframe.M1, Set.of("SOLUSDT"));
        List<MarketEvent> out = drain(source);
        assertThat(source.finished()).isTrue();
        assertThat(bars(out, "SOLUSDT")).containsExactly(
                new Bar(T0 + M, 151.0, 153.0, 149.5, 150.5, 7),
                new Bar(T0 + 2 * M, 150.5, 150.5, 150.5, 150.5, 0),      // no trades: flat at the last price
                new Bar(T0 + 3 * M, 152.0, 152.0, 152.0, 152.0, 1));
        assertThat(out).filteredOn(e -> e instanceof MarketEvent.Trade).hasSize(tape.size());
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof MarketEvent.BarClose b) {
                assertThat(out.get(i + 1).time()).as("a bar comes just before the event that closes it").isGreaterThanOrEqualTo(b.time());
                assertThat(out.subList(0, i)).as("and after every trade it holds")
                        .noneMatch(e -> e.time() >= b.time());
            }
        }
    }

    @Test
    void onlyTheNamedSymbolsGetBarsAndAnyEventAdvancesEveryBar() {
        List<MarketEvent> tape = List.of(
                trade("SOLUSDT", T0, 150.0, 1),
                trade("BTCUSDT", T0 + 1, 95_000, 0.1),
                trade("SOLUSDT", T0 + M, 151.0, 1),
                new MarketEvent.Mark("BTCUSDT", T0 + 3 * M, T0 + 3 * M, 95_100));
        List<MarketEvent> out = drain(new TradeBars(MarketDataSource.of(tape), Timeframe.M1, Set.of("SOLUSDT")));
        assertThat(bars(out, "BTCUSDT")).isEmpty();
        assertThat(bars(out, "SOLUSDT")).extracting(Bar::openTime).containsExactly(T0 + M, T0 + 2 * M);
        assertThat(out.getLast()).isInstanceOf(MarketEvent.Mark.class);
    }

    @Test
    void asBatchesTheBarsJoinTheBatchOfTheEventThatClosesThem() {
        List<MarketBatch> in = new ArrayList<>(List.of(
                new MarketBatch(List.of(trade("SOLUSDT", T0 - M, 149, 1)), true, T0),        // history passes as is
                MarketBatch.of(List.of(trade("SOLUSDT", T0 + 1, 150, 1)), T0 + 1),
                MarketBatch.of(List.of(trade("SOLUSDT", T0 + M + 1, 151, 1)), T0 + M + 1),
                MarketBatch.of(List.of(trade("SOLUSDT", T0 + 2 * M + 1, 152, 2)), T0 + 2 * M + 1)));
        BatchSource raw = new BatchSource() {
            @Override
            public MarketBatch next() {
                return in.isEmpty() ? null : in.removeFirst();
            }

            @Override
            public boolean finished() {
                return in.isEmpty();
            }
        };
        BatchSource bars = TradeBars.batches(raw, Timeframe.M1, Set.of("SOLUSDT"));
        assertThat(bars.next().events()).hasSize(1);
        assertThat(bars.next().events()).hasSize(1);           // the first minute is partial: no bar
        assertThat(bars.next().events()).hasSize(1);
        MarketBatch last = bars.next();
        assertThat(last.events()).hasSize(2);
        assertThat(last.events().getFirst()).isEqualTo(new MarketEvent.BarClose("SOLUSDT", Timeframe.M1,
                new Bar(T0 + M, 151, 151, 151, 151, 1)));
        assertThat(last.arrivedAt()).isEqualTo(T0 + 2 * M + 1);
        assertThat(bars.next()).isNull();
        assertThat(bars.finished()).isTrue();
    }
}
