package kairos.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.SeriesId;

/**
 * Plain CSV, optionally gzipped ({@code .csv}, {@code .csv.gz}). The header decides what the file holds:
 * exactly {@value #CANDLE_HEADER} for candles or {@value #FUNDING_HEADER} for funding. Timestamps are ISO-8601 UTC
 * or epoch milliseconds; rows in ascending time order. Errors name the line (the header is line 1).
 */
public final class CsvFileReader implements MarketFileReader {

    public static final String CANDLE_HEADER = "timestamp,open,high,low,close,volume";
    public static final String FUNDING_HEADER = "timestamp,rate";

    @Override
    public boolean accepts(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    @Override
    public String format() {
        return "CSV with header " + CANDLE_HEADER + " or " + FUNDING_HEADER + " (.csv, .csv.gz)";
    }

    @Override
    public ParsedFile read(Path file, ImportHints hints) throws IOException {
        try (BufferedReader in = open(file)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new DataFileException(file + ": file is empty; expected the header " + CANDLE_HEADER
                        + " or " + FUNDING_HEADER);
            }
            header = header.replace("\uFEFF", "").strip();
            FileNameInfo name = FileNameInfo.of(file);
            RowErrors errors = RowErrors.byLine(file);
            if (header.equals(CANDLE_HEADER)) {
                SeriesId series = hints.candleSeries(file, name);
                return RowValidator.candles(file, series, candleRows(in, errors), errors);
            }
            if (header.equals(FUNDING_HEADER)) {
                SeriesId series = hints.fundingSeries(file, name);
                return RowValidator.funding(file, series, fundingRows(in, errors), errors);
            }
            throw new DataFileException(file + ":1: header '" + header + "' is neither '" + CANDLE_HEADER
                    + "' (candles) nor '" + FUNDING_HEADER + "' (funding)");
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static List<CandleRow> candleRows(BufferedReader in, RowErrors errors) throws IOException {
        List<CandleRow> rows = new ArrayList<>();
        String[] names = CANDLE_HEADER.split(",");
        long line = 1;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            String[] f = fields(text, names.length, line, errors);
            if (f == null) {
                continue;
            }
            try {
                long t = field(f, 0, names);
                double[] v = new double[5];
                for (int i = 1; i < 6; i++) {
                    v[i - 1] = decimal(f, i, names);
                }
                rows.add(new CandleRow(line, new Bar(t, v[0], v[1], v[2], v[3], v[4])));
            } catch (IllegalArgumentException e) {
                errors.add(line, e.getMessage());
            }
        }
        return rows;
    }

    private static List<FundingRow> fundingRows(BufferedReader in, RowErrors errors) throws IOException {
        List<FundingRow> rows = new ArrayList<>();
        String[] names = FUNDING_HEADER.split(",");
        long line = 1;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            String[] f = fields(text, names.length, line, errors);
            if (f == null) {
                continue;
            }
            try {
                rows.add(new FundingRow(line, new FundingRate(field(f, 0, names), decimal(f, 1, names))));
            } catch (IllegalArgumentException e) {
                errors.add(line, e.getMessage());
            }
        }
        return rows;
    }

    /** The fields of a line, or null for a blank line or a wrong field count (then an error is recorded). */
    private static String[] fields(String text, int expected, long line, RowErrors errors) {
        if (text.isBlank()) {
            return null;
        }
        String[] f = text.split(",", -1);
        if (f.length != expected) {
            errors.add(line, "expected " + expected + " fields, found " + f.length + " in '" + text.strip() + "'");
            return null;
        }
        return f;
    }

    private static long field(String[] f, int i, String[] names) {
        try {
            return TextValues.timestamp(f[i]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(names[i] + " " + e.getMessage());
        }
    }

    private static double decimal(String[] f, int i, String[] names) {
        try {
            return TextValues.decimal(f[i]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(names[i] + " " + e.getMessage());
        }
    }
}
