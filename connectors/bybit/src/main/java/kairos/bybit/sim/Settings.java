package kairos.bybit.sim;

import java.math.BigDecimal;

/**
 * How the simulated venue trades: fee rates, market-order slippage in ticks, the largest share of a tape trade one
 * fill may take (partial fills), whether a resting limit fills when a trade only touches its price, the initial
 * USDT balance, default leverage and the funding rate used when the tape has none.
 */
record Settings(BigDecimal makerFee, BigDecimal takerFee, int slippageTicks, double maxFillFraction, boolean fillOnTouch,
                BigDecimal initialBalance, BigDecimal defaultLeverage, double defaultFundingRate, long seed, long userId) {
}
