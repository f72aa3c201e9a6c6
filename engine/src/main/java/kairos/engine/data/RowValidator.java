package kairos.engine.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

/**
 * The checks every reader applies to the rows it parsed, whatever the format: finite values, positive prices,
 * {@code low <= open, close <= high}, non-negative volume, timestamps on the timeframe grid and strictly ascending.
 * Rows must be given in file order (a reader of newest-first data sorts first).
 */
public final class RowValidator {

    /** Times before this are taken for a unit mistake (epoch seconds read as milliseconds). */
    static final long EARLIEST = 946_684_800_000L; // 2000-01-01T00:00:00Z

    private RowValidator() {
    }

    /**
     * Validates candle rows and returns them as a parsed file.
     *
     * @throws DataFileException naming file and row of every problem (including those already in {@code errors})
     */
    public static ParsedCandles candles(Path file, SeriesId series, List<CandleRow> rows, RowErrors errors) {
        Timeframe tf = series.timeframe();
        List<CandleRow> valid = new ArrayList<>(rows.size());
        long lastTime = Long.MIN_VALUE;
        long lastRow = 0;
        for (CandleRow row : rows) {
            Bar b = row.bar();
            String problem = barProblem(b);
            if (problem != null) {
                errors.add(row.row(), problem);
            }
            long t = b.openTime();
            boolean timeOk = checkTime(errors, row.row(), t, lastTime, lastRow);
            if (timeOk && tf.floor(t) != t) {
                errors.add(row.row(), "timestamp " + TextValues.iso(t) + " is not on a " + tf + " boundary (the " + tf
                        + " bar containing it opens at " + TextValues.iso(tf.floor(t))
                        + "); is the timeframe right?");
                timeOk = false;
            }
            if (t > lastTime) {
                lastTime = t;
                lastRow = row.row();
            }
            if (problem == null && timeOk) {
                valid.add(row);
            }
        }
        requireRows(rows, errors);
        errors.throwIfAny();
        return new ParsedCandles(file, series, valid, errors.byLine());
    }

    /**
     * Validates funding rows (any sign; times need not be on a grid, Binance stamps them a few ms late).
     *
     * @throws DataFileException naming file and row of every problem (including those already in {@code errors})
     */
    public static ParsedFunding funding(Path file, SeriesId series, List<FundingRow> rows, RowErrors errors) {
        List<FundingRow> valid = new ArrayList<>(rows.size());
        long lastTime = Long.MIN_VALUE;
        long lastRow = 0;
        for (FundingRow row : rows) {
            FundingRate f = row.funding();
            boolean ok = Double.isFinite(f.rate());
            if (!ok) {
                errors.add(row.row(), "rate is " + f.rate() + "; expected a finite fraction such as 0.0001");
            }
            ok &= checkTime(errors, row.row(), f.time(), lastTime, lastRow);
            if (f.time() > lastTime) {
                lastTime = f.time();
                lastRow = row.row();
            }
            if (ok) {
                valid.add(row);
            }
        }
        requireRows(rows, errors);
        errors.throwIfAny();
        return new ParsedFunding(file, series, valid, errors.byLine());
    }

    private static void requireRows(List<?> rows, RowErrors errors) {
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.addFile("no data rows");
        }
    }

    private static boolean checkTime(RowErrors errors, long row, long t, long lastTime, long lastRow) {
        if (t < EARLIEST) {
            errors.add(row, "timestamp " + TextValues.iso(t)
                    + " is before 2000; timestamps must be ISO-8601 UTC or epoch milliseconds (not seconds)");
            return false;
        }
        if (t == lastTime) {
            errors.add(row, "duplicate timestamp " + TextValues.iso(t) + " (also at " + errors.where(lastRow) + ")");
            return false;
        }
        if (t < lastTime) {
            errors.add(row, "timestamp " + TextValues.iso(t) + " is before " + TextValues.iso(lastTime) + " at "
                    + errors.where(lastRow) + "; rows must be in ascending time order");
            return false;
        }
        return true;
    }

    /** The first thing wrong with a bar's values, or null. */
    static String barProblem(Bar b) {
        String[] names = {"open", "high", "low", "close", "volume"};
        double[] values = {b.open(), b.high(), b.low(), b.close(), b.volume()};
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return names[i] + " is " + values[i] + "; expected a finite number";
            }
            if (i < 4 && values[i] <= 0) {
                return names[i] + " is " + TextValues.plain(values[i]) + "; prices must be positive";
            }
        }
        if (b.high() < b.low()) {
            return "high " + TextValues.plain(b.high()) + " is below low " + TextValues.plain(b.low());
        }
        if (b.open() < b.low() || b.open() > b.high()) {
            return "open " + TextValues.plain(b.open()) + " is outside [low, high] = [" + TextValues.plain(b.low())
                    + ", " + TextValues.plain(b.high()) + "]";
        }
        if (b.close() < b.low() || b.close() > b.high()) {
            return "close " + TextValues.plain(b.close()) + " is outside [low, high] = [" + TextValues.plain(b.low())
                    + ", " + TextValues.plain(b.high()) + "]";
        }
        if (b.volume() < 0) {
            return "volume is " + TextValues.plain(b.volume()) + "; volume cannot be negative";
        }
        return null;
    }
}
