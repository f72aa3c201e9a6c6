package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Side;
import kairos.engine.testing.SyntheticBars;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static kairos.engine.execution.ExecutionDesk.SOL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order manager against a venue whose messages come late, twice, out of order, or not at all (recovered by
 * queries and by the periodic reconciliation), over a random strategy of entries and exits: at every step the
 * position is the sum of the unique fills booked and is never left unprotected past the event that revealed it;
 * in the end no order is lost or placed twice and journal and venue agree.
 */
class VenueChaosProperties {

    record Chaos(long seed, double drop, double late, long maxDelayMs, double duplicate) {
    }

    @Provide
    Arbitrary<Chaos> chaos() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.doubles().between(0, 0.15),
                        Arbitraries.doubles().between(0, 0.5), Arbitraries.longs().between(1, 90_000),
                        Arbitraries.doubles().between(0, 0.3))
                .as(Chaos::new);
    }

    @Property(tries = 200)
    void positionsEqualTheUniqueFillsAndStayProtected(@ForAll("chaos") Chaos c) {
        DeliveryModel delivery = new DeliveryModel(c.seed(), c.drop(), c.late(), c.maxDelayMs(), c.duplicate());
        ExecutionDesk desk = new ExecutionDesk(ExecutionPolicy.DEFAULT,
                new VenueModel(FeeSchedule.BYBIT_DEFAULT, 100, 0.02, 0.02, 0.3, 3, 0.005), delivery,
                new Portfolio(10_000, 3));
        OrderManager om = desk.om;
        int[] unprotectedFor = {0};
        desk.afterEach = () -> {
            // the position is the sum of the unique fills booked, exactly
            Set<String> ids = new HashSet<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (Fill f : desk.booked) {
                assertThat(ids.add(f.execId())).as("fill %s booked twice", f.execId()).isTrue();
                sum = sum.add(f.side() == Side.Buy ? f.qty() : f.qty().negate());
            }
            assertThat(desk.portfolio.signedSize(SOL)).isEqualByComparingTo(sum);
            // never without protection for longer than one event
            unprotectedFor[0] = om.isProtected(SOL) ? 0 : unprotectedFor[0] + 1;
            assertThat(unprotectedFor[0]).as("events the open position went unprotected").isLessThanOrEqualTo(1);
        };
        desk.reconcileEvery(60_000);
        SplittableRandom strategy = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
        List<Bar> bars = SyntheticBars.randomWalk(c.seed(), 0, 60_000, 600, 150);
        long heldSince = Long.MIN_VALUE;
        for (Bar b : bars) {
            long minute = b.openTime() / 60_000;
            desk.bar(minute, b.open(), b.high(), b.low(), b.close(), b.volume() * 1_000);
            long now = b.openTime() + 60_000;
            if (now % 300_000 != 0) {
                continue;
            }
            om.onStrategyBar(SOL, new Bar(now - 300_000, b.open(), b.high(), b.low(), b.close(), b.volume()), now);
            if (!om.isActive(SOL) && strategy.nextInt(3) == 0) {
                Side side = strategy.nextBoolean() ? Side.Buy : Side.Sell;
                double stop = b.close() * (1 - side.sign() * 0.004 * (1 + strategy.nextInt(3)));
                om.submitEntry(new EntryRequest(SOL, side, strategy.nextBoolean(), b.close(),
                        BigDecimal.valueOf(1 + strategy.nextInt(20)), ExecutionDesk.INSTRUMENT.roundPrice(stop,
                        side == Side.Buy ? java.math.RoundingMode.FLOOR : java.math.RoundingMode.CEILING),
                        b.close() * 0.003, Double.NaN, null, "chaos", "chaos", now, "d" + now));
                heldSince = now;
            } else if (om.isActive(SOL) && now - heldSince > 15 * 60_000 && strategy.nextInt(4) == 0) {
                om.submitExit(SOL, "chaos exit", now);
            }
        }
        // quiet market: every message still on its way arrives; queries and reconciliations repair what was lost
        long end = bars.getLast().openTime() + 60_000;
        for (int round = 1; round <= 60; round++) {
            desk.at(end + round * 60_000L);
        }
        assertThat(desk.portfolio.signedSize(SOL)).as("position, kernel vs venue")
                .isEqualByComparingTo(desk.venue.positionQty(SOL));
        assertThat(desk.booked.stream().map(Fill::execId).collect(Collectors.toSet())).as("every execution booked")
                .isEqualTo(desk.venue.executions().stream().map(Fill::execId).collect(Collectors.toSet()));
        Set<String> openAtVenue = desk.venue.openOrders().stream().map(OrderIntent::linkId).collect(Collectors.toSet());
        Set<String> openInKernel = om.openOrders().stream().map(ManagedOrder::linkId).collect(Collectors.toSet());
        assertThat(openInKernel).as("open orders, kernel vs venue").isEqualTo(openAtVenue);
        // an entry request never became two orders on the venue (one slice each here)
        Map<Long, Integer> entries = new HashMap<>();
        desk.venue.state().orders().stream().filter(o -> o.intent().purpose() == OrderPurpose.ENTRY)
                .forEach(o -> entries.merge(o.intent().createdAt(), 1, Integer::sum));
        assertThat(entries.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1 + ExecutionPolicy.DEFAULT.maxReprices()));
        assertThat(desk.reports).isNotEmpty().allSatisfy(r -> assertThat(r.mismatches()).isEmpty());
        assertThat(desk.booked).as("the strategy traded").isNotEmpty();
        Statistics.collect(c.drop() > 0.05 ? "many drops" : "few drops", desk.alerts.isEmpty() ? "no alert" : "alerts");
    }
}
