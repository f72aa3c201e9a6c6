package kairos.bybit.sim;

import kairos.engine.domain.Side;

import java.math.BigDecimal;

/** The simulator's truth about a position ({@code side} null and size 0 when flat). */
public record PositionState(String symbol, Side side, BigDecimal size, BigDecimal avgPrice, BigDecimal leverage,
                            BigDecimal unrealisedPnl, BigDecimal curRealisedPnl, BigDecimal cumRealisedPnl,
                            BigDecimal takeProfit, BigDecimal stopLoss, long updatedTime) {

    /** Size signed by side: > 0 long, < 0 short, 0 flat. */
    public BigDecimal signedSize() {
        return side == null ? BigDecimal.ZERO : side == Side.Buy ? size : size.negate();
    }
}
