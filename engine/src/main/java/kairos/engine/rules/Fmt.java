package kairos.engine.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number text for rule reasons: at most 4 decimals, no exponent, "NaN" for a missing value (DRL helper). */
public final class Fmt {
    private Fmt() {
    }

    public static String n(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** A fraction as a percentage: 0.053 → "5.3%". */
    public static String pct(double fraction) {
        return Double.isFinite(fraction) ? n(100 * fraction) + "%" : n(fraction);
    }
}
