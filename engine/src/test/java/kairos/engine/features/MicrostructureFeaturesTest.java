package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.micro.BookSnapshot;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.TradeTick;

/** Order flow, book and liquidation columns from hand-made synthetic streams with hand-computed expectations. */
class MicrostructureFeaturesTest {
    static final long T = Synthetic.T0;
    static final String[] MICRO = {"delta", "cvd", "trade_count", "fp_imbalance_3", "fp_poc", "large_buy_count_50k",
            "large_sell_count_50k", "large_net_usd_50k", "large_share_50k", "book_imb_5", "book_imb_10", "book_imb_20",
            "book_large_imb_20_50k", "spread_bps", "liq_long_usd", "liq_short_usd", "liq_rate_5", "liq_long_share_60", "liq_cluster_price_60",
            "liq_cluster_dist_60"};

    static FeatureEngine engine() {
        return new FeatureEngine(new FeatureConfig(Timeframe.M1, List.of(), "BTCUSDT", "ETHUSDT", 8));
    }

    static BookSnapshot book(long ts, double[] bids, double[] asks) {
        double[] bp = new double[bids.length];
        double[] ap = new double[asks.length];
        for (int i = 0; i < bids.length; i++) {
            bp[i] = 100 - 0.01 * (i + 1);
        }
        for (int i = 0; i < asks.length; i++) {
            ap[i] = 100 + 0.01 * (i + 1);
        }
        return new BookSnapshot("SOLUSDT", ts, bp, bids, ap, asks);
    }

    @Test
    void candleOnlyRunsLeaveEveryMicroColumnNaN() {
        FeatureEngine e = engine();
        for (int i = 0; i < 10; i++) {
            e.onBar(new Bar(T + i * 60_000L, 100, 101, 99, 100, 5));
        }
        for (String n : MICRO) {
            assertTrue(Double.isNaN(e.value(n)), n + " must be absent without streams");
        }
        e.declareLiquidationStreamLive();
        e.onBar(new Bar(T + 10 * 60_000L, 100, 101, 99, 100, 5));
        assertEquals(0, e.value("liq_long_usd"));
        assertEquals(0, e.value("liq_rate_5"));
        assertTrue(Double.isNaN(e.value("liq_long_share_60")), "no liquidations: ratio undefined");
        assertTrue(Double.isNaN(e.value("delta")), "trades still absent");
    }

    @Test
    void orderFlowFootprintLargeOrdersBookAndLiquidations() {
        FeatureEngine e = engine();
        e.onTrade(new TradeTick("SOLUSDT", T + 1_000, 0, 100, 2, "Buy"));
        e.onTrade(new TradeTick("SOLUSDT", T + 2_000, 0, 100.05, 1, "Sell"));
        e.onTrade(new TradeTick("SOLUSDT", T + 3_000, 0, 100, 600, "Buy"));
        e.onTrade(new TradeTick("SOLUSDT", T + 4_000, 0, 100.25, 3, "Sell"));
        e.onBook(book(T + 30_000, new double[] {5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 10}, new double[] {1, 1, 1, 1, 1, 3, 3, 3, 3, 3}));
        e.onLiquidation(new Liquidation("SOLUSDT", T + 10_000, 0, 99, 10, "Buy"));
        e.onLiquidation(new Liquidation("SOLUSDT", T + 20_000, 0, 101, 5, "Sell"));
        e.onTrade(new TradeTick("SOLUSDT", T + 60_000, 0, 100.1, 5, "Buy"));
        e.onBook(book(T + 70_000, new double[] {1}, new double[] {1}));
        e.onBar(new Bar(T, 100, 100.3, 99.9, 100.1, 606));

        assertEquals(598, e.value("delta"), 1e-12);
        assertEquals(598, e.value("cvd"), 1e-12);
        assertEquals(4, e.value("trade_count"));
        assertEquals(0, e.value("fp_imbalance_3"), 1e-12, "one buy-imbalanced level (100.0), one sell-imbalanced (100.2)");
        assertEquals(100.05, e.value("fp_poc"), 1e-9, "level [100.0, 100.1) holds 603");
        assertEquals(1, e.value("large_buy_count_50k"));
        assertEquals(0, e.value("large_sell_count_50k"));
        assertEquals(60_000, e.value("large_net_usd_50k"), 1e-9);
        assertEquals(60_000 / (200 + 100.05 + 60_000 + 300.75), e.value("large_share_50k"), 1e-12);
        assertEquals((15 - 5) / 20.0, e.value("book_imb_5"), 1e-12);
        assertEquals((20 - 20) / 40.0, e.value("book_imb_10"), 1e-12);
        assertEquals((30 - 20) / 50.0, e.value("book_imb_20"), 1e-12);
        assertEquals(0.02 / 100 * 10_000, e.value("spread_bps"), 1e-9);
        assertTrue(Double.isNaN(e.value("book_large_imb_20_50k")), "no level holds 50,000");
        assertEquals(990, e.value("liq_long_usd"), 1e-9);
        assertEquals(505, e.value("liq_short_usd"), 1e-9);
        assertTrue(Double.isNaN(e.value("liq_rate_5")), "needs 5 bars");
        assertEquals(990 / 1495.0, e.value("liq_long_share_60"), 1e-12);
        double width = 100.1 * 0.0025;
        assertTrue(Math.abs(e.value("liq_cluster_price_60") - 99) <= width / 2, "cluster at the long liquidations near 99");
        assertEquals((e.value("liq_cluster_price_60") - 100.1) / 100.1 * 100, e.value("liq_cluster_dist_60"), 1e-12);

        e.onBar(new Bar(T + 60_000, 100.1, 100.2, 100, 100.1, 5));
        assertEquals(5, e.value("delta"), "only the trade of the second minute");
        assertEquals(603, e.value("cvd"));
        assertEquals(1, e.value("fp_imbalance_3"));
        assertEquals(0, e.value("large_buy_count_50k"));
        assertEquals(0, e.value("book_imb_5"), "the 00:01:10 snapshot");
        assertEquals(0, e.value("liq_long_usd"));
        for (int i = 2; i < 5; i++) {
            e.onBar(new Bar(T + i * 60_000L, 100, 100.2, 100, 100.1, 5));
        }
        assertEquals(1495 / 5.0, e.value("liq_rate_5"), 1e-9, "per minute over 5 one-minute bars");
        assertEquals(0, e.value("trade_count"));
        assertEquals(0, e.value("delta"));
        assertTrue(Double.isNaN(e.value("fp_poc")), "no trades in the bar");
        assertTrue(Double.isNaN(e.value("large_share_50k")));
        for (int i = 5; i < 62; i++) {
            e.onBar(new Bar(T + i * 60_000L, 100, 100.2, 100, 100.1, 5));
        }
        assertTrue(Double.isNaN(e.value("liq_long_share_60")), "the liquidations left the 60-bar window");
        assertTrue(Double.isNaN(e.value("liq_cluster_price_60")));
    }

    @Test
    void cvdResetsAtUtcMidnight() {
        FeatureEngine e = engine();
        long late = T + 86_400_000L - 60_000L;
        e.onTrade(new TradeTick("SOLUSDT", late + 1, 0, 100, 4, "Buy"));
        e.onBar(new Bar(late, 100, 100, 100, 100, 4));
        assertEquals(4, e.value("cvd"));
        e.onTrade(new TradeTick("SOLUSDT", late + 60_001, 0, 100, 1, "Sell"));
        e.onBar(new Bar(late + 60_000, 100, 100, 100, 100, 1));
        assertEquals(-1, e.value("cvd"));
    }

    @Test
    void streamEventsAndBookHelpers() {
        TradeTick t = new TradeTick("SOLUSDT", 5, 0, 100, 2, "Sell");
        assertEquals("SOLUSDT", t.getSymbol());
        assertEquals(200, t.getNotional());
        assertEquals(-2, t.getDelta());
        Liquidation l = new Liquidation("SOLUSDT", 6, 9, 50, 3, "Buy");
        assertEquals(150, l.getNotional());
        assertEquals(6, l.getTs());
        assertEquals(3, l.getLatency());
        assertTrue(l.isLongLiquidated());
        BookSnapshot empty = new BookSnapshot("SOLUSDT", 7, new double[0], new double[0], new double[0], new double[0]);
        assertTrue(Double.isNaN(empty.imbalance(5)));
        assertTrue(Double.isNaN(empty.spreadBps()));
        BookSnapshot b = new BookSnapshot("SOLUSDT", 7, new double[] {99}, new double[] {3}, new double[] {101},
                new double[] {1});
        assertEquals(0.5, b.imbalance(5));
        assertEquals(200, b.spreadBps(), 1e-9);
        assertEquals("SOLUSDT", b.getSymbol());
        assertEquals(7, b.getTs());
        assertEquals(99, b.getBidPrices()[0]);
        assertEquals(3, b.getBidSizes()[0]);
        assertEquals(101, b.getAskPrices()[0]);
        assertEquals(1, b.getAskSizes()[0]);
        assertTrue(Double.isNaN(b.largeImbalance(20, 50_000)));
        BookSnapshot largeBid = new BookSnapshot("SOLUSDT", 8, 0, new double[] {99}, new double[] {600}, new double[] {101},
                new double[] {200});
        assertEquals((59_400 - 0) / 59_400.0, largeBid.largeImbalance(20, 50_000), 1e-12, "only the bid level is large");
        BookSnapshot both = new BookSnapshot("SOLUSDT", 9, new double[] {99}, new double[] {600}, new double[] {101},
                new double[] {1000});
        assertEquals((59_400 - 101_000) / 160_400.0, both.largeImbalance(20, 50_000), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new BookSnapshot("X", 1, new double[] {1}, new double[0], new double[0], new double[0]));
    }
}
