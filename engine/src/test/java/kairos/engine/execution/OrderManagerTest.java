package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Entries, every exit type and the unknown-outcome path, driven through the simulated venue bar by bar. */
class OrderManagerTest {
    static final String SOL = "SOLUSDT";
    static final Instrument INSTRUMENT = new Instrument(SOL, new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));
    static final double MAKER = 0.0002;
    static final double TAKER = 0.00055;

    Portfolio portfolio = new Portfolio(10_000, 3);
    OrderManager om;
    SimulatedVenue venue;

    void setUp(ExecutionPolicy policy, VenueModel model) {
        om = new OrderManager(Map.of(SOL, INSTRUMENT), portfolio, policy);
        venue = new SimulatedVenue(model, 60_000, om);
        om.connect(venue);
    }

    void setUp() {
        setUp(ExecutionPolicy.DEFAULT, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
    }

    /** One feed bar [t, t+60s) with ample volume, matched by the venue, then the manager's bar step. */
    Bar bar(long minute, double o, double h, double l, double c) {
        return bar(minute, o, h, l, c, 1e6);
    }

    Bar bar(long minute, double o, double h, double l, double c, double volume) {
        Bar b = new Bar(minute * 60_000, o, h, l, c, volume);
        venue.onMarketBar(SOL, b);
        portfolio.mark(SOL, c);
        om.onBar(SOL, b, b.openTime() + 60_000);
        return b;
    }

    EntryRequest entry(Side side, boolean limit, double ref, double qty, double stop, double atr, long time) {
        return new EntryRequest(SOL, side, limit, ref, qty, stop, atr, Double.NaN, null, "momentum_burst",
                "Momentum burst", time);
    }

    @Test
    void longLadderBreakevenAndTrailingRunner() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        assertThat(om.isActive(SOL)).isTrue();
        bar(0, 100, 100.5, 99.5, 100.2);                      // market entry at the open, no slippage
        assertThat(portfolio.position(SOL).qty()).isEqualTo(10);
        assertThat(om.stopPrice(SOL)).isEqualTo(98);
        assertThat(om.targets(SOL)).extracting(o -> o.intent().price()).containsExactly(101.0, 101.5, 102.5);
        assertThat(om.targets(SOL)).extracting(o -> o.intent().qty()).containsExactly(4.0, 3.0, 2.0);
        bar(1, 100.2, 101.2, 100.1, 101.1);                   // through TP1
        assertThat(portfolio.position(SOL).qty()).isCloseTo(6, within(1e-9));
        assertThat(om.stopPrice(SOL)).isEqualTo(100);          // breakeven
        bar(2, 101.1, 101.6, 101, 101.5);                     // TP2
        bar(3, 101.5, 103, 101.4, 102.9);                     // TP3
        assertThat(portfolio.position(SOL).qty()).isCloseTo(1, within(1e-9));
        om.onStrategyBar(SOL, new Bar(0, 100, 104, 103, 103.5, 1), 300_000);
        assertThat(om.stopPrice(SOL)).isEqualTo(103);          // tightest of SAR (103) and 70% of 4 (102.8)
        bar(5, 103.5, 103.6, 102.5, 102.6);                    // trailing stop hit at 103
        assertThat(portfolio.openPositions()).isEmpty();
        TradeRecord t = portfolio.closedTrades().getFirst();
        double exitNotional = 4 * 101 + 3 * 101.5 + 2 * 102.5 + 103;
        assertThat(t.exitReason()).isEqualTo("trailing");
        assertThat(t.qty()).isEqualTo(10);
        assertThat(t.exitPrice()).isCloseTo(exitNotional / 10, within(1e-9));
        assertThat(t.grossPnl()).isCloseTo(exitNotional - 1000, within(1e-9));
        double fees = 1000 * TAKER + (404 + 304.5 + 205) * MAKER + 103 * TAKER;
        assertThat(t.fees()).isCloseTo(fees, within(1e-9));
        assertThat(t.initialRisk()).isCloseTo(20, within(1e-9));
        assertThat(t.rMultiple()).isCloseTo((exitNotional - 1000 - fees) / 20, within(1e-9));
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(portfolio.equity()).isCloseTo(10_000 + t.netPnl(), within(1e-9));
    }

    @Test
    void shortStopLossMirrored() {
        setUp();
        om.submitEntry(entry(Side.Sell, false, 100, 10, 102, 1, 0));
        bar(0, 100, 100.4, 99.6, 100);
        assertThat(om.targets(SOL)).extracting(o -> o.intent().price()).containsExactly(99.0, 98.5, 97.5);
        bar(1, 100, 102.5, 99.8, 102.2);                       // stop at 102
        TradeRecord t = portfolio.closedTrades().getFirst();
        assertThat(t.side()).isEqualTo(Side.Sell);
        assertThat(t.exitReason()).isEqualTo("stop");
        assertThat(t.grossPnl()).isCloseTo(-20, within(1e-9));
        assertThat(t.fees()).isCloseTo(1000 * TAKER + 1020 * TAKER, within(1e-9));
        assertThat(t.netPnl()).isCloseTo(-20 - 1000 * TAKER - 1020 * TAKER, within(1e-9));
        assertThat(venue.openOrders(SOL)).isEmpty();
    }

    @Test
    void stopBeforeTargetInOneBarAndTimeStopAndRuleExits() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        bar(0, 100, 100, 100, 100);
        bar(1, 100, 101.5, 97, 100);                            // both TP1 and the stop: the stop counts first
        assertThat(portfolio.closedTrades().getFirst().exitReason()).isEqualTo("stop");

        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 120_000));
        bar(2, 100, 100.5, 99.5, 100);
        om.onStrategyBar(SOL, new Bar(0, 100, 100.5, 99.5, 100, 1), 120_000 + 119 * 60_000);
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(portfolio.position(SOL)).isNotNull();       // 119 minutes: still open
        om.onStrategyBar(SOL, new Bar(0, 100, 100.5, 99.5, 100, 1), 120_000 + 120 * 60_000);
        bar(123, 100.3, 100.5, 99.5, 100);
        assertThat(portfolio.closedTrades().get(1).exitReason()).isEqualTo("time_stop");
        assertThat(portfolio.closedTrades().get(1).exitPrice()).isEqualTo(100.3);

        om.submitEntry(entry(Side.Sell, false, 100, 5, 102, 1, 124 * 60_000));
        bar(124, 100, 100.5, 99.5, 100);
        String exit = om.submitExit(SOL, "funding", 125 * 60_000);
        assertThat(om.submitExit(SOL, "funding", 125 * 60_000)).isEqualTo(exit); // one exit at a time
        bar(125, 99, 99.5, 98.8, 99);
        assertThat(portfolio.closedTrades().get(2).exitReason()).isEqualTo("funding");
        assertThat(portfolio.closedTrades().get(2).grossPnl()).isCloseTo(5, within(1e-9));
        assertThat(om.submitExit(SOL, "funding", 126 * 60_000)).isNull();
    }

    @Test
    void limitEntryWithOffsetFillsAsMaker() {
        setUp();
        om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        assertThat(venue.openOrders(SOL).getFirst().price()).isEqualTo(99.95); // 0.05% inside
        bar(0, 100, 100.2, 99.9, 100);
        assertThat(portfolio.position(SOL).avgEntry()).isEqualTo(99.95);
        assertThat(portfolio.feesPaid()).isCloseTo(999.5 * MAKER, within(1e-9));
    }

    @Test
    void unfilledLimitIsRepricedThenCancelled() {
        setUp();
        String link = om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        bar(0, 100.1, 100.5, 100, 100.4);                      // not through 99.95; 30 s passed: re-price
        assertThat(venue.openOrders(SOL).getFirst().price()).isEqualTo(100.34); // 100.4 less 0.05%, floored
        assertThat(om.order(link).reprices()).isEqualTo(1);
        bar(1, 100.5, 100.8, 100.4, 100.6);                    // still not filled: cancelled
        assertThat(om.order(link)).isNull();                   // forgotten once the entry failed
        assertThat(om.isActive(SOL)).isFalse();
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(portfolio.openPositions()).isEmpty();
    }

    @Test
    void partialFillAboveTheMinimumIsAcceptedAndProtected() {
        setUp(ExecutionPolicy.DEFAULT, new VenueModel(new FeeSchedule(MAKER, TAKER, 0), 0, 0, 0, 0.1, 3, 0.005));
        om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        bar(0, 100, 100.2, 99.9, 100, 60);                     // 10% of 60 = 6 filled
        assertThat(portfolio.position(SOL).qty()).isCloseTo(6, within(1e-9));
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(om.targets(SOL)).extracting(o -> o.intent().qty()).containsExactly(2.4, 1.8, 1.2);
        assertThat(venue.openOrders(SOL)).filteredOn(o -> o.type() == OrderType.STOP_MARKET)
                .extracting(OrderIntent::qty).containsExactly(6.0);
    }

    @Test
    void partialFillBelowTheMinimumIsClosed() {
        ExecutionPolicy noReprice = new ExecutionPolicy(0.0005, 30_000, 0.5, 0, 0.001, 250_000, 20_000,
                TakeProfitLadder.DEFAULT, true, true, true, 0.7, true, 2, 120, 10_000);
        setUp(noReprice, new VenueModel(new FeeSchedule(MAKER, TAKER, 0), 0, 0, 0, 0.1, 3, 0.005));
        om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        bar(0, 100, 100.2, 99.9, 100, 30);                     // 3 of 10 filled, then the timeout
        bar(1, 100.1, 100.2, 99.99, 100);                      // closed at this open
        TradeRecord t = portfolio.closedTrades().getFirst();
        assertThat(t.qty()).isCloseTo(3, within(1e-9));
        assertThat(t.exitReason()).isEqualTo("partial_fill_below_min");
        assertThat(portfolio.openPositions()).isEmpty();
    }

    @Test
    void marketEntryBeyondTheSlippageBoundIsNotFilled() {
        setUp();
        String link = om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        bar(0, 100.2, 100.5, 100, 100.3);                      // opens 0.2% above: beyond 0.1%
        assertThat(portfolio.openPositions()).isEmpty();
        assertThat(om.isActive(SOL)).isFalse();
        assertThat(venue.query(link)).get().extracting(OrderUpdate::status).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void largeEntriesAreSlicedAtDeterministicJitteredIntervals() {
        setUp(ExecutionPolicy.DEFAULT.withLadder(TakeProfitLadder.NONE), VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
        ExecutionPolicy small = new ExecutionPolicy(0.0005, 30_000, 0.5, 1, 0.001, 400, 20_000,
                TakeProfitLadder.NONE, true, true, true, 0.7, true, 2, 120, 10_000);
        setUp(small, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0)); // 1000 USDT in 3 slices of 3.3, 3.3, 3.4
        assertThat(venue.openOrders(SOL)).extracting(OrderIntent::qty).containsExactly(3.3);
        for (int m = 0; m < 3; m++) {
            bar(m, 100, 100.05, 99.95, 100);
        }
        assertThat(portfolio.position(SOL).qty()).isCloseTo(10, within(1e-9));
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(om.stopPrice(SOL)).isEqualTo(98);
        assertThat(venue.openOrders(SOL)).filteredOn(o -> o.type() == OrderType.STOP_MARKET)
                .extracting(OrderIntent::qty).containsExactly(10.0);
        assertThat(om.targets(SOL)).isEmpty();
        // no take-profit orders: the whole position trails from the entry
        om.onStrategyBar(SOL, new Bar(0, 100, 101, 100, 100.9, 1), 180_000);
        assertThat(om.stopPrice(SOL)).isGreaterThan(98);
    }

    @Test
    void isolatedMarginLiquidationBeforeAFarStop() {
        setUp(ExecutionPolicy.DEFAULT, new VenueModel(new FeeSchedule(MAKER, TAKER, 0), 0, 0, 0, 1, 10, 0.005));
        om.submitEntry(entry(Side.Buy, false, 100, 10, 85, 1, 0));
        bar(0, 100, 100, 100, 100);
        assertThat(venue.liquidationPrice(SOL)).isCloseTo(90.5, within(1e-9));
        bar(1, 95, 95, 90, 91);
        TradeRecord t = portfolio.closedTrades().getFirst();
        assertThat(t.exitReason()).isEqualTo("liquidation");
        assertThat(t.exitPrice()).isCloseTo(90.5, within(1e-9));
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(Double.isNaN(venue.liquidationPrice(SOL))).isTrue();
    }

    @Test
    void endOfDataClosesAtTheLastPrice() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        bar(0, 100, 100.5, 99.5, 100.5);
        om.closeAll("end_of_data", TAKER, 60_000, Map.of(SOL, 100.5));
        TradeRecord t = portfolio.closedTrades().getFirst();
        assertThat(t.exitReason()).isEqualTo("end_of_data");
        assertThat(t.grossPnl()).isCloseTo(5, within(1e-9));
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(om.isActive(SOL)).isFalse();
    }

    @Test
    void duplicateFillEventsAreBookedOnce() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        List<Fill> seen = new ArrayList<>();
        SimulatedVenue recording = new SimulatedVenue(VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0), 60_000,
                new FillListener() {
                    @Override public void onFill(Fill f) { seen.add(f); om.onFill(f); om.onFill(f); }
                    @Override public void onOrderUpdate(OrderUpdate u) { om.onOrderUpdate(u); om.onOrderUpdate(u); }
                });
        om.connect(recording);
        om.submitExit(SOL, "x", 0); // nothing open yet: no exit
        venue.onMarketBar(SOL, new Bar(0, 100, 100, 100, 100, 1e6));
        assertThat(portfolio.position(SOL).qty()).isEqualTo(10);
        om.onFill(new Fill("sim-1", "unused", SOL, Side.Buy, 10, 100, 0.55, false, 0, OrderPurpose.ENTRY, "entry"));
        assertThat(portfolio.position(SOL).qty()).isEqualTo(10);
        assertThat(portfolio.feesPaid()).isCloseTo(1000 * TAKER, within(1e-12));
        assertThat(seen).isEmpty();
    }

    @Test
    void anEntryWhileActiveIsRefusedAndLinkIdsAreUniqueAndShort() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        assertThatThrownBy(() -> om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0)))
                .hasMessageContaining("already active");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = om.nextLinkId("1000000PEPEUSDT", Long.MAX_VALUE, "tp");
            assertThat(id).hasSizeLessThanOrEqualTo(36);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        OrderManager other = new OrderManager(Map.of(SOL, INSTRUMENT), new Portfolio(1));
        other.nextLinkId(SOL, 1_746_316_800_000L, "e");
        assertThat(other.nextLinkId(SOL, 1_746_316_800_000L, "e")).isEqualTo("kSOLUSDT-ma8vxmo0-2e");
        assertThat(other.policy()).isEqualTo(ExecutionPolicy.DEFAULT);
        assertThatThrownBy(() -> other.submitEntry(new EntryRequest("XRPUSDT", Side.Buy, false, 1, 10, 0.9, 0.01,
                Double.NaN, null, "s", "r", 0))).hasMessageContaining("no instrument");
    }

    /** A venue that acknowledges nothing and answers queries from a script: the unknown-outcome path. */
    static final class SilentVenue implements ExecutionVenue {
        final List<OrderIntent> submitted = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        final List<Optional<OrderUpdate>> answers = new ArrayList<>();
        int queries;

        @Override public void submit(OrderIntent intent) { submitted.add(intent); }
        @Override public void cancelAll(String symbol) { cancelled.add("*" + symbol); }
        @Override public void cancel(String linkId) { cancelled.add(linkId); }
        @Override public boolean amend(String linkId, double price, double qty, long time) { return true; }
        @Override public Optional<OrderUpdate> query(String linkId) {
            queries++;
            return answers.isEmpty() ? Optional.empty() : answers.removeFirst();
        }
    }

    @Test
    void anUnacknowledgedOrderBecomesUnknownAndIsResolvedByQuery() {
        SilentVenue silent = new SilentVenue();
        om = new OrderManager(Map.of(SOL, INSTRUMENT), portfolio);
        om.connect(silent);
        String link = om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        Bar b = new Bar(0, 100, 100.1, 99.99, 100, 1);
        om.onBar(SOL, b, 5_000);
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.NEW);
        silent.answers.add(Optional.empty());
        om.onBar(SOL, b, 10_000);                                // ack timeout: unknown, queried, not found yet
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.UNKNOWN);
        assertThat(om.hasPendingEntry(SOL)).isTrue();            // never taken as "not placed"
        silent.answers.add(Optional.of(new OrderUpdate(link, SOL, OrderStatus.ACCEPTED, 0, "", 10_000)));
        om.onBar(SOL, b, 11_000);
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(silent.queries).isEqualTo(2);
    }

    @Test
    void anOrderTheVenueNeverSawIsRejectedAfterRepeatedQueries() {
        SilentVenue silent = new SilentVenue();
        om = new OrderManager(Map.of(SOL, INSTRUMENT), portfolio);
        om.connect(silent);
        String link = om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        ManagedOrder order = om.order(link);
        Bar b = new Bar(0, 100, 100.1, 99.99, 100, 1);
        for (int i = 0; i < OrderManager.MAX_UNKNOWN_QUERIES; i++) {
            om.onBar(SOL, b, 10_000 + i);
        }
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.statusReason()).contains("not found");
        assertThat(om.isActive(SOL)).isFalse();
    }

    @Test
    void aDroppedStopOnAnOpenPositionTriggersAnEmergencyExit() {
        SilentVenue silent = new SilentVenue();
        om = new OrderManager(Map.of(SOL, INSTRUMENT), portfolio);
        om.connect(silent);
        String link = om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        om.onOrderUpdate(new OrderUpdate(link, SOL, OrderStatus.ACCEPTED, 0, "", 0));
        om.onFill(new Fill("e1", link, SOL, Side.Buy, 10, 100, 0.55, false, 0, OrderPurpose.ENTRY, "entry"));
        OrderIntent stop = silent.submitted.get(1);
        assertThat(stop.type()).isEqualTo(OrderType.STOP_MARKET);
        assertThat(stop.reduceOnly()).isTrue();
        om.onOrderUpdate(new OrderUpdate(stop.linkId(), SOL, OrderStatus.REJECTED, 0, "trigger price invalid", 1));
        OrderIntent exit = silent.submitted.getLast();
        assertThat(exit.reason()).isEqualTo("emergency");
        assertThat(exit.type()).isEqualTo(OrderType.MARKET);
        assertThat(exit.qty()).isEqualTo(10);
        om.onFill(new Fill("x1", exit.linkId(), SOL, Side.Sell, 10, 99, 0.5, false, 2, OrderPurpose.EXIT, "?"));
        assertThat(portfolio.closedTrades().getFirst().exitReason()).isEqualTo("emergency");
        assertThat(silent.cancelled).contains("*" + SOL);
    }
}
