package kairos.engine.execution;

import kairos.engine.domain.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties of the account through any sequence of fills, funding and marks: a long never goes below zero, a short
 * never above, duplicates change nothing, and equity is cash + unrealised = initial + realised + unrealised − fees
 * − funding at every step.
 */
class PortfolioPropertiesTest {

    /** One step: a fill (side, qty, price), possibly a duplicate of the previous one, a funding or a mark. */
    record Step(int kind, boolean buy, double qty, double price, double rate) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(true, false),
                Arbitraries.doubles().between(0.1, 50).ofScale(1), Arbitraries.doubles().between(50, 150).ofScale(2),
                Arbitraries.doubles().between(-0.001, 0.001).ofScale(5)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void quantityKeepsItsSignAndEquityBalances(@ForAll("steps") List<Step> steps) {
        Portfolio p = new Portfolio(10_000, 3);
        FeeSchedule fees = FeeSchedule.BYBIT_DEFAULT;
        int seq = 0;
        Fill last = null;
        for (Step s : steps) {
            Portfolio.Position open = p.position("SOLUSDT");
            switch (s.kind()) {
                case 0, 1, 2 -> {
                    Side side = s.buy() ? Side.Buy : Side.Sell;
                    double qty = s.qty();
                    if (open != null && side != open.side()) {
                        qty = Math.min(qty, open.qty()); // exits are reduce-only, as the order manager sends them
                    }
                    last = new Fill("x" + (++seq), "L" + seq, "SOLUSDT", side, qty, s.price(),
                            fees.fee(qty * s.price(), s.kind() == 2), s.kind() == 2, seq, OrderPurpose.ENTRY, "r");
                    p.apply(last, "s", "r");
                }
                case 3 -> {
                    if (last != null) {
                        double cash = p.cash();
                        p.apply(last, "s", "r"); // a replayed execution
                        assertThat(p.cash()).isEqualTo(cash);
                    }
                }
                case 4 -> p.applyFunding("SOLUSDT", s.rate(), s.price());
                default -> p.mark("SOLUSDT", s.price());
            }
            Portfolio.Position pos = p.position("SOLUSDT");
            if (pos != null) {
                assertThat(pos.qty()).isGreaterThan(0);
                assertThat(pos.signedQty()).isEqualTo(pos.side() == Side.Buy ? pos.qty() : -pos.qty());
            }
            double identity = p.initialEquity() + p.realized() + p.unrealized() - p.feesPaid() - p.fundingPaid();
            assertThat(p.equity()).isCloseTo(identity, within(1e-6));
            assertThat(p.equity()).isCloseTo(p.cash() + p.unrealized(), within(1e-9));
            assertThat(p.margin()).isCloseTo(p.exposure() / 3, within(1e-9));
        }
        double net = p.closedTrades().stream().mapToDouble(t -> t.netPnl()).sum();
        Portfolio.Position still = p.position("SOLUSDT");
        double openPart = still == null ? 0 : still.realized() + still.unrealized() - still.fees() - still.funding();
        assertThat(p.equity() - p.initialEquity()).isCloseTo(net + openPart, within(1e-6));
    }
}
