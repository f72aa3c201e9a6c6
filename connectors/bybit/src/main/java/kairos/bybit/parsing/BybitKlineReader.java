package kairos.bybit.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.engine.data.CandleRow;
import kairos.engine.data.FileNameInfo;
import kairos.engine.data.ImportHints;
import kairos.engine.data.MarketFileReader;
import kairos.engine.data.ParsedFile;
import kairos.engine.data.RowErrors;
import kairos.engine.data.RowValidator;
import kairos.engine.data.TextValues;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * A saved {@code GET /v5/market/kline} response. Bybit lists candles newest first, as strings
 * {@code [startTime, open, high, low, close, volume, turnover]}; they are sorted ascending before validation, and
 * errors name the row as it stands in the response (1 = newest). The response does not say its interval, so the
 * timeframe comes from {@code --timeframe}, else the file name ({@code BTCUSDT-1h.json}), else the smallest step
 * between consecutive candles. Symbol and market come from {@code result.symbol} and {@code result.category}.
 */
public final class BybitKlineReader implements MarketFileReader {

    private static final String ENDPOINT = "GET /v5/market/kline";

    @Override
    public boolean accepts(Path file) {
        BybitResponse r = BybitResponse.peek(file);
        return r != null && (r.list().isEmpty() || r.list().get(0).isArray());
    }

    @Override
    public String format() {
        return "Bybit " + ENDPOINT + " response (.json)";
    }

    @Override
    public ParsedFile read(Path file, ImportHints hints) throws IOException {
        BybitResponse response = BybitResponse.read(file, ENDPOINT);
        RowErrors errors = RowErrors.byRow(file);
        List<CandleRow> rows = new ArrayList<>();
        JsonNode list = response.list();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            long row = i + 1L;
            try {
                rows.add(new CandleRow(row, bar(r)));
            } catch (IllegalArgumentException e) {
                errors.add(row, e.getMessage());
            }
        }
        rows.sort(Comparator.comparingLong((CandleRow c) -> c.bar().openTime()).thenComparingLong(CandleRow::row));
        FileNameInfo name = FileNameInfo.of(file);
        FileNameInfo inferred = new FileNameInfo(null, response.market(), symbol(response, name),
                name.timeframe() != null ? name.timeframe() : smallestStep(rows), FileNameInfo.Kind.CANDLES);
        return RowValidator.candles(file, hints.candleSeries(file, inferred), rows, errors);
    }

    private static String symbol(BybitResponse response, FileNameInfo name) {
        String s = response.result().path("symbol").asText("");
        return s.isEmpty() ? name.symbol() : s;
    }

    /** The timeframe whose length is the smallest step between sorted candles, or null. */
    static Timeframe smallestStep(List<CandleRow> sorted) {
        long step = Long.MAX_VALUE;
        for (int i = 1; i < sorted.size(); i++) {
            long d = sorted.get(i).bar().openTime() - sorted.get(i - 1).bar().openTime();
            if (d > 0) {
                step = Math.min(step, d);
            }
        }
        for (Timeframe tf : Timeframe.values()) {
            if (tf.millis() == step) {
                return tf;
            }
        }
        return null;
    }

    /**
     * One candle of a kline list, {@code [startTime, open, high, low, close, volume, turnover]} as strings.
     *
     * @throws IllegalArgumentException naming the field that is missing or not a number
     */
    static Bar bar(JsonNode r) {
        if (!r.isArray() || r.size() < 6) {
            throw new IllegalArgumentException("expected [startTime, open, high, low, close, volume, turnover], found "
                    + r + " (mark/index price klines have no volume and are not imported)");
        }
        double[] v = new double[5];
        String[] names = {"open", "high", "low", "close", "volume"};
        long t = time(BybitResponse.text(r.get(0)));
        for (int k = 0; k < 5; k++) {
            v[k] = decimal(names[k], BybitResponse.text(r.get(k + 1)));
        }
        return new Bar(t, v[0], v[1], v[2], v[3], v[4]);
    }

    /**
     * The candles of a {@code /v5/market/kline} {@code result} (newest first, as Bybit lists them), oldest first.
     *
     * @throws IllegalArgumentException naming the row (1 = newest) that is not a candle
     */
    public static List<Bar> bars(JsonNode result) {
        JsonNode list = result.path("list");
        if (!list.isArray()) {
            throw new IllegalArgumentException("result.list is missing: not a /v5/market/kline answer");
        }
        List<Bar> out = new ArrayList<>(list.size());
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                out.add(bar(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kline row " + (i + 1) + ": " + e.getMessage());
            }
        }
        out.sort(Comparator.comparingLong(Bar::openTime));
        return out;
    }

    static long time(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("startTime '" + text + "' is not epoch milliseconds");
        }
    }

    static double decimal(String field, String text) {
        try {
            return TextValues.decimal(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " " + e.getMessage());
        }
    }
}
