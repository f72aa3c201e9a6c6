package kairos.engine.data;

import java.nio.file.Path;

import kairos.engine.domain.SeriesId;

/**
 * A market-data file read and validated by a {@link MarketFileReader}: either candles or funding, for one series,
 * rows in ascending time order with the line or row each came from.
 */
public sealed interface ParsedFile permits ParsedCandles, ParsedFunding {

    Path file();

    SeriesId series();

    int rowCount();

    /** Time of the first row (bar open or funding time), epoch ms. */
    long firstTime();

    /** Time of the last row, epoch ms. */
    long lastTime();

    /** True when row numbers are text lines (CSV), false when they count rows from 1 (JSON, Feather). */
    boolean rowsAreLines();

    /** Where a row is, for messages: {@code file:4} (line) or {@code file:row 4}. */
    default String location(long row) {
        return file() + ":" + (rowsAreLines() ? "" : "row ") + row;
    }
}
