package kairos.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;

/**
 * Unions stored rows with imported ones. The same time with bit-identical values is the same row (overlapping
 * downloads are normal); the same time with other values is a conflict, reported with file and row of both sides,
 * because silently preferring one would change history.
 */
final class SeriesMerger {

    /** A row and where it came from: {@code file:row}, or null for the store. */
    private record Entry<T>(T value, String location) {
    }

    private SeriesMerger() {
    }

    static CandleSeries candles(CandleSeries stored, List<ParsedCandles> files, List<String> conflicts) {
        Map<Long, Entry<Bar>> rows = new TreeMap<>();
        for (int i = 0; i < stored.size(); i++) {
            rows.put(stored.openTime(i), new Entry<>(stored.bar(i), null));
        }
        for (ParsedCandles f : files) {
            for (CandleRow r : f.rows()) {
                put(rows, r.bar().openTime(), new Entry<>(r.bar(), f.location(r.row())), conflicts);
            }
        }
        return CandleSeries.of(stored.timeframe(), rows.values().stream().map(Entry::value).toList());
    }

    static List<FundingRate> funding(List<FundingRate> stored, List<ParsedFunding> files, List<String> conflicts) {
        Map<Long, Entry<FundingRate>> rows = new TreeMap<>();
        for (FundingRate f : stored) {
            rows.put(f.time(), new Entry<>(f, null));
        }
        for (ParsedFunding f : files) {
            for (FundingRow r : f.rows()) {
                put(rows, r.funding().time(), new Entry<>(r.funding(), f.location(r.row())), conflicts);
            }
        }
        return new ArrayList<>(rows.values().stream().map(Entry::value).toList());
    }

    private static <T> void put(Map<Long, Entry<T>> rows, long time, Entry<T> row, List<String> conflicts) {
        Entry<T> old = rows.putIfAbsent(time, row);
        if (old != null && !old.value().equals(row.value()) && conflicts.size() < RowErrors.MAX_ERRORS) {
            conflicts.add(row.location() + ": " + TextValues.iso(time) + " has " + show(row.value()) + " but "
                    + (old.location() == null ? "the store" : old.location()) + " has " + show(old.value())
                    + "; the same time must carry the same values (drop one of the sources)");
        }
    }

    private static String show(Object value) {
        if (value instanceof Bar b) {
            return "o=" + TextValues.plain(b.open()) + " h=" + TextValues.plain(b.high()) + " l="
                    + TextValues.plain(b.low()) + " c=" + TextValues.plain(b.close()) + " v="
                    + TextValues.plain(b.volume());
        }
        return "rate=" + TextValues.plain(((FundingRate) value).rate());
    }
}
