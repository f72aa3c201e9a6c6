package kairos.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

/**
 * The on-disk market-data store: one compressed columnar file per series,
 * {@code <root>/market/<exchange>/<market>/<SYMBOL>/<tf>.bars.gz} for candles and {@code .../funding.bin.gz} for
 * funding (format in {@link SeriesFiles}). Imports are all-or-nothing: every file is parsed and validated, and
 * merged with what is stored, before anything is written; each series file is then replaced atomically.
 * I/O failures surface as {@link UncheckedIOException}.
 */
public final class MarketStore {

    static final String CANDLE_SUFFIX = ".bars.gz";
    static final String FUNDING_FILE = "funding.bin.gz";

    private final Path root;
    private final List<MarketFileReader> readers;

    /** A store with the built-in readers plus any {@link MarketFileReader} registered as a service. */
    public MarketStore(Path root) {
        this(root, defaultReaders());
    }

    public MarketStore(Path root, List<MarketFileReader> readers) {
        this.root = root;
        this.readers = List.copyOf(readers);
    }

    /** CSV, freqtrade JSON and Feather, then the readers found by {@link ServiceLoader}. */
    public static List<MarketFileReader> defaultReaders() {
        List<MarketFileReader> all = new ArrayList<>(
                List.of(new CsvFileReader(), new FreqtradeJsonReader(), new FeatherFileReader()));
        ServiceLoader.load(MarketFileReader.class).forEach(all::add);
        return all;
    }

    public Path root() {
        return root;
    }

    /** True when no series is stored yet (e.g. before the bundled data is imported on first use). */
    public boolean isEmpty() {
        return seriesFiles().isEmpty();
    }

    /** Every stored series with its range, row count and gaps, sorted by id. */
    public List<SeriesInfo> list() {
        List<SeriesInfo> out = new ArrayList<>();
        for (Map.Entry<SeriesId, Path> e : seriesFiles().entrySet()) {
            SeriesId id = e.getKey();
            if (id.isFunding()) {
                List<FundingRate> f = io(() -> SeriesFiles.readFunding(e.getValue()));
                out.add(new SeriesInfo(id, f.getFirst().time(), f.getLast().time(), f.size(), List.of()));
            } else {
                CandleSeries s = io(() -> SeriesFiles.readCandles(e.getValue()));
                out.add(new SeriesInfo(id, s.openTime(0), s.openTime(s.size() - 1), s.size(), s.gaps()));
            }
        }
        return out;
    }

    /**
     * Imports files: reads and validates every one, merges them with the stored series and writes the series that
     * gained rows. If any file is invalid or conflicts with another or with the store, nothing is written.
     *
     * @throws DataFileException listing every problem (file and row), the store untouched
     */
    public ImportResult importFiles(List<Path> files, ImportHints hints) {
        return importFiles(files, hints, false);
    }

    /**
     * {@link #importFiles(List, ImportHints)}; with {@code force} false, values that make no physical sense (see
     * {@link Plausibility}: a funding rate above 5% per interval, a close more than 50% from the previous one) are
     * refused like malformed rows, with {@code force} true they are imported.
     */
    public ImportResult importFiles(List<Path> files, ImportHints hints, boolean force) {
        List<String> errors = new ArrayList<>();
        List<ParsedFile> parsed = new ArrayList<>();
        for (Path file : files) {
            try {
                ParsedFile p = read(file, hints);
                if (!force) {
                    Plausibility.check(p, errors);
                }
                parsed.add(p);
            } catch (DataFileException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new DataFileException(errors);
        }
        Map<SeriesId, List<ParsedFile>> bySeries = parsed.stream()
                .collect(Collectors.groupingBy(ParsedFile::series, TreeMap::new, Collectors.toList()));
        List<Runnable> writes = new ArrayList<>();
        List<ImportResult.SeriesImport> results = new ArrayList<>();
        bySeries.forEach((id, group) -> results.add(merge(id, group, errors, writes)));
        if (!errors.isEmpty()) {
            throw new DataFileException(errors);
        }
        writes.forEach(Runnable::run);
        return new ImportResult(results);
    }

    private ImportResult.SeriesImport merge(SeriesId id, List<ParsedFile> group, List<String> errors,
            List<Runnable> writes) {
        Path target = path(id);
        int before;
        int after;
        List<Gap> gaps;
        if (id.isFunding()) {
            List<FundingRate> stored = Files.exists(target) ? io(() -> SeriesFiles.readFunding(target)) : List.of();
            List<FundingRate> merged = SeriesMerger.funding(stored,
                    group.stream().map(ParsedFunding.class::cast).toList(), errors);
            before = stored.size();
            after = merged.size();
            gaps = List.of();
            if (after > before) {
                writes.add(() -> io(() -> {
                    SeriesFiles.writeFunding(target, merged);
                    return null;
                }));
            }
        } else {
            CandleSeries stored = Files.exists(target) ? io(() -> SeriesFiles.readCandles(target))
                    : CandleSeries.empty(id.timeframe());
            CandleSeries merged = SeriesMerger.candles(stored,
                    group.stream().map(ParsedCandles.class::cast).toList(), errors);
            before = stored.size();
            after = merged.size();
            gaps = merged.gaps();
            if (after > before) {
                writes.add(() -> io(() -> {
                    SeriesFiles.writeCandles(target, merged);
                    return null;
                }));
            }
        }
        return new ImportResult.SeriesImport(id, group.stream().map(ParsedFile::file).toList(),
                group.stream().mapToInt(ParsedFile::rowCount).sum(), after - before,
                group.stream().mapToLong(ParsedFile::firstTime).min().orElseThrow(),
                group.stream().mapToLong(ParsedFile::lastTime).max().orElseThrow(), after, gaps);
    }

    /**
     * Reads one file with the first reader that accepts it, without storing anything.
     *
     * @throws DataFileException when no reader accepts the file or the file is invalid
     */
    public ParsedFile read(Path file, ImportHints hints) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file + ": no such file");
        }
        for (MarketFileReader reader : readers) {
            if (reader.accepts(file)) {
                try {
                    return reader.read(file, hints);
                } catch (IOException e) {
                    throw new DataFileException(file + ": cannot read: " + e);
                }
            }
        }
        throw new DataFileException(file + ": unknown file type; supported: "
                + readers.stream().map(MarketFileReader::format).collect(Collectors.joining("; ")));
    }

    /**
     * Candles with open time in {@code [fromInclusive, toExclusive)}. A timeframe that is not stored is resampled
     * (see {@link Resampler}) from the finest stored timeframe of the same exchange, market and symbol that divides
     * it.
     *
     * @throws NoSuchSeriesException when neither is possible; the message lists what is stored
     */
    public CandleSeries candles(SeriesId id, long fromInclusive, long toExclusive) {
        if (id.isFunding()) {
            throw new IllegalArgumentException(id + " is a funding series; use funding(...)");
        }
        Path file = path(id);
        if (Files.exists(file)) {
            return io(() -> SeriesFiles.readCandles(file)).slice(fromInclusive, toExclusive);
        }
        Timeframe target = id.timeframe();
        Optional<Timeframe> finer = storedTimeframes(id.exchange(), id.market(), id.symbol()).stream()
                .filter(target::isMultipleOf).findFirst();
        if (finer.isEmpty()) {
            throw new NoSuchSeriesException("no " + target + " candles for " + id.exchange() + "/" + id.market() + "/"
                    + id.symbol() + " and no stored finer timeframe to resample them from; stored: "
                    + describeStored() + ". Import the data with 'data import'");
        }
        Timeframe source = finer.get();
        long from = fromInclusive == Long.MIN_VALUE ? fromInclusive : ceil(fromInclusive, target);
        long to = toExclusive == Long.MAX_VALUE ? toExclusive : ceil(toExclusive, target);
        CandleSeries fine = io(() -> SeriesFiles.readCandles(path(id.withTimeframe(source)))).slice(from, to);
        return Resampler.resample(fine, target);
    }

    /** What {@link #delete} removed (or would remove) from one series: rows before and after, and the range. */
    public record Deletion(SeriesId series, int rowsBefore, int rowsAfter, long firstRemoved, long lastRemoved) {
        public int rowsRemoved() {
            return rowsBefore - rowsAfter;
        }

        /** True when the series file goes away (no row left). */
        public boolean wholeSeries() {
            return rowsAfter == 0;
        }

        @Override
        public String toString() {
            return series + ": " + (rowsRemoved() == 0 ? "nothing in the range"
                    : rowsRemoved() + " of " + rowsBefore + " rows, " + TextValues.iso(firstRemoved) + " .. "
                    + TextValues.iso(lastRemoved) + (wholeSeries() ? " (the whole series)" : ""));
        }
    }

    /**
     * Removes the rows with open time (funding: settlement time) in {@code [fromInclusive, toExclusive)} from the
     * stored series {@code ids}; a series left without rows is deleted. With {@code apply} false nothing changes and
     * the result says what would go. Every series is checked before any is changed; each file is replaced
     * atomically, so a series is never half-deleted.
     *
     * @throws NoSuchSeriesException when one of {@code ids} is not stored
     */
    public List<Deletion> delete(List<SeriesId> ids, long fromInclusive, long toExclusive, boolean apply) {
        Map<SeriesId, Path> stored = seriesFiles();
        for (SeriesId id : ids) {
            if (!stored.containsKey(id)) {
                throw new NoSuchSeriesException("no series " + id + " in " + root + "; stored: " + describeStored());
            }
        }
        List<Deletion> out = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        for (SeriesId id : ids) {
            Path file = stored.get(id);
            if (id.isFunding()) {
                List<FundingRate> all = io(() -> SeriesFiles.readFunding(file));
                List<FundingRate> kept = all.stream().filter(f -> f.time() < fromInclusive || f.time() >= toExclusive).toList();
                List<FundingRate> gone = all.stream().filter(f -> f.time() >= fromInclusive && f.time() < toExclusive).toList();
                out.add(new Deletion(id, all.size(), kept.size(), gone.isEmpty() ? 0 : gone.getFirst().time(),
                        gone.isEmpty() ? 0 : gone.getLast().time()));
                if (!gone.isEmpty()) {
                    writes.add(() -> io(() -> {
                        if (kept.isEmpty()) {
                            Files.delete(file);
                        } else {
                            SeriesFiles.writeFunding(file, kept);
                        }
                        return null;
                    }));
                }
            } else {
                CandleSeries all = io(() -> SeriesFiles.readCandles(file));
                CandleSeries gone = all.slice(fromInclusive, toExclusive);
                List<kairos.engine.domain.Bar> kept = new ArrayList<>(all.slice(Long.MIN_VALUE, fromInclusive).bars());
                kept.addAll(all.slice(toExclusive, Long.MAX_VALUE).bars());
                out.add(new Deletion(id, all.size(), kept.size(), gone.isEmpty() ? 0 : gone.openTime(0),
                        gone.isEmpty() ? 0 : gone.openTime(gone.size() - 1)));
                if (!gone.isEmpty()) {
                    writes.add(() -> io(() -> {
                        if (kept.isEmpty()) {
                            Files.delete(file);
                        } else {
                            SeriesFiles.writeCandles(file, CandleSeries.of(id.timeframe(), kept));
                        }
                        return null;
                    }));
                }
            }
        }
        if (apply) {
            writes.forEach(Runnable::run);
        }
        return out;
    }

    /** Every stored series of one exchange, market and symbol (candles finest first, then funding). */
    public List<SeriesId> seriesOf(String exchange, Market market, String symbol) {
        SeriesId probe = SeriesId.funding(exchange, market, symbol);
        List<SeriesId> out = new ArrayList<>();
        for (Timeframe tf : storedTimeframes(exchange, market, symbol)) {
            out.add(probe.withTimeframe(tf));
        }
        if (seriesFiles().containsKey(probe)) {
            out.add(probe);
        }
        return out;
    }

    /** The finest stored candle timeframe of a symbol, if any. */
    public Optional<Timeframe> finestTimeframe(String exchange, Market market, String symbol) {
        return storedTimeframes(exchange, market, symbol).stream().findFirst();
    }

    /** Funding settlements with time in {@code [from, to)}; empty when none are stored. */
    public List<FundingRate> funding(String exchange, Market market, String symbol, long from, long to) {
        Path file = path(SeriesId.funding(exchange, market, symbol));
        if (!Files.exists(file)) {
            return List.of();
        }
        return io(() -> SeriesFiles.readFunding(file)).stream().filter(f -> f.time() >= from && f.time() < to)
                .toList();
    }

    /** Where a series lives in the store. */
    public Path path(SeriesId id) {
        Path dir = root.resolve("market").resolve(id.exchange()).resolve(id.market().label()).resolve(id.symbol());
        return dir.resolve(id.isFunding() ? FUNDING_FILE : id.timeframe().label() + CANDLE_SUFFIX);
    }

    /** Stored candle timeframes of a symbol, finest first. */
    public List<Timeframe> storedTimeframes(String exchange, Market market, String symbol) {
        SeriesId probe = SeriesId.funding(exchange, market, symbol);
        return seriesFiles().keySet().stream()
                .filter(id -> !id.isFunding() && id.exchange().equals(probe.exchange()) && id.market() == market
                        && id.symbol().equals(probe.symbol()))
                .map(SeriesId::timeframe).sorted(Comparator.comparingLong(Timeframe::millis)).toList();
    }

    private String describeStored() {
        var ids = seriesFiles().keySet();
        return ids.isEmpty() ? "nothing" : ids.stream().map(SeriesId::toString).collect(Collectors.joining(", "));
    }

    /** Stored series by id, found from the directory layout. */
    private Map<SeriesId, Path> seriesFiles() {
        Path market = root.resolve("market");
        Map<SeriesId, Path> out = new TreeMap<>();
        if (!Files.isDirectory(market)) {
            return out;
        }
        try (Stream<Path> files = Files.find(market, 4, (p, a) -> a.isRegularFile())) {
            files.forEach(p -> {
                SeriesId id = idOf(market.relativize(p));
                if (id != null) {
                    out.put(id, p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The series of a store file path {@code exchange/market/SYMBOL/file}, or null for anything else. */
    private static SeriesId idOf(Path relative) {
        if (relative.getNameCount() != 4) {
            return null;
        }
        String name = relative.getName(3).toString();
        try {
            String exchange = relative.getName(0).toString();
            Market market = Market.parse(relative.getName(1).toString());
            String symbol = relative.getName(2).toString();
            if (name.equals(FUNDING_FILE)) {
                return SeriesId.funding(exchange, market, symbol);
            }
            if (name.endsWith(CANDLE_SUFFIX)) {
                Timeframe tf = Timeframe.parse(name.substring(0, name.length() - CANDLE_SUFFIX.length()));
                return SeriesId.candles(exchange, market, symbol, tf);
            }
        } catch (IllegalArgumentException e) {
            return null; // not a store file (e.g. a temp file or something a user dropped in)
        }
        return null;
    }

    private static long ceil(long time, Timeframe tf) {
        long f = tf.floor(time);
        return f == time ? time : f + tf.millis();
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
