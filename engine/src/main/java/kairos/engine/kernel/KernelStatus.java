package kairos.engine.kernel;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the kernel reports of itself, taken on the kernel thread ({@link TradingControl#status()}): the mode, the
 * pause in force, the traded symbols, the account, the open positions (with the exchange's quantity) and orders,
 * the rules and model running, whether it is reconciled with a reachable venue, and the fallback feed the market
 * data comes from ({@code fallback}, null while the venue's own feed serves).
 */
public record KernelStatus(String mode, boolean paused, String pauseReason, List<String> symbols, double equity,
                           double cash, List<PositionView> positions, int openOrders, String rulesetHash,
                           String modelVersion, boolean reconciled, boolean venueUp, long time, String fallback) {

    /** One open position: {@code size} is the exchange's quantity, {@code stop} the live stop (NaN: none). */
    public record PositionView(String symbol, String side, BigDecimal size, double entryPrice, double unrealizedPnl,
                               double stop, String strategy) {
    }
}
