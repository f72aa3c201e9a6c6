package kairos.engine.execution;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

import static kairos.engine.execution.VenueProbe.SOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimulatedVenueTest {
    final VenueProbe probe = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0.001), 0));
    final SimulatedVenue venue = probe.venue;

    @Test
    void marketOrderFillsAtTheNextOpenWithSlippageAsTaker() {
        probe.submit("e", Side.Buy, OrderType.MARKET, 2, 0, false, OrderPurpose.ENTRY, 60_000);
        assertThat(probe.last(OrderUpdate.class).status()).isEqualTo(OrderStatus.ACCEPTED);
        probe.bar(0, 99, 101, 98, 100, 10);                 // opened before the order: no fill
        assertThat(probe.fills()).isEmpty();
        probe.bar(60_000, 100, 102, 99, 101, 10);
        assertThat(probe.fills()).hasSize(1);
        Fill f = probe.fills().getFirst();
        assertThat(f.priceValue()).isCloseTo(100 * 1.001, within(1e-9));
        assertThat(f.fee()).isCloseTo(2 * 100.1 * 0.00055, within(1e-9));
        assertThat(f.maker()).isFalse();
        assertThat(f.time()).isEqualTo(60_000);
        assertThat(venue.position(SOL)).isEqualTo(2);
        assertThat(probe.last(PositionReport.class).size()).isEqualByComparingTo("2");
    }

    @Test
    void stopFillsAtTheStopOrAtAWorseOpenStampedAtTheClose() {
        probe.submit("e", Side.Buy, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0);
        probe.bar(0, 100, 100, 100, 100, 1);
        probe.submit("s", Side.Sell, OrderType.STOP_MARKET, 1, 95, true, OrderPurpose.STOP, 60_000);
        probe.bar(60_000, 99, 99.5, 95.5, 96, 1);           // above the stop
        assertThat(probe.fills()).hasSize(1);
        probe.bar(120_000, 94, 96, 93, 95, 1);              // gaps through: fills at the open
        assertThat(probe.fills()).hasSize(2);
        assertThat(probe.fills().get(1).priceValue()).isCloseTo(94 * 0.999, within(1e-9));
        assertThat(probe.fills().get(1).time()).isEqualTo(180_000);
        assertThat(venue.position(SOL)).isZero();
    }

    @Test
    void limitFillsOnlyWhenTradedThroughAndRestsUntilCancelled() {
        probe.submit("l", Side.Buy, OrderType.LIMIT, 1, 100, false, OrderPurpose.ENTRY, 0);
        probe.bar(0, 101, 102, 100, 101, 1);                // touch only
        assertThat(probe.fills()).isEmpty();
        probe.bar(60_000, 101, 102, 100.5, 101, 1);         // the venue never expires it
        assertThat(venue.openOrders(SOL)).hasSize(1);
        venue.cancel("l", SOL);
        assertThat(probe.updates()).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACCEPTED, OrderStatus.CANCELLED);
        venue.cancel("l", SOL);                             // not open any more
        assertThat(probe.last(RequestRejected.class).request()).isEqualTo("cancel");
        probe.submit("l2", Side.Buy, OrderType.LIMIT, 1, 100, false, OrderPurpose.ENTRY, 120_000);
        probe.bar(120_000, 101, 102, 99.9, 101, 1);
        assertThat(probe.fills()).hasSize(1);
        assertThat(probe.fills().getFirst().priceValue()).isEqualTo(100);
        assertThat(probe.fills().getFirst().maker()).isTrue();
        assertThat(probe.fills().getFirst().fee()).isCloseTo(100 * 0.0002, within(1e-12));
        assertThat(probe.fills().getFirst().time()).isEqualTo(180_000);   // the bar shows it at its close
    }

    @Test
    void whenABarReachesStopAndTargetTheStopComesFirst() {
        probe.submit("e", Side.Sell, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0);
        probe.bar(0, 100, 100, 100, 100, 1);
        probe.submit("s", Side.Buy, OrderType.STOP_MARKET, 1, 103, true, OrderPurpose.STOP, 60_000);
        probe.submit("t", Side.Buy, OrderType.LIMIT, 1, 97, true, OrderPurpose.TARGET, 60_000);
        probe.bar(60_000, 100, 104, 96, 100, 1);
        assertThat(probe.fills()).hasSize(2);
        assertThat(probe.fills().get(1).purpose()).isEqualTo(OrderPurpose.STOP);
        assertThat(venue.openOrders(SOL)).isEmpty();         // the target found no position left: dropped
        assertThat(venue.position(SOL)).isZero();
    }

    @Test
    void reduceOnlyNeverOpensAPositionAndCancelWorks() {
        probe.submit("x", Side.Sell, OrderType.MARKET, 1, 0, true, OrderPurpose.EXIT, 0);
        probe.bar(0, 100, 100, 100, 100, 1);
        assertThat(probe.fills()).isEmpty();
        assertThat(probe.last(OrderUpdate.class).reason()).contains("no position");
        probe.submit("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0);
        probe.submit("b", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0);
        venue.cancel("a", SOL);
        assertThat(venue.openOrders(SOL)).extracting(OrderIntent::linkId).containsExactly("b");
        venue.cancelAll(SOL);
        assertThat(venue.openOrders(SOL)).isEmpty();
        venue.cancel("unknown", SOL);
        assertThat(probe.last(RequestRejected.class).reason()).contains("does not exist");
        venue.cancelAll("ETHUSDT");
    }

    @Test
    void aDuplicateLinkIdIsAnsweredWithTheOrderAlreadyPlaced() {
        probe.submit("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0);
        probe.submit("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0);
        assertThat(probe.last(OrderUpdate.class).status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(probe.last(OrderUpdate.class).reason()).contains("110072");
        assertThat(venue.openOrders(SOL)).hasSize(1);
        assertThat(venue.submitted(SOL, OrderPurpose.ENTRY)).isEqualTo(1);
        assertThatThrownBy(() -> new OrderIntent("x".repeat(37), SOL, Side.Buy, OrderType.MARKET, 1, 0, false,
                OrderPurpose.ENTRY, "e", 0)).hasMessageContaining("36");
        assertThatThrownBy(() -> new OrderIntent("q", SOL, Side.Buy, OrderType.MARKET, 0, 0, false,
                OrderPurpose.ENTRY, "e", 0)).hasMessageContaining("quantity");
        assertThatThrownBy(() -> new OrderIntent("p", SOL, Side.Buy, OrderType.LIMIT, 1, 0, false,
                OrderPurpose.ENTRY, "e", 0)).hasMessageContaining("price");
        assertThatThrownBy(() -> new FeeSchedule(0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tradesReplaceBarsOnceTheyArrive() {
        probe.submit("e", Side.Buy, OrderType.MARKET, 2, 0, false, OrderPurpose.ENTRY, 0);
        probe.trade(1_000, 100, 5, Side.Sell);              // the next trade fills it, at its price plus slippage
        assertThat(probe.fills()).singleElement().satisfies(f -> {
            assertThat(f.priceValue()).isCloseTo(100.1, within(1e-9));
            assertThat(f.time()).isEqualTo(1_000);
        });
        probe.submit("s", Side.Sell, OrderType.STOP_MARKET, 2, 99, true, OrderPurpose.STOP, 1_500);
        probe.submit("t", Side.Sell, OrderType.LIMIT, 1, 101, true, OrderPurpose.TARGET, 1_500);
        probe.bar(0, 100, 102, 98, 100, 100);               // a bar after trades: ignored for matching
        assertThat(probe.fills()).hasSize(1);
        probe.trade(2_000, 101, 0.4, Side.Buy);             // a touch of the limit: no fill
        probe.trade(2_100, 101.2, 0.4, Side.Buy);           // through it: 0.4 of 1 fill (the trade's size)
        assertThat(probe.fills()).hasSize(2);
        assertThat(probe.fills().get(1).qtyValue()).isEqualTo(0.4);
        probe.trade(3_000, 98.9, 1, Side.Sell);             // crosses the stop: the rest at this price
        assertThat(probe.fills().get(2).qtyValue()).isCloseTo(1.6, within(1e-12));
        assertThat(probe.fills().get(2).priceValue()).isCloseTo(98.9 * 0.999, within(1e-9));
        assertThat(venue.position(SOL)).isZero();
    }

    @Test
    void queriesAndSnapshotsAnswerAfterTheLatency() {
        VenueProbe late = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 250));
        late.submit("e", Side.Buy, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0);
        assertThat(late.deliveries.getLast()).isEqualTo(250L);
        late.bar(0, 100, 100, 100, 100, 10);
        late.clock.now = 70_000;
        late.venue.query("e", SOL);
        assertThat(late.said.subList(late.said.size() - 2, late.said.size()))
                .extracting(e -> e.getClass().getSimpleName()).containsExactly("Fill", "OrderUpdate");
        assertThat(late.deliveries.getLast()).isEqualTo(70_250L);
        late.venue.query("never", SOL);
        assertThat(late.last(OrderNotFound.class).linkId()).isEqualTo("never");
        late.submit("l", Side.Buy, OrderType.LIMIT, 1, 90, false, OrderPurpose.ENTRY, 70_000);
        late.venue.reconcile(0);
        VenueSnapshot s = late.last(VenueSnapshot.class);
        assertThat(s.openOrders()).extracting(OrderUpdate::linkId).containsExactly("l");
        assertThat(s.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualByComparingTo("1"));
        assertThat(s.executions()).hasSize(1);
        late.venue.reconcile(61_000);
        assertThat(late.last(VenueSnapshot.class).executions()).isEmpty();
    }

    @Test
    void aDeliveryModelDropsDelaysAndDuplicatesDeterministically() {
        DeliveryModel chaos = new DeliveryModel(42, 0.2, 0.5, 5_000, 0.3);
        VenueProbe a = new VenueProbe(VenueModel.simple(FeeSchedule.BYBIT_DEFAULT, 100), chaos);
        VenueProbe b = new VenueProbe(VenueModel.simple(FeeSchedule.BYBIT_DEFAULT, 100), chaos);
        for (VenueProbe p : new VenueProbe[] {a, b}) {
            for (int i = 0; i < 50; i++) {
                p.submit("o" + i, Side.Buy, OrderType.LIMIT, 1, 90, false, OrderPurpose.ENTRY, i * 1_000L);
            }
        }
        assertThat(a.deliveries).isEqualTo(b.deliveries);
        assertThat(a.said.size()).isNotEqualTo(50);                     // some dropped, some twice
        assertThat(a.deliveries).anyMatch(at -> at % 1_000 != 100);     // some late
        assertThatThrownBy(() -> new DeliveryModel(1, 1.0, 0, 0, 0)).hasMessageContaining("drop");
        assertThatThrownBy(() -> new DeliveryModel(1, 0, 0, -1, 0)).hasMessageContaining("delay");
    }

    @Test
    void aPersistedVenueResumesWithItsOrdersAndMatchesAnEventOnce(@org.junit.jupiter.api.io.TempDir Path dir) {
        VenueStateFile file = new VenueStateFile(dir.resolve("venue.json"));
        VenueProbe first = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 0));
        first.venue.persistIn(file);
        first.submit("l", Side.Buy, OrderType.LIMIT, 10, 100, false, OrderPurpose.ENTRY, 0);
        first.bar(0, 101, 101, 99, 100, 30);                // participation 1.0: fills 10 at once
        first.submit("t", Side.Sell, OrderType.LIMIT, 5, 105, true, OrderPurpose.TARGET, 60_000);
        assertThat(file.load()).isPresent();

        VenueProbe second = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 0));
        second.venue.persistIn(file);
        assertThat(second.venue.openOrders(SOL)).extracting(OrderIntent::linkId).containsExactly("t");
        assertThat(second.venue.position(SOL)).isEqualTo(10);
        second.bar(0, 101, 101, 99, 100, 30);               // the same bar again (a resumed replay): not matched twice
        assertThat(second.fills()).isEmpty();
        second.bar(60_000, 104, 106, 104, 105, 30);
        assertThat(second.fills()).singleElement().satisfies(f -> assertThat(f.execId()).isEqualTo("sim-2"));
        assertThat(second.venue.executions()).hasSize(2);
        Optional<SimulatedVenue.State> kept = file.load();
        assertThat(kept.orElseThrow().positions()).singleElement()
                .satisfies(p -> assertThat(p.qty()).isEqualByComparingTo(BigDecimal.valueOf(5)));
    }
}
