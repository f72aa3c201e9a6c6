package kairos.engine.data;

import java.nio.file.Path;
import java.util.List;

import kairos.engine.domain.SeriesId;

/** What an import did, per series, in series order. */
public record ImportResult(List<SeriesImport> series) {

    public ImportResult {
        series = List.copyOf(series);
    }

    /**
     * One series of an import.
     *
     * @param files the files that fed it
     * @param rowsInFiles rows read from those files (overlaps counted once per file)
     * @param rowsNew rows the store did not have before
     * @param firstTime first row time found in the files, epoch ms
     * @param lastTime last row time found in the files, epoch ms
     * @param rowsStored rows of the stored series after the import
     * @param gaps missing bars in the stored series after the import (empty for funding)
     */
    public record SeriesImport(SeriesId id, List<Path> files, int rowsInFiles, int rowsNew, long firstTime,
            long lastTime, int rowsStored, List<Gap> gaps) {

        public SeriesImport {
            files = List.copyOf(files);
            gaps = List.copyOf(gaps);
        }

        @Override
        public String toString() {
            return id + ": " + rowsInFiles + " rows read, " + rowsNew + " new, " + TextValues.iso(firstTime) + " .. "
                    + TextValues.iso(lastTime) + ", " + rowsStored + " stored, " + gaps.size() + " gap"
                    + (gaps.size() == 1 ? "" : "s");
        }
    }

    public int rowsNew() {
        return series.stream().mapToInt(SeriesImport::rowsNew).sum();
    }
}
