package kairos.engine.data;

import java.util.List;

import kairos.engine.domain.SeriesId;

/**
 * A stored series as {@code data list} shows it: first and last bar open time in epoch ms (for funding: first and
 * last settlement time), row count and the missing bars inside it (always empty for funding).
 */
public record SeriesInfo(SeriesId id, long firstOpenTime, long lastOpenTime, int rows, List<Gap> gaps) {

    public SeriesInfo {
        gaps = List.copyOf(gaps);
    }

    @Override
    public String toString() {
        return id + " " + TextValues.iso(firstOpenTime) + " .. " + TextValues.iso(lastOpenTime) + " rows=" + rows
                + " gaps=" + gaps.size();
    }
}
