package kairos.engine.cep;

import kairos.engine.cep.events.BookLevelChange;
import kairos.engine.cep.events.BookTop;
import kairos.engine.cep.events.OrderBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OrderBookTest {
    final List<String> changes = new ArrayList<>();

    void record(BookLevelChange c) {
        changes.add(c.getSide() + " " + c.getPrice() + " " + c.getOldQty() + "->" + c.getNewQty());
    }

    @Test
    void snapshotsReplaceDeltasMergeAndTheTopIsCutToDepth() {
        OrderBook book = new OrderBook("SOLUSDT", 2);
        BookTop top = book.apply(1, 2, true, new double[][] {{100, 1}, {99, 2}, {98, 3}}, new double[][] {{101, 4}, {102, 0}}, this::record);
        assertThat(changes).containsExactly("Bid 100.0 0.0->1.0", "Bid 99.0 0.0->2.0", "Bid 98.0 0.0->3.0", "Ask 101.0 0.0->4.0");
        assertThat(top.getBidPrices()).containsExactly(100, 99);
        assertThat(top.getAskQtys()).containsExactly(4);
        assertThat(top.isSnapshot()).isTrue();
        assertThat(top.getLatency()).isEqualTo(1);
        assertThat(top.bidDepth(5)).isEqualTo(3);
        assertThat(top.askDepth(1)).isEqualTo(4);
        assertThat(top.imbalance(1)).isCloseTo(-0.6, within(1e-12));
        assertThat(top.getImbalance()).isCloseTo(-1 / 7.0, within(1e-12));
        assertThat(top.getSpread()).isEqualTo(1);
        assertThat(top.getSpreadBps()).isCloseTo(1 / 100.5 * 10_000, within(1e-9));
        changes.clear();

        top = book.apply(3, 0, false, new double[][] {{100, 0}, {99, 2}, {99.5, 5}}, new double[0][], this::record);
        assertThat(changes).containsExactly("Bid 100.0 1.0->0.0", "Bid 99.5 0.0->5.0");
        assertThat(top.getBestBid()).isEqualTo(99.5);
        assertThat(top.getLatency()).isEqualTo(-1);
        changes.clear();

        top = book.apply(4, 0, true, new double[][] {{99.5, 1}}, new double[0][], this::record);
        assertThat(changes).containsExactly("Bid 99.0 2.0->0.0", "Bid 98.0 3.0->0.0", "Bid 99.5 5.0->1.0", "Ask 101.0 4.0->0.0");
        assertThat(top.getBestAsk()).isNaN();
        assertThat(top.getSpreadBps()).isNaN();
        assertThat(new OrderBook("X", 1).apply(0, 0, true, new double[0][], new double[0][], c -> { }).getImbalance()).isZero();
        assertThatThrownBy(() -> new OrderBook("X", 0)).hasMessageContaining(">= 1");
    }
}
