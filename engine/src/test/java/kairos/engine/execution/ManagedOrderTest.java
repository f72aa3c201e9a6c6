package kairos.engine.execution;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every transition of the order state machine, including duplicated and reordered venue messages. */
class ManagedOrderTest {
    static ManagedOrder order(double qty) {
        return new ManagedOrder(new OrderIntent("L1", "SOLUSDT", Side.Buy, OrderType.LIMIT, qty, 100, false,
                OrderPurpose.ENTRY, "entry", 0));
    }

    static OrderUpdate update(OrderStatus status, double cum) {
        return new OrderUpdate("L1", "SOLUSDT", status, cum, status.name().toLowerCase(), 1);
    }

    static Fill fill(String exec, double qty, double price) {
        return new Fill(exec, "L1", "SOLUSDT", Side.Buy, qty, price, 0.01, true, 2, OrderPurpose.ENTRY, "entry");
    }

    @Test
    void newAcceptedPartiallyFilledFilled() {
        ManagedOrder o = order(2);
        assertThat(o.status()).isEqualTo(OrderStatus.NEW);
        assertThat(o.apply(update(OrderStatus.ACCEPTED, 0))).isTrue();
        assertThat(o.apply(fill("x1", 0.5, 100))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(o.apply(fill("x2", 1.5, 102))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.filledQty()).isEqualByComparingTo("2");
        assertThat(o.avgFillPrice()).isCloseTo((0.5 * 100 + 1.5 * 102) / 2, within(1e-12));
        assertThat(o.fees()).isCloseTo(0.02, within(1e-12));
        assertThat(o.remainingQty()).isZero();
        assertThat(o.isDone()).isTrue();
        assertThat(o.isOpen()).isFalse();
    }

    @Test
    void duplicateFillsCountOnceAndStaleUpdatesAreIgnored() {
        ManagedOrder o = order(2);
        o.apply(fill("x1", 1, 100));                      // fill before the acknowledgement
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(o.apply(fill("x1", 1, 100))).isFalse(); // duplicate execId
        assertThat(o.filledQty()).isEqualByComparingTo("1");
        assertThat(o.apply(update(OrderStatus.ACCEPTED, 0))).isFalse(); // late ack: stale
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(o.apply(update(OrderStatus.PARTIALLY_FILLED, 1))).isFalse(); // same status again
        assertThat(o.apply(update(OrderStatus.FILLED, 2))).isTrue();  // venue reports full before the last fill
        assertThat(o.venueCumQty()).isEqualByComparingTo("2");
        assertThat(o.isReconciled()).isFalse();                       // an execution is still on its way
        assertThat(o.isDone()).isFalse();
        assertThat(o.apply(update(OrderStatus.PARTIALLY_FILLED, 1))).isFalse(); // out of order, after terminal
        assertThat(o.apply(fill("x2", 1, 101))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.filledQty()).isEqualByComparingTo("2");
        assertThat(o.isDone()).isTrue();
    }

    @Test
    void partialFillThenCancelKeepsTheFilledPartAndLateFillsStillCount() {
        ManagedOrder o = order(3);
        o.apply(update(OrderStatus.ACCEPTED, 0));
        o.apply(fill("x1", 1, 100));
        assertThat(o.apply(update(OrderStatus.CANCELLED, 1))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.statusReason()).isEqualTo("cancelled");
        assertThat(o.apply(fill("x2", 0.5, 100))).isTrue(); // raced the cancel
        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.filledQty()).isEqualByComparingTo("1.5");
        assertThat(o.apply(update(OrderStatus.FILLED, 3))).isFalse();
    }

    @Test
    void rejectedAndExpiredAreTerminal() {
        ManagedOrder r = order(1);
        assertThat(r.apply(update(OrderStatus.REJECTED, 0))).isTrue();
        assertThat(r.apply(update(OrderStatus.ACCEPTED, 0))).isFalse();
        assertThat(r.status()).isEqualTo(OrderStatus.REJECTED);
        ManagedOrder e = order(1);
        e.apply(update(OrderStatus.ACCEPTED, 0));
        assertThat(e.apply(update(OrderStatus.EXPIRED, 0))).isTrue();
        assertThat(e.isOpen()).isFalse();
        assertThat(Double.isNaN(e.avgFillPrice())).isTrue();
    }

    @Test
    void unknownOnlyFromNewAndResolvedByAnyVenueAnswer() {
        ManagedOrder o = order(1);
        assertThat(o.apply(update(OrderStatus.UNKNOWN, 0))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.UNKNOWN);
        assertThat(o.isOpen()).isTrue();
        assertThat(o.apply(update(OrderStatus.ACCEPTED, 0))).isTrue(); // query answer
        assertThat(o.apply(update(OrderStatus.UNKNOWN, 0))).isFalse(); // an acknowledged order is never unknown
        ManagedOrder p = order(1);
        p.apply(update(OrderStatus.UNKNOWN, 0));
        assertThat(p.apply(update(OrderStatus.FILLED, 1))).isTrue();
        assertThat(p.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void anAmendTakesEffectWhenTheVenueConfirmsItAndOlderReportsNeverUndoIt() {
        ManagedOrder o = order(2);
        o.apply(update(OrderStatus.ACCEPTED, 0));
        o.amendRequested(new java.math.BigDecimal("99"), new java.math.BigDecimal("2"), 5_000);
        o.relabel("trailing");
        o.countReprice();
        assertThat(o.intent().priceValue()).isEqualTo(100);            // not confirmed yet
        assertThat(o.targetPrice()).isEqualTo(99);
        assertThat(o.amendPending()).isTrue();
        OrderUpdate confirmed = new OrderUpdate("L1", "SOLUSDT", OrderStatus.ACCEPTED, new java.math.BigDecimal("99"),
                new java.math.BigDecimal("2"), java.math.BigDecimal.ZERO, "amended", 5_100, 7);
        OrderUpdate older = new OrderUpdate("L1", "SOLUSDT", OrderStatus.ACCEPTED, new java.math.BigDecimal("100"),
                new java.math.BigDecimal("2"), java.math.BigDecimal.ZERO, "", 1, 3);
        o.apply(confirmed);
        o.apply(older);                                                 // reordered: arrives after the newer one
        assertThat(o.intent().priceValue()).isEqualTo(99);
        assertThat(o.amendPending()).isFalse();
        assertThat(o.intent().reason()).isEqualTo("trailing");
        assertThat(o.linkId()).isEqualTo("L1");
        assertThat(o.pricedAt()).isEqualTo(5_000);
        assertThat(o.sentAt()).isZero();
        assertThat(o.reprices()).isEqualTo(1);
        assertThat(o.toString()).contains("L1", "ACCEPTED");
        o.amendRequested(new java.math.BigDecimal("98"), new java.math.BigDecimal("2"), 6_000);
        o.amendRefused();
        assertThat(o.amendPending()).isFalse();
        assertThat(o.targetPrice()).isEqualTo(99);
    }

    @Test
    void theJournaledStateRestoresTheSameOrder() {
        ManagedOrder o = order(3);
        o.apply(update(OrderStatus.ACCEPTED, 0));
        o.apply(fill("x1", 1, 100));
        o.apply(update(OrderStatus.PARTIALLY_FILLED, 2));
        String json = StateJson.write(o.state());
        ManagedOrder back = ManagedOrder.restore(StateJson.read(json, ManagedOrder.State.class));
        assertThat(back.state()).isEqualTo(o.state());
        assertThat(back.hasExecution("x1")).isTrue();
        assertThat(back.apply(fill("x1", 1, 100))).isFalse();
        assertThat(back.isReconciled()).isFalse();
        assertThat(StateJson.write(back.state())).isEqualTo(json);
    }
}
