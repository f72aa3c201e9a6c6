package kairos.engine.risk;

import java.math.BigDecimal;

/** The risk guard's answer to a proposal: accepted with a quantity, or rejected with the reason. */
public record RiskVerdict(boolean accepted, String reason, BigDecimal qty, BigDecimal stopPrice, double riskAmount) {

    public static RiskVerdict reject(String reason) {
        return new RiskVerdict(false, reason, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }
}
