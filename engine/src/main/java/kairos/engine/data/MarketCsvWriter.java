package kairos.engine.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import kairos.engine.domain.FundingRate;

/**
 * Writes candles and funding in the CSV form {@link CsvFileReader} reads back exactly: ISO-8601 UTC timestamps and
 * the shortest decimal of each value ({@link TextValues#plain}). A name ending in {@code .gz} is gzipped; the
 * output is deterministic (no time in the gzip header), so the same data always gives the same bytes.
 */
public final class MarketCsvWriter {

    private MarketCsvWriter() {
    }

    public static void writeCandles(Path file, CandleSeries s) throws IOException {
        try (Writer w = open(file)) {
            w.write(CsvFileReader.CANDLE_HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < s.size(); i++) {
                line.setLength(0);
                line.append(TextValues.iso(s.openTime(i))).append(',').append(TextValues.plain(s.open(i)))
                        .append(',').append(TextValues.plain(s.high(i))).append(',')
                        .append(TextValues.plain(s.low(i))).append(',').append(TextValues.plain(s.close(i)))
                        .append(',').append(TextValues.plain(s.volume(i))).append('\n');
                w.append(line);
            }
        }
    }

    public static void writeFunding(Path file, List<FundingRate> rates) throws IOException {
        try (Writer w = open(file)) {
            w.write(CsvFileReader.FUNDING_HEADER);
            w.write('\n');
            for (FundingRate r : rates) {
                w.write(TextValues.iso(r.time()) + "," + TextValues.plain(r.rate()) + "\n");
            }
        }
    }

    private static Writer open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }
}
