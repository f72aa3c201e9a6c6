package kairos.engine.execution;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingVenueTest {
    /** Writes down every call it gets. */
    static final class Recording implements ExecutionVenue {
        final List<String> calls = new ArrayList<>();

        @Override
        public void submit(OrderIntent intent) {
            calls.add("submit " + intent.linkId());
        }

        @Override
        public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
            calls.add("amend " + linkId + " " + symbol + " " + price + " " + qty);
        }

        @Override
        public void cancel(String linkId, String symbol) {
            calls.add("cancel " + linkId + " " + symbol);
        }

        @Override
        public void cancelAll(String symbol) {
            calls.add("cancelAll " + symbol);
        }

        @Override
        public void query(String linkId, String symbol) {
            calls.add("query " + linkId + " " + symbol);
        }

        @Override
        public void reconcile(long executionsSince) {
            calls.add("reconcile " + executionsSince);
        }
    }

    @Test
    void passesEveryCallOnUnchangedAndInOrderAroundWhatAnObserverOverrides() {
        Recording venue = new Recording();
        List<String> seen = new ArrayList<>();
        ExecutionVenue observer = new ForwardingVenue(venue) {
            @Override
            public void submit(OrderIntent intent) {
                seen.add(intent.symbol());
                super.submit(intent);
            }
        };
        observer.submit(new OrderIntent("L1", "SOLUSDT", Side.Buy, OrderType.LIMIT, 1.5, 100, false,
                OrderPurpose.ENTRY, "entry", 0));
        observer.amend("L1", "SOLUSDT", new BigDecimal("101.5"), new BigDecimal("2"));
        observer.cancel("L1", "SOLUSDT");
        observer.cancelAll("SOLUSDT");
        observer.query("L2", "ETHUSDT");
        observer.reconcile(42);
        assertThat(venue.calls).containsExactly("submit L1", "amend L1 SOLUSDT 101.5 2", "cancel L1 SOLUSDT",
                "cancelAll SOLUSDT", "query L2 ETHUSDT", "reconcile 42");
        assertThat(seen).containsExactly("SOLUSDT");
    }
}
