package kairos.bybit.parsing;

import java.math.BigDecimal;

/**
 * A funding settlement on a position (Bybit execution of {@code execType} {@code Funding}): not a fill — no
 * quantity changes hands — but cash. {@code amount} is what the position paid, in quote currency: positive paid,
 * negative received (Bybit's {@code execFee}); {@code rate} is the funding rate applied ({@code feeRate}),
 * {@code positionQty} the position size it applied to ({@code execQty}), {@code side} the position's side.
 * {@code execId} is unique: book each once.
 */
public record FundingCashFlow(String execId, String symbol, kairos.engine.domain.Side side, BigDecimal positionQty,
                              BigDecimal rate, BigDecimal amount, long time) {
}
