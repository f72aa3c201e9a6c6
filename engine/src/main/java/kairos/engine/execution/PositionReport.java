package kairos.engine.execution;

import java.math.BigDecimal;

/** The venue's position in a symbol (Bybit's {@code position} stream): signed size (+ long, − short, 0 flat). */
public record PositionReport(String symbol, BigDecimal size, double avgPrice, long time) implements VenueEvent {
}
