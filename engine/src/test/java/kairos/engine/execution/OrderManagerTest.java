package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static kairos.engine.execution.ExecutionDesk.SOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Entries, every exit type and the unknown-outcome path, driven through the simulated venue bar by bar. */
class OrderManagerTest {
    static final double MAKER = 0.0002;
    static final double TAKER = 0.00055;

    ExecutionDesk desk;
    OrderManager om;
    Portfolio portfolio;
    SimulatedVenue venue;

    void setUp(ExecutionPolicy policy, VenueModel model) {
        desk = new ExecutionDesk(policy, model);
        om = desk.om;
        portfolio = desk.portfolio;
        venue = desk.venue;
    }

    void setUp() {
        setUp(ExecutionPolicy.DEFAULT, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
    }

    Bar bar(long minute, double o, double h, double l, double c) {
        return desk.bar(minute, o, h, l, c);
    }

    Bar bar(long minute, double o, double h, double l, double c, double volume) {
        return desk.bar(minute, o, h, l, c, volume);
    }

    EntryRequest entry(Side side, boolean limit, double ref, double qty, double stop, double atr, long time) {
        return desk.entry(side, limit, ref, qty, stop, atr, time);
    }

    static List<Double> qtys(List<ManagedOrder> orders) {
        return orders.stream().map(o -> o.intent().qtyValue()).toList();
    }

    @Test
    void longLadderBreakevenAndTrailingRunner() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        assertThat(om.isActive(SOL)).isTrue();
        bar(0, 100, 100.5, 99.5, 100.2);                      // market entry at the open, no slippage
        assertThat(portfolio.position(SOL).qty()).isEqualTo(10);
        assertThat(om.stopPrice(SOL)).isEqualTo(98);
        assertThat(om.targets(SOL)).extracting(o -> o.intent().priceValue()).containsExactly(101.0, 101.5, 102.5);
        assertThat(qtys(om.targets(SOL))).containsExactly(4.0, 3.0, 2.0);
        bar(1, 100.2, 101.2, 100.1, 101.1);                   // through TP1
        assertThat(portfolio.position(SOL).qty()).isCloseTo(6, within(1e-9));
        assertThat(om.stopPrice(SOL)).isEqualTo(100);          // breakeven
        bar(2, 101.1, 101.6, 101, 101.5);                     // TP2
        bar(3, 101.5, 103, 101.4, 102.9);                     // TP3
        assertThat(portfolio.position(SOL).qty()).isCloseTo(1, within(1e-9));
        assertThat(om.stopOrder(SOL).intent().qty()).isEqualByComparingTo("1");  // the stop follows the position
        om.onStrategyBar(SOL, new Bar(0, 100, 104, 103, 103.5, 1), 300_000);
        desk.at(300_000);
        assertThat(om.stopPrice(SOL)).isEqualTo(103);          // tightest of SAR (103) and 70% of 4 (102.8)
        bar(5, 103.5, 103.6, 102.5, 102.6);                    // trailing stop hit at 103
        assertThat(portfolio.openPositions()).isEmpty();
        TradeRecord t = portfolio.closedTrades().getFirst();
        double exitNotional = 4 * 101 + 3 * 101.5 + 2 * 102.5 + 103;
        assertThat(t.exitReason()).isEqualTo("trailing");
        assertThat(t.exitTime()).isEqualTo(6 * 60_000);        // stamped at the close of the bar that reached it
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
        assertThat(om.targets(SOL)).extracting(o -> o.intent().priceValue()).containsExactly(99.0, 98.5, 97.5);
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
    void aStopHitInTheEntryBarIsStampedAtTheBarsCloseNotAfterTheEntry() {
        setUp(ExecutionPolicy.DEFAULT, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 100));
        om.submitEntry(entry(Side.Buy, false, 100, 10, 99, 1, 0));
        bar(0, 100, 100.2, 98.5, 99);                          // fills at the open (+100 ms), the low reaches the stop
        TradeRecord t = portfolio.closedTrades().getFirst();
        assertThat(t.entryTime()).isEqualTo(100);
        assertThat(t.exitReason()).isEqualTo("stop");
        assertThat(t.exitTime()).isEqualTo(60_000);            // the bar shows the low only at its close
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
        desk.at(120_000 + 119 * 60_000);
        om.onStrategyBar(SOL, new Bar(0, 100, 100.5, 99.5, 100, 1), 120_000 + 119 * 60_000);
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(portfolio.position(SOL)).isNotNull();       // 119 minutes: still open
        desk.at(120_000 + 120 * 60_000);
        om.onStrategyBar(SOL, new Bar(0, 100, 100.5, 99.5, 100, 1), 120_000 + 120 * 60_000);
        bar(123, 100.3, 100.5, 99.5, 100);
        assertThat(portfolio.closedTrades().get(1).exitReason()).isEqualTo("time_stop");
        assertThat(portfolio.closedTrades().get(1).exitPrice()).isEqualTo(100.3);

        om.submitEntry(entry(Side.Sell, false, 100, 5, 102, 1, 124 * 60_000));
        bar(124, 100, 100.5, 99.5, 100);
        String exit = om.submitExit(SOL, "funding", 125 * 60_000, "SOLUSDT-7500000");
        assertThat(om.submitExit(SOL, "funding", 125 * 60_000)).isEqualTo(exit); // one exit at a time
        bar(125, 99, 99.5, 98.8, 99);
        TradeRecord third = portfolio.closedTrades().get(2);
        assertThat(third.exitReason()).isEqualTo("funding");
        assertThat(third.grossPnl()).isCloseTo(5, within(1e-9));
        assertThat(third.exitDecision()).isEqualTo("SOLUSDT-7500000");
        assertThat(om.submitExit(SOL, "funding", 126 * 60_000)).isNull();
    }

    @Test
    void limitEntryWithOffsetFillsAsMaker() {
        setUp();
        om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        assertThat(venue.openOrders(SOL).getFirst().priceValue()).isEqualTo(99.95); // 0.05% inside
        bar(0, 100, 100.2, 99.9, 100);
        assertThat(portfolio.position(SOL).avgEntry()).isEqualTo(99.95);
        assertThat(portfolio.position(SOL).entryTime()).isEqualTo(60_000);      // known at the bar's close
        assertThat(portfolio.feesPaid()).isCloseTo(999.5 * MAKER, within(1e-9));
    }

    @Test
    void unfilledLimitIsRepricedAtTheLastKnownPriceThenCancelled() {
        ExecutionPolicy slow = new ExecutionPolicy(0.0005, 90_000, 0.5, 1, 0.001, 250_000, 20_000,
                TakeProfitLadder.DEFAULT, true, true, true, 0.7, true, 2, 120, 10_000);
        setUp(slow, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
        String link = om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        bar(0, 100.1, 100.5, 100, 100.4);                      // not through 99.95
        bar(1, 100.4, 100.6, 100.3, 100.5);                    // 90 s passed inside this bar: re-priced at 100.4
        assertThat(venue.openOrders(SOL).getFirst().priceValue()).isEqualTo(100.34); // 100.4 less 0.05%, floored
        assertThat(om.order(link).reprices()).isEqualTo(1);
        assertThat(om.order(link).intent().priceValue()).isEqualTo(100.34);     // confirmed by the venue
        bar(2, 100.5, 100.8, 100.4, 100.6);
        bar(3, 100.6, 100.8, 100.4, 100.6);                    // still not filled after the second timeout: cancelled
        assertThat(om.order(link)).isNull();                   // forgotten once the entry failed
        assertThat(om.isActive(SOL)).isFalse();
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(portfolio.openPositions()).isEmpty();
    }

    @Test
    void partialFillAboveTheMinimumIsAcceptedAndProtected() {
        setUp(ExecutionPolicy.DEFAULT, new VenueModel(new FeeSchedule(MAKER, TAKER, 0), 0, 0, 0, 0.1, 3, 0.005));
        om.submitEntry(entry(Side.Buy, true, 100, 10, 98, 1, 0));
        bar(0, 100, 100.2, 99.9, 100, 60);                     // 10% of 60 = 6 filled, then the 30 s timeout
        assertThat(portfolio.position(SOL).qty()).isCloseTo(6, within(1e-9));
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(qtys(om.targets(SOL))).containsExactly(2.4, 1.8, 1.2);
        assertThat(venue.openOrders(SOL)).filteredOn(o -> o.type() == OrderType.STOP_MARKET)
                .extracting(OrderIntent::qtyValue).containsExactly(6.0);
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
        assertThat(desk.delivered(OrderUpdate.class)).filteredOn(u -> u.linkId().equals(link)).last()
                .satisfies(u -> {
                    assertThat(u.status()).isEqualTo(OrderStatus.CANCELLED);
                    assertThat(u.reason()).contains("slippage");
                });
    }

    @Test
    void largeEntriesAreSlicedAtDeterministicJitteredIntervals() {
        ExecutionPolicy small = new ExecutionPolicy(0.0005, 30_000, 0.5, 1, 0.001, 400, 20_000,
                TakeProfitLadder.NONE, true, true, true, 0.7, true, 2, 120, 10_000);
        setUp(small, VenueModel.simple(new FeeSchedule(MAKER, TAKER, 0), 0));
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0)); // 1000 USDT in 3 slices of 3.3, 3.3, 3.4
        assertThat(venue.openOrders(SOL)).extracting(OrderIntent::qtyValue).containsExactly(3.3);
        for (int m = 0; m < 3; m++) {
            bar(m, 100, 100.05, 99.95, 100);
        }
        assertThat(portfolio.position(SOL).qty()).isCloseTo(10, within(1e-9));
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("10");   // exact
        assertThat(om.hasPendingEntry(SOL)).isFalse();
        assertThat(om.stopPrice(SOL)).isEqualTo(98);
        assertThat(venue.openOrders(SOL)).filteredOn(o -> o.type() == OrderType.STOP_MARKET)
                .extracting(OrderIntent::qtyValue).containsExactly(10.0);
        assertThat(om.targets(SOL)).isEmpty();
        // no take-profit orders: the whole position trails from the entry
        om.onStrategyBar(SOL, new Bar(0, 100, 101, 100, 100.9, 1), 180_000);
        desk.at(180_000);
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
        desk.at(60_000);
        assertThat(venue.openOrders(SOL)).isEmpty();
        assertThat(om.isActive(SOL)).isFalse();
    }

    @Test
    void duplicateVenueMessagesAreBookedOnce() {
        setUp();
        desk.copies = 2;
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        assertThat(om.submitExit(SOL, "x", 0)).isNull();        // nothing filled yet: no exit, the entry is dropped
        setUp();
        desk.copies = 2;
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        bar(0, 100, 100, 100, 100);
        assertThat(portfolio.position(SOL).qty()).isEqualTo(10);
        assertThat(portfolio.feesPaid()).isCloseTo(1000 * TAKER, within(1e-12));
        assertThat(desk.delivered(Fill.class)).hasSize(2);      // the same execution, twice
        assertThat(venue.openOrders(SOL)).filteredOn(o -> o.type() == OrderType.STOP_MARKET).hasSize(1);
    }

    @Test
    void anEntryWhileActiveIsRefusedAndLinkIdsAreUniqueAndShort() {
        setUp();
        om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0));
        assertThatThrownBy(() -> om.submitEntry(entry(Side.Buy, false, 100, 10, 98, 1, 0)))
                .hasMessageContaining("already active");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = om.registry().nextLinkId("1000000PEPEUSDT", Long.MAX_VALUE, "tp");
            assertThat(id).hasSizeLessThanOrEqualTo(36);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        OrderManager other = new OrderManager(Map.of(SOL, ExecutionDesk.INSTRUMENT), new Portfolio(1));
        other.registry().nextLinkId(SOL, 1_746_316_800_000L, "e");
        assertThat(other.registry().nextLinkId(SOL, 1_746_316_800_000L, "e")).isEqualTo("kSOLUSDT-ma8vxmo0-2e");
        assertThat(other.policy()).isEqualTo(ExecutionPolicy.DEFAULT);
        assertThatThrownBy(() -> other.submitEntry(new EntryRequest("XRPUSDT", Side.Buy, false, 1, 10, 0.9, 0.01,
                Double.NaN, null, "s", "r", 0))).hasMessageContaining("no instrument");
    }

    /** A venue that answers nothing by itself: the test plays the venue's messages. */
    static final class SilentVenue implements ExecutionVenue {
        final List<OrderIntent> submitted = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        final List<String> queried = new ArrayList<>();
        final List<String> amended = new ArrayList<>();
        int reconciles;

        @Override public void submit(OrderIntent intent) { submitted.add(intent); }
        @Override public void cancelAll(String symbol) { cancelled.add("*" + symbol); }
        @Override public void cancel(String linkId, String symbol) { cancelled.add(linkId); }
        @Override public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
            amended.add(linkId + "@" + price.toPlainString() + "x" + qty.toPlainString());
        }
        @Override public void query(String linkId, String symbol) { queried.add(linkId); }
        @Override public void reconcile(long since) { reconciles++; }
    }

    /** The order manager on a silent venue; its timers are collected for the test to fire. */
    final List<Timer> timers = new ArrayList<>();
    SilentVenue silent;

    /** The alerts the order manager raised, "SEVERITY TYPE text". */
    final List<String> alerts = new ArrayList<>();

    void silent() {
        silent = new SilentVenue();
        portfolio = new Portfolio(10_000, 3);
        om = new OrderManager(Map.of(SOL, ExecutionDesk.INSTRUMENT), portfolio);
        om.connect(silent, (at, kind, key, symbol) -> timers.add(new Timer(at, kind, key, symbol)), new ExecutionEvents() {
            @Override
            public void onFillBooked(Fill fill, TradeRecord closed) {
            }

            @Override
            public void onAlert(Severity severity, String type, String symbol, String text, long time) {
                alerts.add(severity + " " + type + " " + text);
            }
        });
    }

    void fire(String kind, long now) {
        for (Timer t : List.copyOf(timers)) {
            if (t.kind().equals(kind) && t.time() <= now) {
                timers.remove(t);
                om.onTimer(t, now);
            }
        }
    }

    static OrderUpdate update(String link, OrderStatus status, double cum, long time) {
        return new OrderUpdate(link, SOL, status, null, null, BigDecimal.valueOf(cum), "", time, time);
    }

    static Fill fill(String exec, String link, Side side, double qty, double price, long time) {
        return new Fill(exec, link, SOL, side, qty, price, qty * price * TAKER, false, time, null, null);
    }

    @Test
    void anUnacknowledgedOrderBecomesUnknownAndIsResolvedByQuery() {
        silent();
        String link = om.submitEntry(new EntryRequest(SOL, Side.Buy, true, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        fire(OrderRegistry.ACK, 5_000);
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.NEW);
        fire(OrderRegistry.ACK, 10_000);                        // ack timeout: unknown, queried
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.UNKNOWN);
        assertThat(silent.queried).containsExactly(link);
        om.onVenueEvent(new OrderNotFound(link, SOL, 10_050), 10_050);   // not there yet (eventual consistency)
        assertThat(om.hasPendingEntry(SOL)).isTrue();            // never taken as "not placed"
        fire(OrderRegistry.QUERY, 20_000);                      // asked again
        assertThat(silent.queried).hasSize(2);
        om.onVenueEvent(update(link, OrderStatus.ACCEPTED, 0, 20_050), 20_050);
        assertThat(om.order(link).status()).isEqualTo(OrderStatus.ACCEPTED);
        fire(OrderRegistry.QUERY, 30_000);                      // answered: no more queries
        assertThat(silent.queried).hasSize(2);
    }

    @Test
    void anOrderTheVenueNeverSawIsRejectedAfterRepeatedQueries() {
        silent();
        String link = om.submitEntry(new EntryRequest(SOL, Side.Buy, false, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        ManagedOrder order = om.order(link);
        fire(OrderRegistry.ACK, 10_000);
        for (int i = 0; i < OrderRegistry.MAX_NOT_FOUND; i++) {
            om.onVenueEvent(new OrderNotFound(link, SOL, 10_100 + i), 10_100 + i);
        }
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.statusReason()).contains("not found");
        assertThat(om.isActive(SOL)).isFalse();
    }

    @Test
    void aDroppedStopOnAnOpenPositionTriggersAnEmergencyExit() {
        silent();
        String link = acceptedLong();
        om.onVenueEvent(fill("e1", link, Side.Buy, 10, 100, 0), 0);
        OrderIntent stop = silent.submitted.get(1);
        assertThat(stop.type()).isEqualTo(OrderType.STOP_MARKET);
        assertThat(stop.reduceOnly()).isTrue();
        assertThat(om.isProtected(SOL)).isTrue();
        om.onVenueEvent(new OrderUpdate(stop.linkId(), SOL, OrderStatus.REJECTED, null, null, BigDecimal.ZERO,
                "trigger price invalid", 1, 1), 1);
        OrderIntent exit = silent.submitted.getLast();
        assertThat(exit.reason()).isEqualTo("emergency");
        assertThat(exit.type()).isEqualTo(OrderType.MARKET);
        assertThat(exit.qty()).isEqualByComparingTo("10");
        assertThat(om.isProtected(SOL)).isTrue();               // an exit in flight protects it
        om.onVenueEvent(fill("x1", exit.linkId(), Side.Sell, 10, 99, 2), 2);
        assertThat(portfolio.closedTrades().getFirst().exitReason()).isEqualTo("emergency");
        assertThat(silent.cancelled).contains("*" + SOL);
    }

    /** A market entry for a long of 10 at 100, stop 98, accepted by the venue; returns its link id. */
    String acceptedLong() {
        String link = om.submitEntry(new EntryRequest(SOL, Side.Buy, false, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        om.onVenueEvent(update(link, OrderStatus.ACCEPTED, 0, 0), 0);
        return link;
    }

    /** A long of 10 at 100 with its stop placed; returns the entry's link id. */
    String filledLong() {
        String link = acceptedLong();
        om.onVenueEvent(fill("e1", link, Side.Buy, 10, 100, 0), 0);
        assertThat(om.isProtected(SOL)).isTrue();
        return link;
    }

    @Test
    void aFillOfAnOrderKairosDidNotSendIsClosedAtMarketWithACriticalAlert() {
        silent();
        om.onVenueEvent(fill("m1", "manual-123", Side.Buy, 4, 100, 0), 0);
        OrderIntent exit = silent.submitted.getLast();
        assertThat(exit.type()).isEqualTo(OrderType.MARKET);
        assertThat(exit.reduceOnly()).isTrue();
        assertThat(exit.side()).isEqualTo(Side.Sell);
        assertThat(exit.qty()).isEqualByComparingTo("4");
        assertThat(exit.reason()).isEqualTo("unexpected");
        assertThat(alerts).singleElement().asString().startsWith("CRITICAL UNEXPECTED_POSITION")
                .contains("an order Kairos did not send (manual-123)", "Buy 4.0 SOLUSDT without a plan");

        om.onVenueEvent(fill("m2", "manual-123", Side.Buy, 1, 100, 1), 1);   // more of it while the exit is out
        assertThat(silent.submitted).as("no second exit while one is in flight").hasSize(1);
        om.onVenueEvent(fill("x1", exit.linkId(), Side.Sell, 4, 99, 2), 2);
        OrderIntent rest = silent.submitted.getLast();
        assertThat(rest.linkId()).isNotEqualTo(exit.linkId());
        assertThat(rest.qty()).as("what the first exit did not cover is closed too").isEqualByComparingTo("1");
        assertThat(rest.reduceOnly()).isTrue();
        om.onVenueEvent(fill("x2", rest.linkId(), Side.Sell, 1, 99, 3), 3);
        assertThat(portfolio.position(SOL)).isNull();
    }

    @Test
    void aFillThatFlipsThePositionClosesTheFlippedRest() {
        silent();
        filledLong();
        om.onVenueEvent(fill("m1", "manual-9", Side.Sell, 15, 101, 5), 5);
        assertThat(portfolio.position(SOL).side()).isEqualTo(Side.Sell);
        OrderIntent exit = silent.submitted.getLast();
        assertThat(exit.side()).isEqualTo(Side.Buy);
        assertThat(exit.qty()).isEqualByComparingTo("5");
        assertThat(exit.reduceOnly()).isTrue();
        assertThat(alerts).anyMatch(a -> a.startsWith("CRITICAL UNEXPECTED_POSITION")
                && a.contains("a fill larger than the position flipped it"));
        assertThat(portfolio.closedTrades()).as("the long was closed by the flip").hasSize(1);
    }

    @Test
    void anExitTheVenueRefusesIsSentAgainWhileThePositionIsOpen() {
        silent();
        filledLong();
        String first = om.submitExit(SOL, "rule exit", 10);
        om.onVenueEvent(new OrderUpdate(first, SOL, OrderStatus.REJECTED, null, null, BigDecimal.ZERO, "system busy", 11, 11), 11);
        OrderIntent again = silent.submitted.getLast();
        assertThat(again.linkId()).isNotEqualTo(first);
        assertThat(again.type()).isEqualTo(OrderType.MARKET);
        assertThat(again.reason()).isEqualTo("rule exit");
        assertThat(again.qty()).isEqualByComparingTo("10");
        om.onVenueEvent(fill("x1", again.linkId(), Side.Sell, 10, 99, 12), 12);
        assertThat(portfolio.position(SOL)).isNull();
        assertThat(portfolio.closedTrades().getFirst().exitReason()).isEqualTo("rule exit");
    }

    @Test
    void aStopFillThatArrivesBeforeTheEntryFillItReducesWaitsForIt() {
        silent();
        String link = acceptedLong();
        om.onVenueEvent(fill("e1", link, Side.Buy, 5, 100, 0), 0);
        OrderIntent stop = silent.submitted.get(1);
        assertThat(stop.type()).isEqualTo(OrderType.STOP_MARKET);
        // the venue's messages out of order: the stop's execution for the whole 10 before the entry's second 5
        om.onVenueEvent(fill("s1", stop.linkId(), Side.Sell, 10, 98, 3), 3);
        assertThat(om.parkedFills()).extracting(Fill::execId).containsExactly("s1");
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("5");
        assertThat(portfolio.closedTrades()).isEmpty();
        om.onVenueEvent(fill("e2", link, Side.Buy, 5, 100, 1), 3);
        assertThat(om.parkedFills()).isEmpty();
        assertThat(portfolio.position(SOL)).isNull();
        assertThat(portfolio.closedTrades()).singleElement().satisfies(t -> assertThat(t.exitReason()).isEqualTo("stop"));
        assertThat(alerts).noneMatch(a -> a.contains("UNEXPECTED"));
        om.onVenueEvent(fill("s1", stop.linkId(), Side.Sell, 10, 98, 3), 4);   // the same execution again: booked once
        assertThat(portfolio.closedTrades()).hasSize(1);
    }

    /**
     * A long filled in two halves on a silent venue: the stop placed for the first 5 and its resize to 10 asked for;
     * returns the stop's link id.
     */
    String stopForHalfOfALong() {
        silent();
        String link = acceptedLong();
        om.onVenueEvent(fill("e1", link, Side.Buy, 5, 100, 0), 0);
        String stop = silent.submitted.get(1).linkId();
        om.onVenueEvent(fill("e2", link, Side.Buy, 5, 100, 1), 1);
        return stop;
    }

    /** Half the position without a stop after the venue refuses a resize: tried again, then closed at market. */
    @Test
    void aStopResizeTheVenueRefusesIsTriedAgainThenThePositionIsClosed() {
        String stop = stopForHalfOfALong();
        assertThat(silent.amended).containsExactly(stop + "@98.0x10.0");
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 2), 2);
        assertThat(om.isProtected(SOL)).as("the stop covers 5 of 10").isFalse();
        assertThat(alerts).last().asString().startsWith("IMPORTANT STOP_RESIZE_REFUSED").contains("10006", "(1/3)");
        fire(StopProtection.RESIZE, 1_001);
        assertThat(silent.amended).as("not before its time").hasSize(1);
        fire(StopProtection.RESIZE, 1_002);
        assertThat(silent.amended).containsExactly(stop + "@98.0x10.0", stop + "@98.0x10.0");

        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 1_003), 1_003);
        assertThat(alerts).last().asString().contains("trying again in 2000 ms (2/3)");
        fire(StopProtection.RESIZE, 3_003);
        assertThat(silent.amended).hasSize(3);
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 3_004), 3_004);
        assertThat(alerts).last().asString().startsWith("CRITICAL STOP_LOST").contains("refused 3 times");
        OrderIntent exit = silent.submitted.getLast();
        assertThat(exit.reason()).isEqualTo("emergency");
        assertThat(exit.qty()).isEqualByComparingTo("10");
        assertThat(om.isProtected(SOL)).as("the exit in flight").isTrue();
        assertThat(OrderManager.ownsTimer(StopProtection.RESIZE)).isTrue();
        assertThat(OrderManager.isVenueTimeout(StopProtection.RESIZE)).isTrue();
    }

    @Test
    void aRefusedPriceMoveOfACoveringStopNeedsNoRetry() {
        silent();
        filledLong();
        String stop = silent.submitted.get(1).linkId();
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "not modified", 5), 5);
        assertThat(alerts).isEmpty();
        assertThat(timers).noneMatch(t -> t.kind().equals(StopProtection.RESIZE));
        assertThat(om.isProtected(SOL)).isTrue();
    }

    @Test
    void aResizedStopThatCoversThePositionByTheTimeOfTheRetryIsLeftAlone() {
        String stop = stopForHalfOfALong();
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "busy", 2), 2);
        om.onVenueEvent(fill("x1", "manual-1", Side.Sell, 5, 100, 3), 3);   // the position back to what the stop covers
        assertThat(om.isProtected(SOL)).isTrue();
        fire(StopProtection.RESIZE, 10_000);
        assertThat(silent.amended).as("no resize needed any more").hasSize(1);
    }

    /** The venue says filled but no execution arrives: the order is asked for again until its executions are in. */
    @Test
    void aFilledOrderWhoseExecutionsStayAwayIsQueriedUntilTheyArrive() {
        silent();
        String link = acceptedLong();
        om.onVenueEvent(update(link, OrderStatus.FILLED, 10, 100), 100);
        ManagedOrder order = om.order(link);
        assertThat(order.isReconciled()).isFalse();
        assertThat(portfolio.position(SOL)).as("a fill is never assumed from a status").isNull();
        long ack = ExecutionPolicy.DEFAULT.ackTimeoutMs();
        fire(OrderRegistry.EXEC_WAIT, 100 + ack - 1);
        assertThat(silent.queried).isEmpty();
        fire(OrderRegistry.EXEC_WAIT, 100 + ack);
        assertThat(silent.queried).containsExactly(link);
        fire(OrderRegistry.EXEC_WAIT, 100 + 2 * ack);
        assertThat(silent.queried).as("asked again while they stay away").containsExactly(link, link);
        om.onVenueEvent(fill("e1", link, Side.Buy, 10, 100, 100), 100 + 2 * ack + 5);
        assertThat(order.isReconciled()).isTrue();
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("10");
        fire(OrderRegistry.EXEC_WAIT, 100 + 10 * ack);
        assertThat(silent.queried).as("in: no more queries").hasSize(2);
    }

    /**
     * A restart mid-way through the refused-resize retries: the journaled order book comes back byte for byte, the
     * stop whose acknowledgement never came is asked for again, and the refusals already counted stay counted (a
     * journal written before the count was kept reads as none).
     */
    @Test
    void aRestartKeepsTheOrderBookAndTheRefusalsCounted() {
        String stop = stopForHalfOfALong();
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 2), 2);
        assertThat(alerts).last().asString().contains("(1/3)");
        String entry = silent.submitted.getFirst().linkId();   // filled: nothing to ask
        String journaled = StateJson.write(om.state());
        Portfolio.State book = StateJson.read(StateJson.write(portfolio.state(10)), Portfolio.State.class);
        assertThat(journaled).contains("\"stopResizeRefusals\":1");

        restarted(journaled, book, 5_000);
        assertThat(StateJson.write(om.state())).as("restored as journaled").isEqualTo(journaled);
        assertThat(silent.queried).as("every order never acknowledged is asked for: the stop and the three targets")
                .hasSize(4).startsWith(stop).doesNotContain(entry);
        assertThat(timers).extracting(Timer::kind).as("each asked again after the ack timeout").hasSize(4)
                .containsOnly(OrderRegistry.QUERY);
        assertThat(om.isProtected(SOL)).isFalse();
        om.protectAll(5_000);                                   // what the reconciliation after a restart does
        assertThat(silent.amended).containsExactly(stop + "@98.0x10.0");
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 5_001), 5_001);
        assertThat(alerts).last().asString().contains("trying again in 2000 ms (2/3)");

        restarted(journaled.replace("\"stopResizeRefusals\":1,", ""), book, 6_000);   // an older journal
        om.protectAll(6_000);
        om.onVenueEvent(new RequestRejected(stop, SOL, "amend", "10006 too many visits", 6_001), 6_001);
        assertThat(alerts).last().asString().contains("(1/3)");
    }

    /** A new process: a fresh order manager on a silent venue, its book and portfolio restored from the journal. */
    void restarted(String journaled, Portfolio.State book, long now) {
        silent();
        timers.clear();
        alerts.clear();
        portfolio.restore(book);
        om.restore(StateJson.read(journaled, OrderManager.State.class), now);
    }

    /**
     * A reconciliation on a silent venue: the venue's view of a tracked order is applied, an order with Kairos' own
     * link id that the journal does not hold is cancelled, one placed by hand (even with an id starting with "k") is
     * left alone, tracked orders the venue does not list are asked for, and a position nothing explains is named.
     */
    @Test
    void aReconciliationCancelsOnlyKairosOwnOrphansAndAsksForWhatTheVenueDoesNotList() {
        silent();
        filledLong();
        String stop = silent.submitted.get(1).linkId();
        String orphan = "kSOLUSDT-ma8w425c-9x";   // an exit of an earlier session whose journal was lost
        List<OrderUpdate> open = List.of(update(stop, OrderStatus.ACCEPTED, 0, 10), update(orphan, OrderStatus.ACCEPTED, 0, 10),
                update("kraken-grid-7", OrderStatus.ACCEPTED, 0, 10), update("", OrderStatus.ACCEPTED, 0, 10),
                update("kSOLUSDT-manual", OrderStatus.ACCEPTED, 0, 10));
        ReconcileReport report = om.onVenueEvent(new VenueSnapshot(open, List.of(new PositionReport(SOL,
                BigDecimal.TEN, 100, 10)), List.of(fill("e1", silent.submitted.getFirst().linkId(), Side.Buy, 10, 100, 0)),
                0, 10), 20);

        assertThat(om.order(stop).status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(silent.cancelled).containsExactly(orphan);
        assertThat(alerts).filteredOn(a -> a.contains("ORPHAN_ORDER")).singleElement().asString()
                .isEqualTo("IMPORTANT ORPHAN_ORDER order " + orphan + " is open on the venue but not in the journal: cancelled");
        assertThat(alerts).filteredOn(a -> a.startsWith("INFO FOREIGN_ORDER")).hasSize(3)
                .anyMatch(a -> a.contains("kraken-grid-7")).anyMatch(a -> a.contains("kSOLUSDT-manual"));
        assertThat(silent.queried).as("the three targets, not listed open").hasSize(3)
                .allMatch(id -> om.targets(SOL).stream().anyMatch(t -> t.linkId().equals(id)));
        assertThat(report).isEqualTo(new ReconcileReport(0, 1, 1, 3, List.of(), 20));
        assertThat(portfolio.position(SOL).size()).as("the execution already booked is not booked again")
                .isEqualByComparingTo("10");

        ReconcileReport later = om.onVenueEvent(new VenueSnapshot(List.of(), List.of(new PositionReport(SOL,
                new BigDecimal("12"), 100, 30)), List.of(), 30, 30), 40);
        assertThat(later.mismatches()).containsExactly("SOLUSDT: the venue holds 12, the journal 10 at 1970-01-01T00:00:00.030Z");
    }

    @Test
    void kairosOwnLinkIdsAreTheOnesItMakes() {
        OrderRegistry registry = new OrderManager(Map.of(SOL, ExecutionDesk.INSTRUMENT), new Portfolio(1)).registry();
        for (String tag : List.of("e", "s", "t1", "x", "r")) {
            assertThat(OrderRegistry.isKairosLinkId(registry.nextLinkId(SOL, 1_746_316_800_000L, tag), SOL)).isTrue();
        }
        String longSymbol = "1000000MOGUSDT";
        assertThat(OrderRegistry.isKairosLinkId(registry.nextLinkId(longSymbol, 1_746_316_800_000L, "e"), longSymbol)).isTrue();
        assertThat(OrderRegistry.isKairosLinkId(registry.nextLinkId(SOL, 1_746_316_800_000L, "e"), "ETHUSDT")).isFalse();
        for (String manual : List.of("", "k", "kSOLUSDT-", "kSOLUSDT-1", "kSOLUSDT-a-b-c", "kSOLUSDT-A-1e", "ksolusdt-1-2e")) {
            assertThat(OrderRegistry.isKairosLinkId(manual, SOL)).as(manual).isFalse();
        }
    }

    /** A rule's reduce: a floored fraction closed at market, reduce-only; the stop follows; nothing when it cannot. */
    @Test
    void aRulesReduceClosesAFlooredFractionAndTheStopFollowsIt() {
        silent();
        filledLong();
        String stop = silent.submitted.get(1).linkId();
        String reduce = om.submitReduce(SOL, 0.333, "take some off", 10);
        OrderIntent r = silent.submitted.getLast();
        assertThat(r.linkId()).isEqualTo(reduce).endsWith("r");
        assertThat(r.type()).isEqualTo(OrderType.MARKET);
        assertThat(r.side()).isEqualTo(Side.Sell);
        assertThat(r.reduceOnly()).isTrue();
        assertThat(r.qty()).as("3.33 floored to the 0.1 step").isEqualByComparingTo("3.3");
        om.onVenueEvent(fill("r1", reduce, Side.Sell, 3.3, 101, 11), 11);
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("6.7");
        assertThat(silent.amended).containsExactly(stop + "@98.0x6.7");
        assertThat(portfolio.closedTrades()).isEmpty();

        assertThat(om.submitReduce(SOL, 0.01, "too small", 12)).as("0.067 floors to nothing").isNull();
        String exit = om.submitExit(SOL, "rule exit", 13);
        int sent = silent.submitted.size();
        assertThat(om.submitReduce(SOL, 0.5, "while the exit is in flight", 14)).isNull();
        om.onVenueEvent(fill("x1", exit, Side.Sell, 6.7, 100, 15), 15);
        assertThat(om.submitReduce(SOL, 0.5, "flat", 16)).isNull();
        assertThat(silent.submitted).hasSize(sent);
        assertThat(portfolio.closedTrades()).singleElement().satisfies(t -> assertThat(t.qty()).isEqualTo(10));
    }

    /** A rule's cancel-all: flat, the pending entry goes; with a position, the worked entry goes and the stop stays. */
    @Test
    void aCancelAllDropsPendingEntriesButNeverThePositionsStop() {
        silent();
        String pending = om.submitEntry(new EntryRequest(SOL, Side.Buy, true, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        om.onVenueEvent(update(pending, OrderStatus.ACCEPTED, 0, 0), 0);
        om.cancelAll(SOL, 5);
        assertThat(silent.cancelled).containsExactly(pending, "*" + SOL);
        om.onVenueEvent(update(pending, OrderStatus.CANCELLED, 0, 6), 6);
        assertThat(om.isActive(SOL)).isFalse();
        assertThat(om.openOrders()).isEmpty();

        silent();
        String entry = om.submitEntry(new EntryRequest(SOL, Side.Buy, true, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        om.onVenueEvent(update(entry, OrderStatus.ACCEPTED, 0, 0), 0);
        om.onVenueEvent(fill("e1", entry, Side.Buy, 4, 100, 1), 1);     // part filled, the rest still worked
        String stop = silent.submitted.get(1).linkId();
        om.cancelAll(SOL, 5);
        assertThat(silent.cancelled).containsExactly(entry);
        assertThat(om.isProtected(SOL)).isTrue();
        assertThat(om.order(stop).isOpen()).isTrue();
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("4");
    }

    /**
     * An exit asked while the entry is still worked: the rest of the entry is cancelled, what is held is closed, and
     * a lot the entry still filled before the cancel landed is closed too once the entry is done: one trade, flat.
     */
    @Test
    void anExitAskedWhileTheEntryIsWorkedAlsoClosesWhatTheEntryFillsAfterIt() {
        silent();
        String entry = om.submitEntry(new EntryRequest(SOL, Side.Buy, true, 100, 10, 98, 1, Double.NaN, null, "s", "r", 0));
        om.onVenueEvent(update(entry, OrderStatus.ACCEPTED, 0, 0), 0);
        om.onVenueEvent(fill("e1", entry, Side.Buy, 4, 100, 1), 1);
        String exit = om.submitExit(SOL, "rule exit", 5, "d-5");
        assertThat(silent.cancelled).containsExactly(entry);
        assertThat(silent.submitted.getLast().qty()).isEqualByComparingTo("4");
        om.onVenueEvent(fill("e2", entry, Side.Buy, 2, 100, 6), 6);       // filled before the cancel reached the venue
        om.onVenueEvent(fill("x1", exit, Side.Sell, 4, 99, 7), 7);
        assertThat(portfolio.position(SOL).size()).isEqualByComparingTo("2");
        int sent = silent.submitted.size();
        om.onVenueEvent(update(entry, OrderStatus.CANCELLED, 6, 8), 8);  // the entry is done: 6 of 10
        assertThat(silent.submitted).hasSize(sent + 1);
        OrderIntent rest = silent.submitted.getLast();
        assertThat(rest.reason()).isEqualTo("rule exit");
        assertThat(rest.reduceOnly()).isTrue();
        assertThat(rest.qty()).isEqualByComparingTo("2");
        om.onVenueEvent(fill("x2", rest.linkId(), Side.Sell, 2, 99, 9), 9);
        assertThat(portfolio.position(SOL)).isNull();
        assertThat(portfolio.closedTrades()).singleElement().satisfies(t -> {
            assertThat(t.qty()).isEqualTo(6);
            assertThat(t.exitReason()).isEqualTo("rule exit");
            assertThat(t.exitDecision()).isEqualTo("d-5");
            assertThat(t.grossPnl()).isCloseTo(-6, within(1e-9));
        });
        assertThat(om.isActive(SOL)).isFalse();
    }
}
