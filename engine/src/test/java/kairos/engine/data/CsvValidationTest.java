package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input is refused with the file and the line in the message. */
class CsvValidationTest {

    private static final String H = CsvFileReader.CANDLE_HEADER;
    private static final String R1 = "2025-01-01T00:00:00Z,100,101,99,100.5,10";
    private static final String R2 = "2025-01-01T00:01:00Z,100.5,102,100,101,12";

    @TempDir
    Path dir;

    private DataFileException refuse(String... lines) {
        Path file = TestData.write(dir, "bad.csv", lines);
        return org.junit.jupiter.api.Assertions.assertThrows(DataFileException.class,
                () -> new CsvFileReader().read(file, ImportHints.none().withSymbol("SOLUSDT")
                        .withTimeframe(kairos.engine.domain.Timeframe.M1)));
    }

    private void assertRefused(String expected, String... lines) {
        assertThat(refuse(lines).getMessage()).contains(dir.resolve("bad.csv") + expected);
    }

    @Test
    void duplicateTimestamp() {
        assertRefused(":4: duplicate timestamp 2025-01-01T00:01:00Z (also at line 3)", H, R1, R2,
                "2025-01-01T00:01:00Z,100.5,102,100,101,12");
    }

    @Test
    void nonMonotonicTimestamp() {
        assertRefused(":3: timestamp 2025-01-01T00:00:00Z is before 2025-01-01T00:01:00Z at line 2", H, R2, R1);
    }

    @Test
    void nan() {
        assertRefused(":2: close is NaN", H, "2025-01-01T00:00:00Z,100,101,99,NaN,10");
    }

    @Test
    void infinity() {
        assertRefused(":2: high is Infinity", H, "2025-01-01T00:00:00Z,100,Infinity,99,100,10");
    }

    @Test
    void emptyField() {
        assertRefused(":2: low is empty", H, "2025-01-01T00:00:00Z,100,101,,100,10");
    }

    @Test
    void emptyTimestamp() {
        assertRefused(":2: timestamp is empty", H, ",100,101,99,100,10");
    }

    @Test
    void missingField() {
        assertRefused(":2: expected 6 fields, found 5", H, "2025-01-01T00:00:00Z,100,101,99,100");
    }

    @Test
    void notANumber() {
        assertRefused(":2: volume 'ten' is not a number", H, "2025-01-01T00:00:00Z,100,101,99,100,ten");
    }

    @Test
    void numberWithTypeSuffixIsNotANumber() {
        assertRefused(":2: open '100d' is not a number", H, "2025-01-01T00:00:00Z,100d,101,99,100,1");
    }

    @Test
    void badTimestamp() {
        assertRefused(":2: timestamp '2025-01-01 00:00' is neither an ISO-8601 UTC time", H,
                "2025-01-01 00:00,100,101,99,100,10");
    }

    @Test
    void epochSecondsAreRefused() {
        assertRefused(":2: timestamp 1970-01-21T02:08:09.600Z is before 2000", H, "1735689600,100,101,99,100,10");
    }

    @Test
    void negativePrice() {
        assertRefused(":2: low is -99; prices must be positive", H, "2025-01-01T00:00:00Z,100,101,-99,100,10");
    }

    @Test
    void zeroPrice() {
        assertRefused(":2: open is 0; prices must be positive", H, "2025-01-01T00:00:00Z,0,101,99,100,10");
    }

    @Test
    void highBelowLow() {
        assertRefused(":2: high 99 is below low 101", H, "2025-01-01T00:00:00Z,100,99,101,100,10");
    }

    @Test
    void openOutsideRange() {
        assertRefused(":2: open 102 is outside [low, high] = [99, 101]", H, "2025-01-01T00:00:00Z,102,101,99,100,10");
    }

    @Test
    void closeOutsideRange() {
        assertRefused(":2: close 98 is outside [low, high] = [99, 101]", H, "2025-01-01T00:00:00Z,100,101,99,98,10");
    }

    @Test
    void negativeVolume() {
        assertRefused(":2: volume is -1; volume cannot be negative", H, "2025-01-01T00:00:00Z,100,101,99,100,-1");
    }

    @Test
    void wrongHeader() {
        assertRefused(":1: header 'time,open,high,low,close,volume' is neither", "time,open,high,low,close,volume", R1);
    }

    @Test
    void timestampNotOnTimeframe() {
        assertRefused(":2: timestamp 2025-01-01T00:00:30Z is not on a 1m boundary", H,
                "2025-01-01T00:00:30Z,100,101,99,100,10");
    }

    @Test
    void emptyFile() {
        assertThat(refuse().getMessage()).contains("bad.csv: file is empty");
    }

    @Test
    void headerOnly() {
        assertThat(refuse(H).getMessage()).contains("bad.csv: no data rows");
    }

    @Test
    void allErrorsAreListedOnePerLine() {
        DataFileException e = refuse(H, "2025-01-01T00:00:00Z,100,101,99,NaN,10", R2,
                "2025-01-01T00:02:00Z,100,101,99,100,-1");
        assertThat(e.errors()).hasSize(2);
        assertThat(e.getMessage().split("\n")).hasSize(2);
        assertThat(e.errors().get(1)).contains("bad.csv:4: volume is -1");
    }

    @Test
    void stopsAfterTwentyErrors() {
        List<String> lines = new ArrayList<>(List.of(H));
        for (int i = 0; i < 50; i++) {
            lines.add("2025-01-01T00:00:00Z,100,101,99,100,-1");
        }
        DataFileException e = refuse(lines.toArray(String[]::new));
        assertThat(e.errors()).hasSize(RowErrors.MAX_ERRORS + 1);
        assertThat(e.errors().getLast()).contains("stopped after 20 errors");
    }

    @Test
    void fundingRowsAreValidated() {
        DataFileException e = refuse(CsvFileReader.FUNDING_HEADER, "2025-01-01T00:00:00Z,0.0001",
                "2025-01-01T08:00:00Z,NaN", "2025-01-01T08:00:00Z,0.0001", "2025-01-01T16:00:00Z",
                "2025-01-01T17:00:00Z,x");
        assertThat(e.errors()).containsExactly(
                dir.resolve("bad.csv") + ":3: rate is NaN; expected a finite fraction such as 0.0001",
                dir.resolve("bad.csv") + ":4: duplicate timestamp 2025-01-01T08:00:00Z (also at line 3)",
                dir.resolve("bad.csv") + ":5: expected 2 fields, found 1 in '2025-01-01T16:00:00Z'",
                dir.resolve("bad.csv") + ":6: rate 'x' is not a number");
    }

    @Test
    void fundingDuplicate() {
        assertRefused(":3: duplicate timestamp 2025-01-01T08:00:00Z", CsvFileReader.FUNDING_HEADER,
                "2025-01-01T08:00:00Z,0.0001", "2025-01-01T08:00:00Z,0.0001");
    }

    @Test
    void blankLinesAreSkipped() throws Exception {
        Path file = TestData.write(dir, "SOLUSDT-1m.csv", H, R1, "", R2, "");
        assertThat(new CsvFileReader().read(file, ImportHints.none()).rowCount()).isEqualTo(2);
    }
}
