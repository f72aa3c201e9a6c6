package kairos.bybit.sim;

import java.math.BigDecimal;

/**
 * The simulated USDT account: wallet balance (deposits + realised PnL − fees ± funding), unrealised PnL at mark,
 * equity, initial margin of positions and open orders, and what is available for new orders.
 */
public record WalletState(BigDecimal walletBalance, BigDecimal unrealisedPnl, BigDecimal equity, BigDecimal positionInitialMargin,
                          BigDecimal orderInitialMargin, BigDecimal availableBalance, BigDecimal cumRealisedPnl) {
}
