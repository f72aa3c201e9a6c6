package kairos.engine.data;

import java.util.List;

import kairos.engine.domain.SeriesId;

/**
 * A stored series as {@code data list} shows it: first and last open (or funding) time in epoch ms, row count and
 * the missing bars inside it (always empty for funding).
 */
public record SeriesInfo(SeriesId id, long firstTime, long lastTime, int rows, List<Gap> gaps) {

    public SeriesInfo {
        gaps = List.copyOf(gaps);
    }

    @Override
    public String toString() {
        return id + " " + TextValues.iso(firstTime) + " .. " + TextValues.iso(lastTime) + " rows=" + rows
                + " gaps=" + gaps.size();
    }
}
