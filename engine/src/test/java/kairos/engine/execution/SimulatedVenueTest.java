package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimulatedVenueTest {
    final List<Fill> fills = new ArrayList<>();
    final List<OrderUpdate> updates = new ArrayList<>();
    final SimulatedVenue venue = new SimulatedVenue(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0.001), 0), 60_000,
            new FillListener() {
                @Override public void onFill(Fill f) { fills.add(f); }
                @Override public void onOrderUpdate(OrderUpdate u) { updates.add(u); }
            });

    static OrderIntent order(String id, Side side, OrderType type, double qty, double price, boolean reduceOnly,
                             OrderPurpose purpose, long created) {
        return new OrderIntent(id, "SOLUSDT", side, type, qty, price, reduceOnly, purpose, purpose.label(), created);
    }

    @Test
    void marketOrderFillsAtTheNextOpenWithSlippageAsTaker() {
        venue.submit(order("e", Side.Buy, OrderType.MARKET, 2, 0, false, OrderPurpose.ENTRY, 60_000));
        venue.onMarketBar("SOLUSDT", new Bar(0, 99, 101, 98, 100, 10)); // opened before the order: no fill
        assertThat(fills).isEmpty();
        venue.onMarketBar("SOLUSDT", new Bar(60_000, 100, 102, 99, 101, 10));
        assertThat(fills).hasSize(1);
        Fill f = fills.getFirst();
        assertThat(f.price()).isCloseTo(100 * 1.001, within(1e-9));
        assertThat(f.fee()).isCloseTo(2 * 100.1 * 0.00055, within(1e-9));
        assertThat(f.maker()).isFalse();
        assertThat(f.time()).isEqualTo(60_000);
        assertThat(venue.position("SOLUSDT")).isEqualTo(2);
    }

    @Test
    void stopFillsAtTheStopOrAtAWorseOpen() {
        venue.submit(order("e", Side.Buy, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0));
        venue.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        venue.submit(order("s", Side.Sell, OrderType.STOP_MARKET, 1, 95, true, OrderPurpose.STOP, 60_000));
        venue.onMarketBar("SOLUSDT", new Bar(60_000, 99, 99.5, 95.5, 96, 1)); // above the stop
        assertThat(fills).hasSize(1);
        venue.onMarketBar("SOLUSDT", new Bar(120_000, 94, 96, 93, 95, 1));   // gaps through: fills at the open
        assertThat(fills).hasSize(2);
        assertThat(fills.get(1).price()).isCloseTo(94 * 0.999, within(1e-9));
        assertThat(venue.position("SOLUSDT")).isZero();
    }

    @Test
    void limitFillsOnlyWhenTradedThroughAndRestsUntilCancelled() {
        venue.submit(order("l", Side.Buy, OrderType.LIMIT, 1, 100, false, OrderPurpose.ENTRY, 0));
        venue.onMarketBar("SOLUSDT", new Bar(0, 101, 102, 100, 101, 1)); // touch only
        assertThat(fills).isEmpty();
        venue.onMarketBar("SOLUSDT", new Bar(60_000, 101, 102, 100.5, 101, 1)); // the venue never expires it
        assertThat(venue.openOrders("SOLUSDT")).hasSize(1);
        venue.cancel("l");
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACCEPTED, OrderStatus.CANCELLED);
        venue.submit(order("l2", Side.Buy, OrderType.LIMIT, 1, 100, false, OrderPurpose.ENTRY, 120_000));
        venue.onMarketBar("SOLUSDT", new Bar(120_000, 101, 102, 99.9, 101, 1));
        assertThat(fills).hasSize(1);
        assertThat(fills.getFirst().price()).isEqualTo(100);
        assertThat(fills.getFirst().maker()).isTrue();
        assertThat(fills.getFirst().fee()).isCloseTo(100 * 0.0002, within(1e-12));
    }

    @Test
    void whenABarReachesStopAndTargetTheStopComesFirst() {
        venue.submit(order("e", Side.Sell, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0));
        venue.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        venue.submit(order("s", Side.Buy, OrderType.STOP_MARKET, 1, 103, true, OrderPurpose.STOP, 60_000));
        venue.submit(order("t", Side.Buy, OrderType.LIMIT, 1, 97, true, OrderPurpose.TARGET, 60_000));
        venue.onMarketBar("SOLUSDT", new Bar(60_000, 100, 104, 96, 100, 1));
        assertThat(fills).hasSize(2);
        assertThat(fills.get(1).purpose()).isEqualTo(OrderPurpose.STOP);
        assertThat(venue.openOrders("SOLUSDT")).isEmpty(); // the target found no position left: dropped
        assertThat(venue.position("SOLUSDT")).isZero();
    }

    @Test
    void reduceOnlyNeverOpensAPositionAndCancelWorks() {
        venue.submit(order("x", Side.Sell, OrderType.MARKET, 1, 0, true, OrderPurpose.EXIT, 0));
        venue.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        assertThat(fills).isEmpty();
        venue.submit(order("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0));
        venue.submit(order("b", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0));
        venue.cancel("a");
        assertThat(venue.openOrders("SOLUSDT")).extracting(OrderIntent::linkId).containsExactly("b");
        venue.cancelAll("SOLUSDT");
        assertThat(venue.openOrders("SOLUSDT")).isEmpty();
        venue.cancel("unknown");
        venue.cancelAll("ETHUSDT");
    }

    @Test
    void duplicateLinkIdsAndBadIntentsAreRefused() {
        venue.submit(order("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0));
        venue.submit(order("a", Side.Buy, OrderType.LIMIT, 1, 50, false, OrderPurpose.ENTRY, 0));
        assertThat(updates.getLast().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(updates.getLast().reason()).contains("110072");
        assertThat(venue.openOrders("SOLUSDT")).hasSize(1);
        assertThatThrownBy(() -> order("x".repeat(37), Side.Buy, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0))
                .hasMessageContaining("36");
        assertThatThrownBy(() -> order("q", Side.Buy, OrderType.MARKET, 0, 0, false, OrderPurpose.ENTRY, 0))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> new SimulatedVenue(VenueModel.DEFAULT, 0, f -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeSchedule(0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
