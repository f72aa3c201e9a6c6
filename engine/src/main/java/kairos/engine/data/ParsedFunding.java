package kairos.engine.data;

import java.nio.file.Path;
import java.util.List;

import kairos.engine.domain.FundingRate;
import kairos.engine.domain.SeriesId;

/** Validated funding settlements of one file: non-empty, strictly ascending in time. */
public record ParsedFunding(Path file, SeriesId series, List<FundingRow> rows, boolean rowsAreLines) implements ParsedFile {

    public ParsedFunding {
        if (!series.isFunding()) {
            throw new IllegalArgumentException(series + " is a candle series, not funding");
        }
        rows = List.copyOf(rows);
    }

    @Override
    public int rowCount() {
        return rows.size();
    }

    @Override
    public long firstTime() {
        return rows.getFirst().funding().time();
    }

    @Override
    public long lastTime() {
        return rows.getLast().funding().time();
    }

    public List<FundingRate> rates() {
        return rows.stream().map(FundingRow::funding).toList();
    }
}
