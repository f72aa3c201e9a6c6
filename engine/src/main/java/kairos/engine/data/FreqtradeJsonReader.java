package kairos.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import kairos.engine.domain.Bar;
import kairos.engine.domain.SeriesId;

/**
 * freqtrade JSON candles: {@code [[open_time_ms, open, high, low, close, volume], ...]} in ascending time order.
 * Symbol, market and timeframe come from the freqtrade file name ({@code SOL_USDT_USDT-5m-futures.json}) or the
 * hints. Errors name the 1-based row.
 */
public final class FreqtradeJsonReader implements MarketFileReader {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @Override
    public boolean accepts(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") && firstChar(file) == '[';
    }

    @Override
    public String format() {
        return "freqtrade JSON candles [[ms,o,h,l,c,v],...] (.json)";
    }

    @Override
    public ParsedFile read(Path file, ImportHints hints) throws IOException {
        SeriesId series = hints.candleSeries(file, FileNameInfo.of(file));
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new DataFileException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        RowErrors errors = RowErrors.byRow(file);
        if (root == null || !root.isArray()) {
            throw new DataFileException(file + ": expected a JSON array of [open_time_ms, o, h, l, c, v] rows");
        }
        List<CandleRow> rows = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            long row = i + 1L;
            if (!r.isArray() || r.size() != 6) {
                errors.add(row, "expected [open_time_ms, open, high, low, close, volume], found " + r);
                continue;
            }
            double[] v = new double[6];
            boolean ok = true;
            for (int k = 0; k < 6 && ok; k++) {
                JsonNode n = r.get(k);
                ok = n.isNumber() || (n.isTextual() && isSpecial(n.asText()));
                if (!ok) {
                    errors.add(row, "field " + (k + 1) + " is " + (n.isNull() ? "null" : n.toString())
                            + "; expected a number");
                } else {
                    v[k] = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
                }
            }
            if (ok) {
                long t = r.get(0).asLong();
                rows.add(new CandleRow(row, new Bar(t, v[1], v[2], v[3], v[4], v[5])));
            }
        }
        return RowValidator.candles(file, series, rows, errors);
    }

    private static boolean isSpecial(String text) {
        return text.equals("NaN") || text.endsWith("Infinity");
    }

    /** First non-blank character of the file, or 0 when unreadable or empty. */
    static int firstChar(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                    return c;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
