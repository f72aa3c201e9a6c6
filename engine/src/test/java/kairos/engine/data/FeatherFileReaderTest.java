package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.arrow.vector.types.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

class FeatherFileReaderTest {

    @TempDir
    Path dir;

    private final FeatherFileReader reader = new FeatherFileReader();
    private final List<Bar> bars = TestData.walk(TestData.T0, 250, 5 * TestData.MIN);

    @Test
    void nanosecondDates() throws Exception {
        Path file = FeatherFiles.write(dir.resolve("SOL_USDT_USDT-5m-futures.feather"), TimeUnit.NANOSECOND, bars, 100);
        ParsedCandles p = (ParsedCandles) reader.read(file, ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M5));
        assertThat(p.candles().bars()).isEqualTo(bars);
        assertThat(p.rows().get(150).row()).isEqualTo(151);
    }

    @Test
    void millisecondAndSecondDates() throws Exception {
        for (TimeUnit unit : List.of(TimeUnit.MILLISECOND, TimeUnit.SECOND, TimeUnit.MICROSECOND)) {
            Path file = FeatherFiles.write(dir.resolve("SOL_USDT-5m.feather"), unit, bars, 1000);
            ParsedCandles p = (ParsedCandles) reader.read(file, ImportHints.none());
            assertThat(p.series().market()).isEqualTo(Market.SPOT);
            assertThat(p.candles().bars()).as(unit.name()).isEqualTo(bars);
        }
    }

    @Test
    void fundingIsTheOpenColumn() throws Exception {
        List<Bar> rows = List.of(new Bar(TestData.T0, 0.0001, 0, 0, 0, 0),
                new Bar(TestData.T0 + 8 * 3_600_000L, -0.0002, 0, 0, 0, 0));
        Path file = FeatherFiles.write(dir.resolve("SOL_USDT_USDT-8h-funding_rate.feather"), TimeUnit.MILLISECOND,
                rows, 10);
        ParsedFunding p = (ParsedFunding) reader.read(file, ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.funding("bybit", Market.PERP, "SOLUSDT"));
        assertThat(p.rates()).containsExactly(new FundingRate(TestData.T0, 0.0001),
                new FundingRate(TestData.T0 + 8 * 3_600_000L, -0.0002));
    }

    @Test
    void badRowsNameTheRow() throws Exception {
        List<Bar> bad = new java.util.ArrayList<>(bars.subList(0, 5));
        bad.set(3, new Bar(bad.get(3).openTime(), 1, 0.5, 2, 1, 1));
        Path file = FeatherFiles.write(dir.resolve("SOL_USDT_USDT-5m-futures.feather"), TimeUnit.NANOSECOND, bad, 2);
        assertThatThrownBy(() -> reader.read(file, ImportHints.none())).isInstanceOf(DataFileException.class)
                .hasMessage(file + ":row 4: high 0.5 is below low 2");
    }

    @Test
    void markPriceAndGarbageAreRefused() throws Exception {
        Path mark = FeatherFiles.write(dir.resolve("SOL_USDT_USDT-4h-mark.feather"), TimeUnit.MILLISECOND, bars, 10);
        assertThatThrownBy(() -> reader.read(mark, ImportHints.none())).hasMessageContaining("mark-price files");
        Path junk = Files.writeString(dir.resolve("SOL_USDT-5m.feather"), "not arrow");
        assertThatThrownBy(() -> reader.read(junk, ImportHints.none())).isInstanceOf(DataFileException.class)
                .hasMessageContaining("SOL_USDT-5m.feather: not a readable Feather");
        assertThat(reader.accepts(junk)).isTrue();
        assertThat(reader.accepts(dir.resolve("x.csv"))).isFalse();
    }

    @Test
    void realFreqtradeFiles() throws Exception {
        Path set = TestData.shared().resolve("data/bybit-5m-2025-04_2025-08_Logashan-freqtrade-news-ml");
        assumeTrue(Files.isDirectory(set), "../shared is absent");
        ParsedCandles sol = (ParsedCandles) reader.read(set.resolve("SOL_USDT_USDT-5m-futures.feather"),
                ImportHints.none());
        assertThat(sol.rowCount()).isEqualTo(34_860);
        assertThat(TextValues.iso(sol.firstTime())).isEqualTo("2025-04-11T00:00:00Z");
        assertThat(TextValues.iso(sol.lastTime())).isEqualTo("2025-08-10T00:55:00Z");
        assertThat(sol.gaps()).isEmpty();
        ParsedFunding f = (ParsedFunding) reader.read(set.resolve("SOL_USDT_USDT-8h-funding_rate.feather"),
                ImportHints.none());
        assertThat(f.rowCount()).isEqualTo(361);
        ParsedCandles spot = (ParsedCandles) reader.read(set.resolve("SOL_USDT-5m.feather"), ImportHints.none());
        assertThat(spot.series().market()).isEqualTo(Market.SPOT);
        assertThat(spot.rowCount()).isEqualTo(34_745);
    }
}
