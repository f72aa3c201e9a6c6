package kairos.bybit.sim;

import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A one-way-mode position: signed by its side, averaged on increases, realising PnL on reductions (a fill larger
 * than the position flips it). Realised PnL includes fees and funding, as Bybit's {@code curRealisedPnl} does.
 */
final class SimPosition {
    final String symbol;
    Side side;
    BigDecimal size = BigDecimal.ZERO;
    BigDecimal avgPrice = BigDecimal.ZERO;
    BigDecimal leverage;
    BigDecimal takeProfit = BigDecimal.ZERO;
    BigDecimal stopLoss = BigDecimal.ZERO;
    String tpTriggerBy = "LastPrice";
    String slTriggerBy = "LastPrice";
    BigDecimal curRealisedPnl = BigDecimal.ZERO;
    BigDecimal cumRealisedPnl = BigDecimal.ZERO;
    long createdTime;
    long updatedTime;
    long seq = -1;

    SimPosition(String symbol, BigDecimal leverage, long createdTime) {
        this.symbol = symbol;
        this.leverage = leverage;
        this.createdTime = createdTime;
        this.updatedTime = createdTime;
    }

    boolean isOpen() {
        return size.signum() > 0;
    }

    /** Size signed by side: > 0 long, < 0 short. */
    BigDecimal signed() {
        return side == null || size.signum() == 0 ? BigDecimal.ZERO : side == Side.Buy ? size : size.negate();
    }

    /** The part of a fill of {@code qty} on {@code fillSide} that reduces this position. */
    BigDecimal closingPart(Side fillSide, BigDecimal qty) {
        return isOpen() && side != fillSide ? qty.min(size) : BigDecimal.ZERO;
    }

    /**
     * Applies a fill; returns the gross PnL realised by its closing part (0 when it only opens or adds).
     */
    BigDecimal fill(Side fillSide, BigDecimal qty, BigDecimal price) {
        BigDecimal closing = closingPart(fillSide, qty);
        BigDecimal pnl = BigDecimal.ZERO;
        if (closing.signum() > 0) {
            pnl = price.subtract(avgPrice).multiply(closing).multiply(BigDecimal.valueOf(side.sign()));
            size = size.subtract(closing);
            if (size.signum() == 0) {
                avgPrice = BigDecimal.ZERO;
                side = null;
            }
        }
        BigDecimal opening = qty.subtract(closing);
        if (opening.signum() > 0) {
            if (!isOpen()) {
                curRealisedPnl = BigDecimal.ZERO;
                side = fillSide;
                avgPrice = price;
                size = opening;
            } else {
                BigDecimal value = avgPrice.multiply(size).add(price.multiply(opening));
                size = size.add(opening);
                avgPrice = value.divide(size, 10, RoundingMode.HALF_UP).stripTrailingZeros();
            }
        }
        return pnl;
    }

    void realise(BigDecimal amount) {
        curRealisedPnl = curRealisedPnl.add(amount);
        cumRealisedPnl = cumRealisedPnl.add(amount);
    }

    BigDecimal unrealised(BigDecimal mark) {
        if (!isOpen() || mark == null) {
            return BigDecimal.ZERO;
        }
        return mark.subtract(avgPrice).multiply(size).multiply(BigDecimal.valueOf(side.sign()));
    }

    BigDecimal value(BigDecimal mark) {
        return mark == null ? BigDecimal.ZERO : size.multiply(mark);
    }

    BigDecimal initialMargin(BigDecimal mark) {
        return value(mark).divide(leverage, 8, RoundingMode.HALF_UP);
    }

    PositionState state(BigDecimal mark) {
        return new PositionState(symbol, side, size, avgPrice, leverage, unrealised(mark), curRealisedPnl, cumRealisedPnl,
                takeProfit, stopLoss, updatedTime);
    }
}
