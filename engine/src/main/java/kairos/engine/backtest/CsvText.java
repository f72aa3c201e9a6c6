package kairos.engine.backtest;

import java.time.Instant;

/** RFC 4180 field quoting and the timestamp format shared by the backtest CSV files. */
final class CsvText {

    private CsvText() {
    }

    /** The field as is, or double-quoted (inner quotes doubled) when it holds a comma, quote or newline. */
    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** ISO-8601 UTC, e.g. {@code 2025-05-04T15:35:00Z} (milliseconds shown only when not zero). */
    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
