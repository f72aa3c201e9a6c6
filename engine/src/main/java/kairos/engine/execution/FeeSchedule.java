package kairos.engine.execution;

/**
 * Fee and slippage model of the simulated venue. Fees are fractions of notional (Bybit defaults: maker 0.02%,
 * taker 0.055%). {@code slippage} is the fraction of price lost on every market and stop fill.
 */
public record FeeSchedule(double makerFee, double takerFee, double slippage) {

    public static final FeeSchedule BYBIT_DEFAULT = new FeeSchedule(0.0002, 0.00055, 0.0001);

    public FeeSchedule {
        if (makerFee < -0.001 || makerFee > 0.01 || takerFee < 0 || takerFee > 0.01 || slippage < 0 || slippage > 0.05) {
            throw new IllegalArgumentException("fees must be within [-0.1%, 1%] and slippage within [0, 5%]");
        }
    }

    public double fee(double notional, boolean maker) {
        return Math.abs(notional) * (maker ? makerFee : takerFee);
    }
}
