package kairos.engine.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prints numbers for CSV and HTML so that two runs give byte-identical files: rounded half-even to
 * {@value #SCALE} decimals, trailing zeros stripped, never in scientific notation.
 */
final class DecimalText {

    static final int SCALE = 8;

    private DecimalText() {
    }

    /** {@code 12.5}, {@code 0}, {@code -0.00000001}; NaN and infinities as the empty string. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(SCALE, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
