package kairos.engine.data;

import kairos.engine.domain.Bar;

/** A candle read from a file, with the line or row it came from (for error messages). */
public record CandleRow(long row, Bar bar) {
}
