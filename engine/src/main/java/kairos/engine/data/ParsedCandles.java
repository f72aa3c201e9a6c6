package kairos.engine.data;

import java.nio.file.Path;
import java.util.List;

import kairos.engine.domain.Bar;
import kairos.engine.domain.SeriesId;

/** Validated candles of one file: non-empty, strictly ascending, aligned to the series' timeframe. */
public record ParsedCandles(Path file, SeriesId series, List<CandleRow> rows, boolean rowsAreLines) implements ParsedFile {

    public ParsedCandles {
        if (series.isFunding()) {
            throw new IllegalArgumentException(series + " is a funding series, not candles");
        }
        rows = List.copyOf(rows);
    }

    @Override
    public int rowCount() {
        return rows.size();
    }

    @Override
    public long firstTime() {
        return rows.getFirst().bar().openTime();
    }

    @Override
    public long lastTime() {
        return rows.getLast().bar().openTime();
    }

    public CandleSeries candles() {
        return CandleSeries.of(series.timeframe(), rows.stream().map(CandleRow::bar).toList());
    }

    /** Missing bars inside the file (reported by imports, never an error). */
    public List<Gap> gaps() {
        return Gap.find(rows.stream().map(CandleRow::bar).mapToLong(Bar::openTime).toArray(), series.timeframe());
    }
}
