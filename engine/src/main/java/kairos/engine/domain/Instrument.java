package kairos.engine.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Trading rules of a contract as the exchange states them (Bybit instruments-info): price tick, quantity step,
 * minimum quantity and minimum order value. Rounding uses BigDecimal so that what reaches the exchange is exact.
 */
public record Instrument(String symbol, BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minQty, BigDecimal minNotional) {

    public Instrument {
        if (tickSize.signum() <= 0 || qtyStep.signum() <= 0 || minQty.signum() < 0 || minNotional.signum() < 0) {
            throw new IllegalArgumentException(symbol + ": tick size and qty step must be > 0, minimums >= 0");
        }
    }

    /** Largest multiple of the quantity step not above {@code qty} (never rounds a size up). */
    public BigDecimal floorQty(double qty) {
        if (!(qty > 0)) {
            return BigDecimal.ZERO;
        }
        BigDecimal steps = BigDecimal.valueOf(qty).divide(qtyStep, 0, RoundingMode.FLOOR);
        return steps.multiply(qtyStep).stripTrailingZeros();
    }

    /** Price rounded to the tick, in the given direction. */
    public BigDecimal roundPrice(double price, RoundingMode mode) {
        BigDecimal ticks = BigDecimal.valueOf(price).divide(tickSize, 0, mode);
        return ticks.multiply(tickSize).stripTrailingZeros();
    }

    public boolean acceptable(BigDecimal qty, double price) {
        return qty.compareTo(minQty) >= 0 && qty.signum() > 0
                && qty.multiply(BigDecimal.valueOf(price)).compareTo(minNotional) >= 0;
    }
}
