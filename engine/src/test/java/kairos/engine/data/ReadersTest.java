package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

/** Each text format reads its fixture; names and hints decide the series. */
class ReadersTest {

    @TempDir
    Path dir;

    private final MarketStore readers = new MarketStore(Path.of("unused"));

    @Test
    void csvCandlesWithIsoAndEpochTimestamps() {
        ParsedCandles p = (ParsedCandles) readers.read(TestData.fixture("SOLUSDT-1m.csv"), ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M1));
        assertThat(p.rowCount()).isEqualTo(5);
        assertThat(p.rows().get(1)).isEqualTo(new CandleRow(3, new Bar(TestData.T0 + 60_000, 100.5, 102, 100, 101.5,
                12.25)));
        assertThat(p.lastTime()).isEqualTo(TestData.T0 + 6 * 60_000);
        assertThat(p.gaps()).containsExactly(new Gap(TestData.T0 + 3 * 60_000, TestData.T0 + 5 * 60_000, 2));
        assertThat(p.location(3)).endsWith("SOLUSDT-1m.csv:3");
    }

    @Test
    void gzippedCsvCandles() {
        ParsedCandles gz = (ParsedCandles) readers.read(TestData.fixture("ETHUSDT-1m.csv.gz"), ImportHints.none());
        ParsedCandles plain = (ParsedCandles) readers.read(TestData.fixture("SOLUSDT-1m.csv"), ImportHints.none());
        assertThat(gz.series().symbol()).isEqualTo("ETHUSDT");
        assertThat(gz.candles()).isEqualTo(plain.candles());
    }

    @Test
    void csvFundingPlainAndGzipped() {
        ParsedFunding p = (ParsedFunding) readers.read(TestData.fixture("SOLUSDT-funding.csv"), ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.funding("bybit", Market.PERP, "SOLUSDT"));
        assertThat(p.rates()).containsExactly(new FundingRate(TestData.T0 + 5, 0.0001),
                new FundingRate(TestData.T0 + 8 * 3_600_000, -0.00005),
                new FundingRate(TestData.T0 + 16 * 3_600_000, 0.00012));
        ParsedFunding gz = (ParsedFunding) readers.read(TestData.fixture("ETHUSDT-funding.csv.gz"),
                ImportHints.none());
        assertThat(gz.rates()).isEqualTo(p.rates());
        assertThat(gz.firstTime()).isEqualTo(TestData.T0 + 5);
        assertThat(gz.lastTime()).isEqualTo(TestData.T0 + 16 * 3_600_000);
    }

    @Test
    void freqtradeJsonCandles() {
        ParsedCandles p = (ParsedCandles) readers.read(TestData.fixture("SOL_USDT_USDT-1m-futures.json"),
                ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M1));
        assertThat(p.rows()).hasSize(3);
        assertThat(p.rows().get(2).bar()).isEqualTo(new Bar(TestData.T0 + 120_000, 101.5, 101.75, 100.25, 100.75, 8));
        assertThat(p.location(2)).endsWith("SOL_USDT_USDT-1m-futures.json:row 2");
    }

    @Test
    void freqtradeJsonErrorsNameTheRow() {
        Path file = TestData.write(dir, "SOL_USDT-5m.json", "[[1735689600000,1,1,1,1,1],[1735689900000,1,null,1,1,1],",
                "[1735690200000,1,1,1,1], [1735690500000,1,1,1,NaN,1], [1735690800000,1,1,1,1,\"x\"]]");
        assertThatThrownBy(() -> readers.read(file, ImportHints.none())).isInstanceOf(DataFileException.class)
                .hasMessageContaining("SOL_USDT-5m.json:row 2: field 3 is null; expected a number")
                .hasMessageContaining("SOL_USDT-5m.json:row 3: expected [open_time_ms, open, high, low, close, volume]")
                .hasMessageContaining("SOL_USDT-5m.json:row 4: close is NaN")
                .hasMessageContaining("SOL_USDT-5m.json:row 5: field 6 is \"x\"");
    }

    @Test
    void freqtradeJsonThatIsNotJson() {
        Path file = TestData.write(dir, "SOL_USDT-5m.json", "[[1735689600000,1,1,1,1,1]");
        assertThatThrownBy(() -> readers.read(file, ImportHints.none())).hasMessageContaining("not valid JSON");
    }

    @Test
    void hintsOverrideTheFileName() {
        ImportHints hints = ImportHints.none().withExchange("Binance").withMarket(Market.SPOT).withSymbol("solusdc")
                .withTimeframe(Timeframe.M1);
        ParsedFile p = readers.read(TestData.fixture("SOL_USDT_USDT-1m-futures.json"), hints);
        assertThat(p.series()).isEqualTo(SeriesId.candles("binance", Market.SPOT, "SOLUSDC", Timeframe.M1));
    }

    @Test
    void withoutSymbolOrTimeframeTheErrorAsksForThem() {
        Path file = TestData.write(dir, "candles.csv", CsvFileReader.CANDLE_HEADER,
                "2025-01-01T00:00:00Z,100,101,99,100,10");
        assertThatThrownBy(() -> readers.read(file, ImportHints.none())).isInstanceOf(DataFileException.class)
                .hasMessageContaining("candles.csv: cannot tell the symbol and timeframe from the file name")
                .hasMessageContaining("pass --symbol --timeframe");
        assertThatThrownBy(() -> readers.read(file, ImportHints.none().withSymbol("SOLUSDT")))
                .hasMessageContaining("cannot tell the timeframe").hasMessageContaining("pass --timeframe");
        assertThat(readers.read(file, ImportHints.none().withSymbol("SOLUSDT").withTimeframe(Timeframe.M1))
                .series().toString()).isEqualTo("bybit/perp/SOLUSDT/1m");
        Path funding = TestData.write(dir, "rates.csv", CsvFileReader.FUNDING_HEADER, "2025-01-01T00:00:00Z,0.0001");
        assertThatThrownBy(() -> readers.read(funding, ImportHints.none()))
                .hasMessageContaining("rates.csv: cannot tell the symbol").hasMessageContaining("pass --symbol");
    }

    @Test
    void unknownFileTypeListsTheFormats() {
        Path file = TestData.write(dir, "SOLUSDT-1m.txt", "x");
        assertThatThrownBy(() -> readers.read(file, ImportHints.none()))
                .hasMessageContaining("SOLUSDT-1m.txt: unknown file type; supported: CSV");
        assertThatThrownBy(() -> readers.read(dir.resolve("missing.csv"), ImportHints.none()))
                .hasMessageContaining("missing.csv: no such file");
    }

    @Test
    void fileNameInference() {
        assertThat(FileNameInfo.of(Path.of("SOL_USDT_USDT-5m-futures.feather")))
                .isEqualTo(new FileNameInfo(null, Market.PERP, "SOLUSDT", Timeframe.M5, FileNameInfo.Kind.CANDLES));
        assertThat(FileNameInfo.of(Path.of("SOL_USDT-5m.feather")))
                .isEqualTo(new FileNameInfo(null, Market.SPOT, "SOLUSDT", Timeframe.M5, FileNameInfo.Kind.CANDLES));
        assertThat(FileNameInfo.of(Path.of("SOL_USDT_USDT-8h-funding_rate.feather")))
                .isEqualTo(new FileNameInfo(null, Market.PERP, "SOLUSDT", null, FileNameInfo.Kind.FUNDING));
        assertThat(FileNameInfo.of(Path.of("BTC_USDT_USDT-4h-mark.feather")).kind())
                .isEqualTo(FileNameInfo.Kind.MARK_PRICE);
        assertThat(FileNameInfo.of(Path.of("x/ethusdt-1h.csv.gz")))
                .isEqualTo(new FileNameInfo(null, null, "ETHUSDT", Timeframe.H1, FileNameInfo.Kind.CANDLES));
        assertThat(FileNameInfo.of(Path.of("SOLUSDT-funding.csv")).kind()).isEqualTo(FileNameInfo.Kind.FUNDING);
        assertThat(FileNameInfo.of(Path.of("whatever.csv"))).isEqualTo(FileNameInfo.unknown());
        assertThatThrownBy(() -> FileNameInfo.of(Path.of("SOL_USDT_USDT-2h-futures.feather")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("unknown timeframe '2h'");
        FileNameInfo partial = FileNameInfo.unknown().withSymbol("A").withMarket(Market.SPOT)
                .withTimeframe(Timeframe.D1).withSymbol("B");
        assertThat(partial).isEqualTo(new FileNameInfo(null, Market.SPOT, "A", Timeframe.D1,
                FileNameInfo.Kind.UNKNOWN));
    }

    @Test
    void textValues() {
        assertThat(TextValues.plain(17071.0)).isEqualTo("17071");
        assertThat(TextValues.plain(1.0E-4)).isEqualTo("0.0001");
        assertThat(TextValues.plain(1.2E7)).isEqualTo("12000000");
        assertThat(TextValues.plain(0.0)).isEqualTo("0");
        assertThat(TextValues.plain(-2.5)).isEqualTo("-2.5");
        assertThatThrownBy(() -> TextValues.plain(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TextValues.timestamp("2025-01-01T00:00:00Z")).isEqualTo(TestData.T0);
        assertThat(TextValues.timestamp("1735689600000")).isEqualTo(TestData.T0);
        assertThatThrownBy(() -> TextValues.timestamp("99999999999999999999")).hasMessageContaining("too large");
        assertThat(TextValues.iso(TestData.T0 + 5)).isEqualTo("2025-01-01T00:00:00.005Z");
    }
}
