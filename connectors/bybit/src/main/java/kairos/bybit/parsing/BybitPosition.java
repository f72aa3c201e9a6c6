package kairos.bybit.parsing;

import java.math.BigDecimal;

import kairos.engine.execution.PositionReport;

/**
 * One position as Bybit V5 reports it: {@code /v5/position/list} ({@code avgPrice}) and the private
 * {@code position} topic ({@code entryPrice}). {@code side} is {@code Buy} (long), {@code Sell} (short) or empty
 * when flat; {@code positionIdx} is 0 in one-way mode, which Kairos requires.
 */
public record BybitPosition(String symbol, String category, String side, BigDecimal size, BigDecimal avgPrice,
                            BigDecimal entryPrice, Integer positionIdx, BigDecimal markPrice, BigDecimal leverage,
                            Long updatedTime, Long seq) {

    /** The signed size (+ long, − short, 0 flat). */
    public BigDecimal signedSize(String where) {
        String at = where + ": position " + symbol;
        BigDecimal s = BybitJson.required(size, at, "size");
        return switch (side == null ? "" : side) {
            case "Buy" -> s;
            case "Sell" -> s.negate();
            case "", "None" -> {
                if (s.signum() != 0) {
                    throw new BybitPayloadException(at + ": size " + s.toPlainString() + " without a side");
                }
                yield BigDecimal.ZERO;
            }
            default -> throw new BybitPayloadException(at + ": side '" + side + "' is not Buy, Sell or empty");
        };
    }

    /** The engine's report; {@code fallbackTime} when Bybit sent no {@code updatedTime}. */
    public PositionReport toReport(String where, long fallbackTime) {
        BybitJson.required(symbol, where, "symbol");
        BigDecimal price = avgPrice != null ? avgPrice : entryPrice != null ? entryPrice : BigDecimal.ZERO;
        return new PositionReport(symbol, signedSize(where), price.doubleValue(),
                updatedTime != null ? updatedTime : fallbackTime);
    }
}
