package kairos.engine.execution;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** PnL, fee and funding arithmetic against hand-computed values. */
class PortfolioTest {
    static final FeeSchedule FEES = new FeeSchedule(0.0002, 0.00055, 0);

    static Fill fill(String id, Side side, double qty, double price, boolean maker, long time, OrderPurpose purpose) {
        return new Fill(id, "L-" + id, "SOLUSDT", side, qty, price, FEES.fee(qty * price, maker), maker, time, purpose,
                purpose == OrderPurpose.TARGET ? "tp1" : purpose.label());
    }

    @Test
    void longWithFundingPaidAndTakerFees() {
        Portfolio p = new Portfolio(10_000);
        // buy 10 SOL at 150 as taker: fee 10*150*0.00055 = 0.825
        p.apply(fill("1", Side.Buy, 10, 150, false, 0, OrderPurpose.ENTRY), "momentum_burst", "Momentum burst long");
        assertThat(p.cash()).isCloseTo(10_000 - 0.825, within(1e-9));
        p.mark("SOLUSDT", 152);
        assertThat(p.equity()).isCloseTo(10_000 - 0.825 + 20, within(1e-9));
        // funding +0.01% at price 151: long pays 10*151*0.0001 = 0.151
        p.applyFunding("SOLUSDT", 0.0001, 151);
        // sell 10 at 153 as maker: fee 10*153*0.0002 = 0.306; gross = (153-150)*10 = 30
        TradeRecord t = p.apply(fill("2", Side.Sell, 10, 153, true, 60_000, OrderPurpose.TARGET), null, null);
        assertThat(t).isNotNull();
        assertThat(t.side()).isEqualTo(Side.Buy);
        assertThat(t.grossPnl()).isCloseTo(30, within(1e-9));
        assertThat(t.fees()).isCloseTo(0.825 + 0.306, within(1e-9));
        assertThat(t.funding()).isCloseTo(0.151, within(1e-9));
        assertThat(t.netPnl()).isCloseTo(30 - 1.131 - 0.151, within(1e-9));
        assertThat(t.exitReason()).isEqualTo("tp1");
        assertThat(t.strategy()).isEqualTo("momentum_burst");
        assertThat(p.equity()).isCloseTo(10_000 + t.netPnl(), within(1e-9));
        assertThat(p.openPositions()).isEmpty();
    }

    @Test
    void shortReceivesPositiveFundingAndLosesWhenPriceRises() {
        Portfolio p = new Portfolio(5_000);
        p.apply(fill("1", Side.Sell, 4, 100, false, 0, OrderPurpose.ENTRY), "s", "r");   // fee 0.22
        p.applyFunding("SOLUSDT", 0.0002, 101);                                           // short receives 4*101*0.0002 = 0.0808
        TradeRecord t = p.apply(fill("2", Side.Buy, 4, 102, false, 1, OrderPurpose.STOP), null, null); // fee 0.2244
        assertThat(t.side()).isEqualTo(Side.Sell);
        assertThat(t.grossPnl()).isCloseTo(-8, within(1e-9));
        assertThat(t.funding()).isCloseTo(-0.0808, within(1e-9));
        assertThat(t.fees()).isCloseTo(0.22 + 0.2244, within(1e-9));
        assertThat(t.netPnl()).isCloseTo(-8 - 0.4444 + 0.0808, within(1e-9));
        assertThat(p.equity()).isCloseTo(5_000 + t.netPnl(), within(1e-9));
        assertThat(p.feesPaid()).isCloseTo(0.4444, within(1e-9));
        assertThat(p.fundingPaid()).isCloseTo(-0.0808, within(1e-9));
    }

    @Test
    void partialExitsAreSummedIntoOneTradeWithTheMeanExitPrice() {
        Portfolio p = new Portfolio(10_000);
        p.apply(fill("1", Side.Buy, 6, 100, false, 0, OrderPurpose.ENTRY), "s", "r");
        p.apply(fill("2", Side.Buy, 4, 105, false, 1, OrderPurpose.ENTRY), "s", "r"); // avg 102
        assertThat(p.position("SOLUSDT").avgEntry()).isCloseTo(102, within(1e-9));
        assertThat(p.apply(fill("3", Side.Sell, 4, 110, true, 2, OrderPurpose.TARGET), null, null)).isNull();
        TradeRecord t = p.apply(fill("4", Side.Sell, 6, 100, false, 3, OrderPurpose.STOP), null, null);
        assertThat(t.qty()).isEqualTo(10);
        assertThat(t.exitPrice()).isCloseTo((4 * 110 + 6 * 100) / 10.0, within(1e-9));
        assertThat(t.grossPnl()).isCloseTo(4 * 8 - 6 * 2, within(1e-9));
        assertThat(t.exitReason()).isEqualTo("stop");
    }

    @Test
    void aRepeatedExecutionIsAppliedOnce() {
        Portfolio p = new Portfolio(10_000);
        Fill f = fill("1", Side.Buy, 1, 100, false, 0, OrderPurpose.ENTRY);
        p.apply(f, "s", "r");
        p.apply(f, "s", "r");
        assertThat(p.position("SOLUSDT").qty()).isEqualTo(1);
        assertThat(p.feesPaid()).isCloseTo(0.055, within(1e-12));
    }

    @Test
    void aFillLargerThanThePositionClosesItAndOpensTheRestTheOtherWay() {
        Portfolio p = new Portfolio(10_000);
        p.apply(fill("1", Side.Buy, 1, 100, false, 0, OrderPurpose.ENTRY), "s", "r");
        TradeRecord closed = p.apply(fill("2", Side.Sell, 3, 110, false, 1, OrderPurpose.EXIT), null, null, "flip");
        assertThat(closed.qty()).isEqualTo(1);
        assertThat(closed.grossPnl()).isCloseTo(10, within(1e-9));
        assertThat(closed.fees()).isCloseTo(100 * 0.00055 + 110 * 0.00055, within(1e-9));   // a third of the fee
        Portfolio.Position rest = p.position("SOLUSDT");
        assertThat(rest.side()).isEqualTo(Side.Sell);
        assertThat(rest.size()).isEqualByComparingTo("2");
        assertThat(rest.avgEntry()).isEqualTo(110);
        assertThat(rest.strategy()).isEmpty();                                     // no plan opened it
        assertThat(p.feesPaid()).isCloseTo(100 * 0.00055 + 330 * 0.00055, within(1e-9));
        assertThat(p.equity()).isCloseTo(10_000 + 10 - p.feesPaid(), within(1e-9));
        assertThat(p.signedSize("SOLUSDT")).isEqualByComparingTo("-2");
    }

    @Test
    void theJournaledAccountRestoresTheSameBook() {
        Portfolio p = new Portfolio(10_000, 3);
        p.apply(fill("1", Side.Buy, 2, 100, false, 0, OrderPurpose.ENTRY), "s", "r");
        p.apply(fill("2", Side.Sell, 2, 101, false, 60_000, OrderPurpose.EXIT), null, null, "tp1");
        p.apply(fill("3", Side.Sell, 1.5, 102, false, 120_000, OrderPurpose.ENTRY), "m", "q");
        p.setInitialRisk("SOLUSDT", 3);
        p.applyFunding("SOLUSDT", 0.0001, 102);
        Portfolio.State s = p.state(50);
        Portfolio back = new Portfolio(1);
        back.restore(StateJson.read(StateJson.write(s), Portfolio.State.class));
        assertThat(back.state(50)).isEqualTo(s);
        assertThat(back.equity()).isEqualTo(p.equity());
        assertThat(back.hasSeen("2")).isTrue();
        assertThat(back.apply(fill("2", Side.Sell, 2, 101, false, 60_000, OrderPurpose.EXIT), null, null, "x")).isNull();
        assertThat(back.closedTrades()).isEqualTo(p.closedTrades());
        assertThat(back.position("SOLUSDT").initialRisk()).isEqualTo(3);
    }

    @Test
    void fundingWithoutAPositionIsIgnoredAndEquityNeedsAPositiveStart() {
        Portfolio p = new Portfolio(1_000);
        p.applyFunding("SOLUSDT", 0.01, 100);
        assertThat(p.equity()).isEqualTo(1_000);
        assertThat(p.initialEquity()).isEqualTo(1_000);
        assertThatThrownBy(() -> new Portfolio(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Funding as the venue books it (live): once per execution id, into cash, the position and its trade's net. */
    @Test
    void venueBookedFundingIsBookedOnceAndCarriedIntoTheTradesNet() {
        Portfolio p = new Portfolio(10_000);
        p.bookFunding(new FundingPayment("fund-0", "SOLUSDT", 0.3, 0));           // flat: the account still paid it
        assertThat(p.equity()).isCloseTo(9_999.7, within(1e-9));
        p.apply(fill("1", Side.Buy, 2, 100, false, 0, OrderPurpose.ENTRY), "s", "r");
        p.bookFunding(new FundingPayment("fund-1", "SOLUSDT", 0.02, 28_800_000));
        p.bookFunding(new FundingPayment("fund-1", "SOLUSDT", 0.02, 28_800_000)); // the same settlement again
        p.bookFunding(new FundingPayment("fund-2", "SOLUSDT", -0.05, 57_600_000)); // a negative rate: received
        assertThat(p.position("SOLUSDT").funding()).isCloseTo(-0.03, within(1e-12));
        assertThat(p.fundingPaid()).isCloseTo(0.27, within(1e-12));

        Portfolio back = new Portfolio(1);
        back.restore(StateJson.read(StateJson.write(p.state(50)), Portfolio.State.class));
        back.bookFunding(new FundingPayment("fund-2", "SOLUSDT", -0.05, 57_600_000)); // after a restart: still once
        assertThat(back.fundingPaid()).isCloseTo(0.27, within(1e-12));

        TradeRecord t = back.apply(fill("2", Side.Sell, 2, 101, false, 60_000_000, OrderPurpose.EXIT), null, null, "tp1");
        double fees = (200 + 202) * 0.00055;
        assertThat(t.funding()).isCloseTo(-0.03, within(1e-12));
        assertThat(t.netPnl()).isCloseTo(2 - fees + 0.03, within(1e-9));
        assertThat(back.equity()).isCloseTo(10_000 - 0.3 + 2 - fees + 0.03, within(1e-9));
    }
}
