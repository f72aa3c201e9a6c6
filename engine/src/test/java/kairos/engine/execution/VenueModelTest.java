package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Latency, the volatility and size slippage model, participation, amend and query of the simulated venue. */
class VenueModelTest {
    final List<Fill> fills = new ArrayList<>();

    SimulatedVenue venue(VenueModel model) {
        return new SimulatedVenue(model, 60_000, fills::add);
    }

    static OrderIntent market(String id, Side side, double qty, long created) {
        return new OrderIntent(id, "SOLUSDT", side, OrderType.MARKET, qty, 0, false, OrderPurpose.ENTRY, "entry", created);
    }

    @Test
    void slippageGrowsWithVolatilityAndSize() {
        VenueModel m = new VenueModel(new FeeSchedule(0.0002, 0.00055, 0.0001), 0, 0.02, 0.05, 0.1, 3, 0.005);
        // base 0.0001 + 0.02 x (102 - 98) / 100 + 0.05 x 10 / 1000
        assertThat(m.slippage(10, 100, 102, 98, 1000)).isCloseTo(0.0001 + 0.0008 + 0.0005, within(1e-12));
        assertThat(m.slippage(10, 100, 100, 100, 0)).isCloseTo(0.0001, within(1e-12));
        assertThat(m.slippage(1e9, 100, 100, 100, 1)).isCloseTo(0.0001 + 0.05, within(1e-12)); // size capped at 1x volume
        SimulatedVenue v = venue(m);
        v.submit(market("s", Side.Sell, 10, 0));
        v.onMarketBar("SOLUSDT", new Bar(0, 100, 102, 98, 101, 1000));
        assertThat(fills.getFirst().price()).isCloseTo(100 * (1 - 0.0014), within(1e-9));
    }

    @Test
    void latencyDelaysWhenAnOrderCanMatch() {
        SimulatedVenue v = venue(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 500));
        v.submit(market("m", Side.Buy, 1, 59_600));               // live at 60,100: misses the bar closing at 60,000
        v.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        assertThat(fills).isEmpty();
        v.onMarketBar("SOLUSDT", new Bar(60_000, 101, 101, 101, 101, 1));
        assertThat(fills.getFirst().time()).isEqualTo(60_100);    // stamped when it became live
        assertThat(fills.getFirst().price()).isEqualTo(101);
    }

    @Test
    void restingLimitsFillByVolumeParticipation() {
        SimulatedVenue v = venue(new VenueModel(new FeeSchedule(0.0002, 0.00055, 0), 0, 0, 0, 0.25, 3, 0.005));
        v.submit(new OrderIntent("l", "SOLUSDT", Side.Buy, OrderType.LIMIT, 10, 100, false, OrderPurpose.ENTRY, "entry", 0));
        v.onMarketBar("SOLUSDT", new Bar(0, 101, 101, 99, 100, 20));   // 25% of 20 = 5
        v.onMarketBar("SOLUSDT", new Bar(60_000, 101, 101, 99, 100, 40)); // the other 5
        assertThat(fills).extracting(Fill::qty).containsExactly(5.0, 5.0);
        assertThat(v.position("SOLUSDT")).isEqualTo(10);
        assertThat(v.query("l")).get().extracting(OrderUpdate::status).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void amendMovesAStopAndQueryReportsState() {
        SimulatedVenue v = venue(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 0));
        v.submit(market("e", Side.Buy, 2, 0));
        v.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        v.submit(new OrderIntent("s", "SOLUSDT", Side.Sell, OrderType.STOP_MARKET, 2, 95, true, OrderPurpose.STOP, "stop", 60_000));
        assertThat(v.amend("s", 99, 2, 60_000)).isTrue();
        assertThat(v.amend("nope", 99, 2, 60_000)).isFalse();
        assertThat(v.amend("s", 99, 0, 60_000)).isFalse();        // not above what has filled
        v.onMarketBar("SOLUSDT", new Bar(60_000, 100, 100, 98.5, 99, 1));
        assertThat(fills.get(1).price()).isEqualTo(99);
        assertThat(v.query("s")).get().extracting(OrderUpdate::cumQty).isEqualTo(2.0);
        assertThat(v.query("never")).isEmpty();
        assertThat(v.amend("s", 98, 2, 60_000)).isFalse();        // filled: no longer open
    }

    @Test
    void shortLiquidationPriceAndModelValidation() {
        VenueModel m = new VenueModel(new FeeSchedule(0.0002, 0.00055, 0), 0, 0, 0, 1, 5, 0.01);
        assertThat(m.liquidationPrice(false, 100)).isCloseTo(119, within(1e-9));
        assertThat(m.liquidationPrice(true, 100)).isCloseTo(81, within(1e-9));
        assertThatThrownBy(() -> new VenueModel(FeeSchedule.BYBIT_DEFAULT, -1, 0, 0, 1, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VenueModel(FeeSchedule.BYBIT_DEFAULT, 0, 2, 0, 1, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VenueModel(FeeSchedule.BYBIT_DEFAULT, 0, 0, 0, 0, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VenueModel(FeeSchedule.BYBIT_DEFAULT, 0, 0, 0, 1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VenueModel(FeeSchedule.BYBIT_DEFAULT, 0, 0, 0, 1, 10, 0.2)).isInstanceOf(IllegalArgumentException.class);
        SimulatedVenue v = venue(m);
        v.submit(market("e", Side.Sell, 1, 0));
        v.onMarketBar("SOLUSDT", new Bar(0, 100, 100, 100, 100, 1));
        v.onMarketBar("SOLUSDT", new Bar(60_000, 118, 125, 117, 124, 1));
        assertThat(fills.getLast().purpose()).isEqualTo(OrderPurpose.LIQUIDATION);
        assertThat(fills.getLast().price()).isCloseTo(119, within(1e-9));
        assertThat(v.position("SOLUSDT")).isZero();
    }

    @Test
    void policyAndLadderValidation() {
        assertThat(TakeProfitLadder.DEFAULT.runner()).isCloseTo(0.1, within(1e-12));
        assertThat(TakeProfitLadder.DEFAULT.levels()).isEqualTo(3);
        assertThat(TakeProfitLadder.DEFAULT).isEqualTo(new TakeProfitLadder(new double[]{1, 1.5, 2.5}, new double[]{0.4, 0.3, 0.2}));
        assertThat(TakeProfitLadder.DEFAULT.hashCode()).isEqualTo(new TakeProfitLadder(new double[]{1, 1.5, 2.5}, new double[]{0.4, 0.3, 0.2}).hashCode());
        assertThat(TakeProfitLadder.DEFAULT.toString()).contains("2.5");
        assertThat(TakeProfitLadder.DEFAULT.atrMultiples()).containsExactly(1, 1.5, 2.5);
        assertThat(TakeProfitLadder.DEFAULT.fractions()).containsExactly(0.4, 0.3, 0.2);
        assertThatThrownBy(() -> new TakeProfitLadder(new double[]{1}, new double[]{0.5, 0.5})).hasMessageContaining("fractions");
        assertThatThrownBy(() -> new TakeProfitLadder(new double[]{2, 1}, new double[]{0.5, 0.5})).hasMessageContaining("increasing");
        assertThatThrownBy(() -> new TakeProfitLadder(new double[]{1, 2}, new double[]{0.7, 0.7})).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> new TakeProfitLadder(new double[]{1}, new double[]{0})).hasMessageContaining("> 0");
        assertThat(ExecutionPolicy.DEFAULT.trailing()).isTrue();
        assertThatThrownBy(() -> new ExecutionPolicy(0.1, 30_000, 0.5, 1, 0.001, 1, 0, TakeProfitLadder.NONE, true,
                false, false, 0.7, false, 2, 120, 1)).hasMessageContaining("offset");
        assertThat(new ExecutionPolicy(0, 30_000, 0.5, 1, 0.001, 1, 0, TakeProfitLadder.NONE, false, false, false,
                0.7, false, 2, 0, 1).trailing()).isFalse();
    }
}
