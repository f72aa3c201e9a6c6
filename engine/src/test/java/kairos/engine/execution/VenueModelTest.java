package kairos.engine.execution;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static kairos.engine.execution.VenueProbe.SOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Latency, the volatility and size slippage model, participation, amend and query of the simulated venue. */
class VenueModelTest {

    @Test
    void slippageGrowsWithVolatilityAndSize() {
        VenueModel m = new VenueModel(new FeeSchedule(0.0002, 0.00055, 0.0001), 0, 0.02, 0.05, 0.1, 3, 0.005);
        // base 0.0001 + 0.02 x (102 - 98) / 100 + 0.05 x 10 / 1000
        assertThat(m.slippage(10, 100, 102, 98, 1000)).isCloseTo(0.0001 + 0.0008 + 0.0005, within(1e-12));
        assertThat(m.slippage(10, 100, 100, 100, 0)).isCloseTo(0.0001, within(1e-12));
        assertThat(m.slippage(1e9, 100, 100, 100, 1)).isCloseTo(0.0001 + 0.05, within(1e-12)); // size capped at 1x volume
        VenueProbe v = new VenueProbe(m);
        v.submit("s", Side.Sell, OrderType.MARKET, 10, 0, false, OrderPurpose.ENTRY, 0);
        v.bar(0, 100, 102, 98, 101, 1000);
        assertThat(v.fills().getFirst().priceValue()).isCloseTo(100 * (1 - 0.0014), within(1e-9));
    }

    @Test
    void latencyDelaysWhenAnOrderCanMatchAndWhenItsAnswersArrive() {
        VenueProbe v = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 500));
        v.submit("m", Side.Buy, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 59_600); // live at 60,100
        assertThat(v.deliveries.getFirst()).isEqualTo(60_100L);                             // the ack, then
        v.bar(0, 100, 100, 100, 100, 1);                                                    // misses this bar
        assertThat(v.fills()).isEmpty();
        v.bar(60_000, 101, 101, 101, 101, 1);
        assertThat(v.fills().getFirst().time()).isEqualTo(60_100);    // stamped when it became live
        assertThat(v.fills().getFirst().priceValue()).isEqualTo(101);
    }

    @Test
    void restingLimitsFillByVolumeParticipation() {
        VenueProbe v = new VenueProbe(new VenueModel(new FeeSchedule(0.0002, 0.00055, 0), 0, 0, 0, 0.25, 3, 0.005));
        v.submit("l", Side.Buy, OrderType.LIMIT, 10, 100, false, OrderPurpose.ENTRY, 0);
        v.bar(0, 101, 101, 99, 100, 20);         // 25% of 20 = 5
        v.bar(60_000, 101, 101, 99, 100, 40);    // the other 5
        assertThat(v.fills()).extracting(Fill::qtyValue).containsExactly(5.0, 5.0);
        assertThat(v.venue.position(SOL)).isEqualTo(10);
        assertThat(v.updates()).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACCEPTED,
                OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED);
        assertThat(v.updates().getLast().cumQty()).isEqualByComparingTo("10");
    }

    @Test
    void amendMovesAStopAndQueryReportsState() {
        VenueProbe v = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 0));
        v.submit("e", Side.Buy, OrderType.MARKET, 2, 0, false, OrderPurpose.ENTRY, 0);
        v.bar(0, 100, 100, 100, 100, 1);
        v.submit("s", Side.Sell, OrderType.STOP_MARKET, 2, 95, true, OrderPurpose.STOP, 60_000);
        v.venue.amend("s", SOL, new BigDecimal("99"), new BigDecimal("2"));
        assertThat(v.last(OrderUpdate.class).price()).isEqualByComparingTo("99");
        assertThat(v.last(OrderUpdate.class).reason()).isEqualTo("amended");
        v.venue.amend("nope", SOL, new BigDecimal("99"), new BigDecimal("2"));
        assertThat(v.last(RequestRejected.class).request()).isEqualTo("amend");
        v.venue.amend("s", SOL, new BigDecimal("99"), BigDecimal.ZERO);   // not above what has filled
        assertThat(v.last(RequestRejected.class).reason()).contains("not above");
        v.bar(60_000, 100, 100, 98.5, 99, 1);
        assertThat(v.fills().get(1).priceValue()).isEqualTo(99);
        v.venue.query("s", SOL);
        assertThat(v.last(OrderUpdate.class).cumQty()).isEqualByComparingTo("2");
        v.venue.amend("s", SOL, new BigDecimal("98"), new BigDecimal("2"));  // filled: no longer open
        assertThat(v.last(RequestRejected.class).reason()).contains("FILLED");
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
        VenueProbe v = new VenueProbe(m);
        v.submit("e", Side.Sell, OrderType.MARKET, 1, 0, false, OrderPurpose.ENTRY, 0);
        v.bar(0, 100, 100, 100, 100, 1);
        v.bar(60_000, 118, 125, 117, 124, 1);
        assertThat(v.fills().getLast().purpose()).isEqualTo(OrderPurpose.LIQUIDATION);
        assertThat(v.fills().getLast().priceValue()).isCloseTo(119, within(1e-9));
        assertThat(v.venue.position(SOL)).isZero();
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
