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
        assertThat(o.filledQty()).isEqualTo(2);
        assertThat(o.avgFillPrice()).isCloseTo((0.5 * 100 + 1.5 * 102) / 2, within(1e-12));
        assertThat(o.fees()).isCloseTo(0.02, within(1e-12));
        assertThat(o.remainingQty()).isZero();
        assertThat(o.isOpen()).isFalse();
    }

    @Test
    void duplicateFillsCountOnceAndStaleUpdatesAreIgnored() {
        ManagedOrder o = order(2);
        o.apply(fill("x1", 1, 100));                      // fill before the acknowledgement
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(o.apply(fill("x1", 1, 100))).isFalse(); // duplicate execId
        assertThat(o.filledQty()).isEqualTo(1);
        assertThat(o.apply(update(OrderStatus.ACCEPTED, 0))).isFalse(); // late ack: stale
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(o.apply(update(OrderStatus.PARTIALLY_FILLED, 1))).isFalse(); // same status again
        assertThat(o.apply(update(OrderStatus.FILLED, 2))).isTrue();  // venue reports full before the last fill
        assertThat(o.venueCumQty()).isEqualTo(2);
        assertThat(o.apply(update(OrderStatus.PARTIALLY_FILLED, 1))).isFalse(); // out of order, after terminal
        assertThat(o.apply(fill("x2", 1, 101))).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.filledQty()).isEqualTo(2);
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
        assertThat(o.filledQty()).isEqualTo(1.5);
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
    void amendAndRelabelKeepTheLinkId() {
        ManagedOrder o = order(2);
        o.amend(99, 2, 5_000);
        o.relabel("trailing");
        o.countReprice();
        assertThat(o.intent().price()).isEqualTo(99);
        assertThat(o.intent().reason()).isEqualTo("trailing");
        assertThat(o.linkId()).isEqualTo("L1");
        assertThat(o.pricedAt()).isEqualTo(5_000);
        assertThat(o.sentAt()).isZero();
        assertThat(o.reprices()).isEqualTo(1);
        assertThat(o.toString()).contains("L1", "NEW");
    }
}
