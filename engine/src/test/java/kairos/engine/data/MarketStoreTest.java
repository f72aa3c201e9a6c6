package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

class MarketStoreTest {

    private static final long T = TestData.T0;
    private static final long M = TestData.MIN;
    private static final SeriesId SOL_1M = SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M1);

    @TempDir
    Path dir;

    private MarketStore store() {
        return new MarketStore(dir.resolve("store"));
    }

    private Path csv(String name, List<Bar> bars) {
        List<String> lines = new ArrayList<>(List.of(CsvFileReader.CANDLE_HEADER));
        bars.forEach(b -> lines.add(TestData.csvLine(b)));
        return TestData.write(dir, "in/" + name, lines.toArray(String[]::new));
    }

    @Test
    void importThenReadBackAndList() {
        List<Bar> bars = TestData.walk(T, 120, M);
        MarketStore store = store();
        assertThat(store.isEmpty()).isTrue();
        ImportResult r = store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars),
                TestData.fixture("SOLUSDT-funding.csv")), ImportHints.none());
        assertThat(r.series()).hasSize(2);
        ImportResult.SeriesImport candles = r.series().getFirst();
        assertThat(candles.id()).isEqualTo(SOL_1M);
        assertThat(candles.rowsInFiles()).isEqualTo(120);
        assertThat(candles.rowsNew()).isEqualTo(120);
        assertThat(candles.rowsStored()).isEqualTo(120);
        assertThat(candles.firstTime()).isEqualTo(T);
        assertThat(candles.lastTime()).isEqualTo(T + 119 * M);
        assertThat(candles.gaps()).isEmpty();
        assertThat(candles.toString()).contains("120 rows read, 120 new");
        assertThat(r.rowsNew()).isEqualTo(123);

        assertThat(store.isEmpty()).isFalse();
        assertThat(store.path(SOL_1M)).isEqualTo(dir.resolve("store/market/bybit/perp/SOLUSDT/1m.bars.gz"));
        assertThat(store.candles(SOL_1M, Long.MIN_VALUE, Long.MAX_VALUE).bars()).isEqualTo(bars);
        assertThat(store.candles(SOL_1M, T + 10 * M, T + 20 * M).bars()).isEqualTo(bars.subList(10, 20));
        assertThat(store.list()).extracting(SeriesInfo::id, SeriesInfo::rows).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SOL_1M, 120),
                org.assertj.core.groups.Tuple.tuple(SOL_1M.withTimeframe(null), 3));
        assertThat(store.list().getFirst().toString()).contains("rows=120 gaps=0");
        assertThat(store.funding("BYBIT", Market.PERP, "solusdt", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(3);
        assertThat(store.funding("bybit", Market.PERP, "SOLUSDT", T + 1000, T + 16 * 3_600_000L))
                .containsExactly(new FundingRate(T + 8 * 3_600_000L, -0.00005));
        assertThat(store.funding("bybit", Market.PERP, "BTCUSDT", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void gapsAreReportedAndKept() {
        List<Bar> bars = new ArrayList<>(TestData.walk(T, 30, M));
        bars.subList(10, 13).clear();
        MarketStore store = store();
        ImportResult r = store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars)), ImportHints.none());
        Gap gap = new Gap(T + 10 * M, T + 13 * M, 3);
        assertThat(r.series().getFirst().gaps()).containsExactly(gap);
        assertThat(store.list().getFirst().gaps()).containsExactly(gap);
        assertThat(store.candles(SOL_1M, Long.MIN_VALUE, Long.MAX_VALUE).size()).isEqualTo(27);
    }

    @Test
    void overlappingImportsMergeAndFillGaps() {
        List<Bar> bars = TestData.walk(T, 100, M);
        MarketStore store = store();
        store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars.subList(0, 60))), ImportHints.none());
        ImportResult r = store.importFiles(List.of(csv("a/SOLUSDT-1m.csv", bars.subList(40, 80)),
                csv("b/SOLUSDT-1m.csv", bars.subList(70, 100))), ImportHints.none());
        ImportResult.SeriesImport s = r.series().getFirst();
        assertThat(s.files()).hasSize(2);
        assertThat(s.rowsInFiles()).isEqualTo(70);
        assertThat(s.rowsNew()).isEqualTo(40);
        assertThat(s.rowsStored()).isEqualTo(100);
        assertThat(store.candles(SOL_1M, Long.MIN_VALUE, Long.MAX_VALUE).bars()).isEqualTo(bars);

        Map<Path, String> before = snapshot();
        ImportResult again = store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars)), ImportHints.none());
        assertThat(again.rowsNew()).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void conflictingValuesAreRefusedNamingFileAndRow() {
        List<Bar> bars = TestData.walk(T, 10, M);
        MarketStore store = store();
        store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars)), ImportHints.none());
        List<Bar> changed = new ArrayList<>(bars.subList(5, 10));
        Bar b = changed.get(2);
        changed.set(2, new Bar(b.openTime(), b.open(), b.high(), b.low(), b.close(), b.volume() + 1));
        Path file = csv("SOLUSDT-1m.csv", changed);
        assertThatThrownBy(() -> store.importFiles(List.of(file), ImportHints.none()))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ":4: 2025-01-01T00:07:00Z has o=")
                .hasMessageContaining("but the store has o=");
        Path other = csv("x/SOLUSDT-1m.csv", bars.subList(7, 8));
        Path fresh = dir.resolve("fresh");
        assertThatThrownBy(() -> new MarketStore(fresh).importFiles(List.of(other, file), ImportHints.none()))
                .hasMessageContaining(file + ":4: ").hasMessageContaining("but " + other + ":2 has");
        assertThat(fresh).doesNotExist();
    }

    @Test
    void refusedImportLeavesTheStoreByteForByte() {
        MarketStore store = store();
        store.importFiles(List.of(csv("SOLUSDT-1m.csv", TestData.walk(T, 50, M)),
                TestData.fixture("SOLUSDT-funding.csv")), ImportHints.none());
        Map<Path, String> before = snapshot();
        Path good = csv("ETHUSDT-1m.csv", TestData.walk(T, 50, M));
        Path more = csv("SOLUSDT-1m.csv", TestData.walk(T + 50 * M, 50, M));
        Path bad = TestData.write(dir, "in/BTCUSDT-1m.csv", CsvFileReader.CANDLE_HEADER,
                "2025-01-01T00:00:00Z,100,101,99,100,10", "2025-01-01T00:00:00Z,100,101,99,100,10");
        assertThatThrownBy(() -> store.importFiles(List.of(good, more, bad), ImportHints.none()))
                .isInstanceOf(DataFileException.class).hasMessage(bad + ":3: duplicate timestamp "
                        + "2025-01-01T00:00:00Z (also at line 2)");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void errorsOfAllFilesAreReportedTogether() {
        Path bad1 = TestData.write(dir, "in/A-1m.csv", "nope");
        Path bad2 = TestData.write(dir, "in/B.csv", CsvFileReader.CANDLE_HEADER, "2025-01-01T00:00:00Z,1,1,1,1,1");
        DataFileException e = org.junit.jupiter.api.Assertions.assertThrows(DataFileException.class,
                () -> store().importFiles(List.of(bad1, bad2), ImportHints.none()));
        assertThat(e.errors()).hasSize(2);
        assertThat(e.errors().get(0)).startsWith(bad1 + ":1: header 'nope'");
        assertThat(e.errors().get(1)).startsWith(bad2 + ": cannot tell the symbol and timeframe");
    }

    @Test
    void coarserTimeframesAreResampledFromTheFinestStoredOne() {
        List<Bar> bars = TestData.walk(T, 180, M);
        MarketStore store = store();
        store.importFiles(List.of(csv("SOLUSDT-1m.csv", bars)), ImportHints.none());
        store.importFiles(List.of(csv("SOLUSDT-5m.csv", Resampler.resample(CandleSeries.of(Timeframe.M1, bars),
                Timeframe.M5).bars())), ImportHints.none());
        SeriesId h1 = SOL_1M.withTimeframe(Timeframe.H1);
        CandleSeries hourly = store.candles(h1, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(hourly).isEqualTo(Resampler.resample(CandleSeries.of(Timeframe.M1, bars), Timeframe.H1));
        assertThat(hourly.size()).isEqualTo(3);
        // from/to not on the hour: only hourly bars opening inside [from, to)
        assertThat(store.candles(h1, T + 1, T + 2 * 60 * M + 1).bars()).containsExactly(hourly.bar(1), hourly.bar(2));
        assertThat(store.candles(h1, T, T + 2 * 60 * M).bars()).containsExactly(hourly.bar(0), hourly.bar(1));
        assertThat(store.candles(SOL_1M.withTimeframe(Timeframe.M15), T, T + 15 * M).size()).isEqualTo(1);
        assertThat(store.finestTimeframe("bybit", Market.PERP, "SOLUSDT")).contains(Timeframe.M1);
        assertThat(store.finestTimeframe("bybit", Market.SPOT, "SOLUSDT")).isEmpty();
    }

    @Test
    void missingSeriesListsWhatIsStored() {
        MarketStore store = store();
        assertThatThrownBy(() -> store.candles(SOL_1M, Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(NoSuchSeriesException.class).hasMessageContaining("stored: nothing");
        store.importFiles(List.of(csv("SOLUSDT-5m.csv", TestData.walk(T, 12, 5 * M))), ImportHints.none());
        assertThatThrownBy(() -> store.candles(SOL_1M.withTimeframe(Timeframe.M3), 0, Long.MAX_VALUE))
                .isInstanceOf(NoSuchSeriesException.class)
                .hasMessage("no 3m candles for bybit/perp/SOLUSDT and no stored finer timeframe to resample them "
                        + "from; stored: bybit/perp/SOLUSDT/5m. Import the data with 'data import'");
        assertThatThrownBy(() -> store.candles(SOL_1M.withTimeframe(null), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void foreignFilesInTheStoreAreIgnoredAndCorruptOnesNamed() throws IOException {
        MarketStore store = store();
        store.importFiles(List.of(csv("SOLUSDT-1m.csv", TestData.walk(T, 5, M))), ImportHints.none());
        Path sol = store.path(SOL_1M).getParent();
        Files.writeString(sol.resolve("notes.txt"), "x");
        Files.writeString(sol.resolve("7m.bars.gz"), "x");
        Files.writeString(dir.resolve("store/market/README"), "x");
        assertThat(store.list()).hasSize(1);
        Path corrupt = store.path(SOL_1M.withTimeframe(Timeframe.M5));
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(corrupt))) {
            out.write(new byte[] {1, 2, 3, 4, 5, 6, 7});
        }
        assertThatThrownBy(store::list).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("5m.bars.gz is not a Kairos store file");
    }

    @Test
    void storeFilesRoundTripExactly() throws IOException {
        List<Bar> bars = new ArrayList<>(TestData.walk(T, 1000, 5 * M));
        bars.subList(500, 507).clear();
        CandleSeries s = CandleSeries.of(Timeframe.M5, bars);
        Path f = dir.resolve("x/5m.bars.gz");
        SeriesFiles.writeCandles(f, s);
        assertThat(SeriesFiles.readCandles(f)).isEqualTo(s);
        List<FundingRate> rates = List.of(new FundingRate(T, 1e-4), new FundingRate(T + 1, -3e-5));
        SeriesFiles.writeFunding(dir.resolve("x/funding.bin.gz"), rates);
        assertThat(SeriesFiles.readFunding(dir.resolve("x/funding.bin.gz"))).isEqualTo(rates);
        try (Stream<Path> files = Files.list(dir.resolve("x"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("5m.bars.gz",
                    "funding.bin.gz");
        }
    }

    @Test
    void aReaderFromAnotherModuleCanBePluggedIn() {
        MarketFileReader custom = new MarketFileReader() {
            @Override
            public boolean accepts(Path file) {
                return file.toString().endsWith(".custom");
            }

            @Override
            public ParsedFile read(Path file, ImportHints hints) {
                RowErrors errors = RowErrors.byRow(file);
                return RowValidator.candles(file, hints.candleSeries(file, FileNameInfo.unknown()),
                        List.of(new CandleRow(1, new Bar(T, 1, 1, 1, 1, 1))), errors);
            }

            @Override
            public String format() {
                return "custom";
            }
        };
        MarketStore store = new MarketStore(dir.resolve("s"), List.of(custom));
        Path file = TestData.write(dir, "a.custom", "");
        ImportResult r = store.importFiles(List.of(file), ImportHints.none().withSymbol("X").withTimeframe(Timeframe.M1));
        assertThat(r.series().getFirst().id().toString()).isEqualTo("bybit/perp/X/1m");
        assertThat(store.root()).isEqualTo(dir.resolve("s"));
        assertThat(MarketStore.defaultReaders()).hasSizeGreaterThanOrEqualTo(3);
        assertThatThrownBy(() -> store.read(TestData.fixture("SOLUSDT-1m.csv"), ImportHints.none()))
                .hasMessageContaining("supported: custom");
    }

    /** Every file of the store with its SHA-256. */
    private Map<Path, String> snapshot() {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            for (Path p : files.toList()) {
                out.put(p, Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void emptyResultHelpers() {
        assertThat(new ImportResult(List.of()).rowsNew()).isZero();
    }
}
