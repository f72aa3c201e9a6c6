package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

class BundledDataTest {

    @TempDir
    Path dir;

    @Test
    void importsATinyCopyWithExchangeAndMarketFromFolders() throws IOException {
        Path data = dir.resolve("data");
        CandleSeries sol = CandleSeries.of(Timeframe.M1, TestData.walk(TestData.T0, 30, TestData.MIN));
        MarketCsvWriter.writeCandles(data.resolve("binance/perp/SOLUSDT-1m.csv.gz"), sol);
        List<FundingRate> rates = List.of(new FundingRate(TestData.T0 + 3, 0.0001),
                new FundingRate(TestData.T0 + 28_800_000L, -1.5e-5));
        MarketCsvWriter.writeFunding(data.resolve("binance/perp/SOLUSDT-funding.csv.gz"), rates);
        CandleSeries eth = CandleSeries.of(Timeframe.M5, TestData.walk(TestData.T0, 12, 5 * TestData.MIN));
        MarketCsvWriter.writeCandles(data.resolve("bybit/spot/ETHUSDT-5m.csv.gz"), eth);
        Files.writeString(data.resolve("PROVENANCE.md"), "# notes");

        MarketStore store = new MarketStore(dir.resolve("store"));
        ImportResult r = BundledData.importInto(store, data);

        assertThat(r.series()).extracting(s -> s.id().toString()).containsExactly("binance/perp/SOLUSDT/1m",
                "binance/perp/SOLUSDT/funding", "bybit/spot/ETHUSDT/5m");
        assertThat(store.candles(SeriesId.candles("binance", Market.PERP, "SOLUSDT", Timeframe.M1), Long.MIN_VALUE,
                Long.MAX_VALUE)).isEqualTo(sol);
        assertThat(store.candles(SeriesId.candles("bybit", Market.SPOT, "ETHUSDT", Timeframe.M5), Long.MIN_VALUE,
                Long.MAX_VALUE)).isEqualTo(eth);
        assertThat(store.funding("binance", Market.PERP, "SOLUSDT", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(rates);
        assertThat(BundledData.importInto(store, data).rowsNew()).isZero();
    }

    @Test
    void aMisnamedMarketFolderIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("data/bybit/options"));
        assertThatThrownBy(() -> BundledData.importInto(new MarketStore(dir.resolve("s")), dir.resolve("data")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("unknown market 'options'");
    }

    @Test
    void theProjectsBundledDataImports() {
        Path data = Path.of(System.getProperty("kairos.project.dir", ".")).resolve("data");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data.resolve("bybit")), "no bundled data");
        MarketStore store = new MarketStore(dir.resolve("store"));
        ImportResult r = BundledData.importInto(store, data);
        assertThat(r.series()).hasSize(12);
        assertThat(r.series()).allSatisfy(s -> assertThat(s.gaps()).isEmpty());
        assertThat(store.finestTimeframe("bybit", Market.PERP, "SOLUSDT")).contains(Timeframe.M5);
        assertThat(store.finestTimeframe("binance", Market.PERP, "BTCUSDT")).contains(Timeframe.M1);
    }
}
