package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the simulated venue over random order and market sequences. */
class SimPropertiesTest {
    private static final long T0 = SimTestBase.T0;
    private static final String SOL = "SOLUSDT";

    /** One step: a trade at a price, or an order request. */
    record Step(int kind, int price, int qty, boolean buy, boolean reduceOnly) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(9_900, 10_100),
                Arbitraries.integers().between(1, 30), Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Step::new);
        return step.list().ofMinSize(5).ofMaxSize(40);
    }

    private static SimExchange exchange(Feeds feeds, double maxFill) {
        Settings s = new Settings(new BigDecimal("0.0002"), new BigDecimal("0.00055"), 1, maxFill, false, new BigDecimal("1000000"),
                BigDecimal.TEN, 0.0001, 1, 1);
        SimExchange ex = new SimExchange(s, new MarketClock(T0, Clock.systemUTC()), new Ids(1), List.of(SimInstrument.known(SOL)),
                MarketTape.of(List.of()));
        ex.feeds(feeds);
        return ex;
    }

    @Property(tries = 60)
    void thePositionAndTheWalletAreTheSumOfTheExecutions(@ForAll("steps") List<Step> steps, @ForAll boolean partial) {
        SimExchange ex = exchange(Feeds.NONE, partial ? 0.5 : Double.POSITIVE_INFINITY);
        long t = T0;
        ex.inject(new MarketEvent.Trade(SOL, t += 1_000, 0, 100, 10, Side.Buy));
        List<String> placed = new ArrayList<>();
        for (Step s : steps) {
            String price = BigDecimal.valueOf(s.price(), 2).toPlainString();
            String qty = BigDecimal.valueOf(s.qty(), 1).toPlainString();
            String side = s.buy() ? "Buy" : "Sell";
            try {
                switch (s.kind()) {
                    case 0, 1 -> ex.inject(new MarketEvent.Trade(SOL, t += 1_000, 0, s.price() / 100.0, s.qty() / 5.0, Side.Buy));
                    case 2 -> placed.add(ex.createOrder(Params.ofBody("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"" + side
                            + "\",\"orderType\":\"Market\",\"qty\":\"" + qty + "\",\"reduceOnly\":" + s.reduceOnly() + "}")).orderId);
                    case 3 -> placed.add(ex.createOrder(Params.ofBody("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"" + side
                            + "\",\"orderType\":\"Limit\",\"price\":\"" + price + "\",\"qty\":\"" + qty + "\",\"reduceOnly\":" + s.reduceOnly() + "}")).orderId);
                    case 4 -> placed.add(ex.createOrder(Params.ofBody("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"side\":\"" + side
                            + "\",\"orderType\":\"Market\",\"qty\":\"" + qty + "\",\"reduceOnly\":true,\"triggerPrice\":\"" + price
                            + "\",\"triggerDirection\":" + (s.price() > 10_000 ? 1 : 2) + "}")).orderId);
                    default -> {
                        if (!placed.isEmpty()) {
                            ex.cancelOrder(Params.ofBody("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"orderId\":\""
                                    + placed.get(s.qty() % placed.size()) + "\"}"));
                        }
                    }
                }
            } catch (BybitError refused) {
                assertThat(refused.retCode).isIn(10001, 110001, 110017, 110092, 110093, 110094, 110007);
            }
        }
        BigDecimal size = BigDecimal.ZERO;
        BigDecimal balance = new BigDecimal("1000000");
        Set<String> ids = new HashSet<>();
        Map<String, BigDecimal> perOrder = new HashMap<>();
        for (Execution e : ex.executions()) {
            assertThat(ids.add(e.execId())).isTrue();
            if (e.isTrade()) {
                BigDecimal signed = e.side() == Side.Buy ? e.execQty() : e.execQty().negate();
                SimOrder o = ex.orderById(e.orderId());
                if (o.reduceOnly) {
                    assertThat(size.add(signed).abs()).as("reduce-only never increases").isLessThan(size.abs());
                    assertThat(size.signum() * size.add(signed).signum()).as("nor flips").isGreaterThanOrEqualTo(0);
                }
                size = size.add(signed);
                balance = balance.add(e.execPnl()).subtract(e.execFee());
                perOrder.merge(e.orderId(), e.execQty(), BigDecimal::add);
            } else {
                balance = balance.subtract(e.execFee());
            }
        }
        assertThat(ex.positionOrFlat(SOL).signed()).isEqualByComparingTo(size);
        assertThat(ex.wallet().walletBalance()).isEqualByComparingTo(balance);
        for (SimOrder o : ex.allOrders()) {
            assertThat(o.cumExecQty).isEqualByComparingTo(perOrder.getOrDefault(o.orderId, BigDecimal.ZERO));
            assertThat(o.cumExecQty).isLessThanOrEqualTo(o.qty);
            if ("Filled".equals(o.status)) {
                assertThat(o.cumExecQty).isEqualByComparingTo(o.qty);
            }
        }
    }

    /** Captures published order-book messages. */
    static final class BookFeed implements Feeds {
        final List<ObjectNode> messages = new ArrayList<>();

        @Override
        public boolean wants(String topic) {
            return topic.equals("orderbook.50.SOLUSDT");
        }

        @Override
        public void publish(String topic, ObjectNode message) {
            messages.add(message);
        }

        @Override
        public void publishPrivate(String topic, ArrayNode data, long creationTime) {
        }

        @Override
        public void timePassed(long now) {
        }
    }

    @Provide
    Arbitrary<List<MarketEvent.Book>> books() {
        Arbitrary<double[]> level = Combinators.combine(Arbitraries.integers().between(1, 15), Arbitraries.integers().between(0, 5))
                .as((p, q) -> new double[] {p, q});
        Arbitrary<MarketEvent.Book> book = Combinators.combine(Arbitraries.of(true, false, false, false),
                level.list().ofMaxSize(6), level.list().ofMaxSize(6)).as((snap, bids, asks) -> new MarketEvent.Book(SOL, 0, 0, snap,
                bids.stream().map(l -> new double[] {100 - l[0] / 100, l[1]}).toArray(double[][]::new),
                asks.stream().map(l -> new double[] {100 + l[0] / 100, l[1]}).toArray(double[][]::new)));
        return book.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 100)
    void aClientReplayingSnapshotAndDeltasHasTheSimulatorsBookAndSeesNoGap(@ForAll("books") List<MarketEvent.Book> books) {
        BookFeed feed = new BookFeed();
        SimExchange ex = exchange(feed, Double.POSITIVE_INFINITY);
        long t = T0;
        ex.inject(new MarketEvent.Book(SOL, t, 0, true, new double[][] {{99.5, 1}}, new double[][] {{100.5, 1}}));
        ObjectNode snapshot = ex.snapshotFor("orderbook.50.SOLUSDT");
        Map<String, TreeMap<String, String>> client = Map.of("b", new TreeMap<>(), "a", new TreeMap<>());
        apply(client, snapshot);
        long u = snapshot.path("data").path("u").asLong();
        feed.messages.clear();
        for (MarketEvent.Book b : books) {
            ex.inject(new MarketEvent.Book(SOL, t += 1_000, 0, b.snapshot(), b.bids(), b.asks()));
        }
        for (ObjectNode m : feed.messages) {
            assertThat(m.path("type").asText()).isEqualTo("delta");
            assertThat(m.path("data").path("u").asLong()).isEqualTo(++u);
            apply(client, m);
        }
        ObjectNode now = ex.snapshotFor("orderbook.50.SOLUSDT");
        Map<String, TreeMap<String, String>> server = Map.of("b", new TreeMap<>(), "a", new TreeMap<>());
        if (now != null) {
            apply(server, now);
        }
        assertThat(client).isEqualTo(server);
    }

    private static void apply(Map<String, TreeMap<String, String>> book, JsonNode message) {
        for (String side : new String[] {"b", "a"}) {
            for (JsonNode l : message.path("data").path(side)) {
                if (new BigDecimal(l.get(1).asText()).signum() == 0) {
                    book.get(side).remove(l.get(0).asText());
                } else {
                    book.get(side).put(l.get(0).asText(), l.get(1).asText());
                }
            }
        }
    }
}
