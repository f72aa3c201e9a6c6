package kairos.bybit.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as Bybit prints them: plain decimal strings, no exponent, no trailing zeros unless a scale is asked for. */
final class ExchangeNumbers {
    private ExchangeNumbers() {
    }

    /** At most {@code scale} decimals, trailing zeros removed, "0" for zero. */
    static String decimal(double value, int scale) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        return plain(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP));
    }

    static String plain(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.signum() == 0 ? "0" : v.toPlainString();
    }

    /** At most 8 decimals (fees, PnL, balances), trailing zeros removed. */
    static String money(BigDecimal value) {
        return plain(value.setScale(8, RoundingMode.HALF_UP));
    }
}
