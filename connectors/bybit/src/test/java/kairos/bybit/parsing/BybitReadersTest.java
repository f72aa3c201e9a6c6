package kairos.bybit.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.data.DataFileException;
import kairos.engine.data.ImportHints;
import kairos.engine.data.ImportResult;
import kairos.engine.data.MarketStore;
import kairos.engine.data.ParsedCandles;
import kairos.engine.data.ParsedFunding;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

class BybitReadersTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(BybitReadersTest.class.getResource("/fixtures/" + name).toURI());
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void klineFixtureIsSortedAscendingWithTimeframeFromTheStep() throws Exception {
        Path file = fixture("v5_market_kline.json");
        BybitKlineReader reader = new BybitKlineReader();
        assertThat(reader.accepts(file)).isTrue();
        assertThat(new BybitFundingHistoryReader().accepts(file)).isFalse();
        ParsedCandles p = (ParsedCandles) reader.read(file, ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.candles("bybit", Market.PERP, "BTCUSD", Timeframe.H1));
        assertThat(p.rows()).extracting(r -> r.row()).containsExactly(3L, 2L, 1L);
        assertThat(p.candles().bars()).containsExactly(
                new Bar(1670601600000L, 17086.5, 17088, 16978, 17071.5, 6356),
                new Bar(1670605200000L, 17071.5, 17071.5, 17061, 17071, 4177),
                new Bar(1670608800000L, 17071, 17073, 17027, 17055.5, 268611));
    }

    @Test
    void fundingFixture() throws Exception {
        Path file = fixture("v5_market_funding_history.json");
        BybitFundingHistoryReader reader = new BybitFundingHistoryReader();
        assertThat(reader.accepts(file)).isTrue();
        assertThat(new BybitKlineReader().accepts(file)).isFalse();
        ParsedFunding p = (ParsedFunding) reader.read(file, ImportHints.none());
        assertThat(p.series()).isEqualTo(SeriesId.funding("bybit", Market.PERP, "ETHPERP"));
        assertThat(p.rates()).containsExactly(new FundingRate(1672041600000L, 0.0001));
    }

    @Test
    void theStoreFindsBothReadersAsServices() throws Exception {
        MarketStore store = new MarketStore(dir.resolve("store"));
        ImportResult r = store.importFiles(List.of(fixture("v5_market_kline.json"),
                fixture("v5_market_funding_history.json")), ImportHints.none().withSymbol("BTCUSD"));
        assertThat(r.series()).extracting(s -> s.id().toString())
                .containsExactly("bybit/perp/BTCUSD/1h", "bybit/perp/BTCUSD/funding");
        assertThat(store.candles(SeriesId.candles("bybit", Market.PERP, "BTCUSD", Timeframe.H1), Long.MIN_VALUE,
                Long.MAX_VALUE).size()).isEqualTo(3);
    }

    @Test
    void hintsAndFileNameOverrideTheContent() throws Exception {
        Path file = Files.copy(fixture("v5_market_kline.json"), dir.resolve("BTCUSDT-1h.json"));
        ParsedCandles p = (ParsedCandles) new BybitKlineReader().read(file,
                ImportHints.none().withMarket(Market.SPOT).withSymbol("XBT"));
        assertThat(p.series()).isEqualTo(SeriesId.candles("bybit", Market.SPOT, "XBT", Timeframe.H1));
    }

    @Test
    void aSingleCandleNeedsATimeframe() throws Exception {
        Path file = write("one.json", """
                {"retCode":0,"retMsg":"OK","result":{"symbol":"SOLUSDT","category":"linear",
                 "list":[["1670608800000","1","1","1","1","1","1"]]}}""");
        assertThatThrownBy(() -> new BybitKlineReader().read(file, ImportHints.none()))
                .isInstanceOf(DataFileException.class).hasMessageContaining("one.json: cannot tell the timeframe")
                .hasMessageContaining("--timeframe");
        assertThat(new BybitKlineReader().read(file, ImportHints.none().withTimeframe(Timeframe.M5)).series())
                .isEqualTo(SeriesId.candles("bybit", Market.PERP, "SOLUSDT", Timeframe.M5));
    }

    @Test
    void badKlineRowsNameTheirRowInTheResponse() throws Exception {
        Path file = write("bad.json", """
                {"retCode":0,"retMsg":"OK","result":{"symbol":"SOLUSDT","category":"spot","list":[
                 ["1670609100000","10","11","9","10","5","50"],
                 ["1670608800000","10","11","9","","5","50"],
                 ["1670608500000","10","9","11","10","5","50"],
                 ["1670608500000","10","11","9","10","5","50"],
                 ["x","10","11","9","10","5","50"],
                 ["1670608200000","10","11","9","10"]]}}""");
        DataFileException e = org.junit.jupiter.api.Assertions.assertThrows(DataFileException.class,
                () -> new BybitKlineReader().read(file, ImportHints.none().withTimeframe(Timeframe.M5)));
        assertThat(e.errors()).containsExactly(
                file + ":row 2: close is empty",
                file + ":row 3: high 9 is below low 11",
                file + ":row 4: duplicate timestamp 2022-12-09T17:55:00Z (also at row 3)",
                file + ":row 5: startTime 'x' is not epoch milliseconds",
                file + ":row 6: expected [startTime, open, high, low, close, volume, turnover], found "
                        + "[\"1670608200000\",\"10\",\"11\",\"9\",\"10\"] (mark/index price klines have no volume "
                        + "and are not imported)");
    }

    @Test
    void badFundingRows() throws Exception {
        Path file = write("f.json", """
                {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[
                 {"symbol":"SOLUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1672041600000"},
                 {"symbol":"BTCUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1672012800000"},
                 {"symbol":"SOLUSDT","fundingRate":"abc","fundingRateTimestamp":"1672012800000"},
                 {"symbol":"SOLUSDT","fundingRate":"0.0001","fundingRateTimestamp":"soon"}]}}""");
        DataFileException e = org.junit.jupiter.api.Assertions.assertThrows(DataFileException.class,
                () -> new BybitFundingHistoryReader().read(file, ImportHints.none()));
        assertThat(e.errors()).containsExactly(
                file + ":row 2: symbol BTCUSDT differs from SOLUSDT in the rows before; one symbol per file",
                file + ":row 3: fundingRate 'abc' is not a number",
                file + ":row 4: fundingRateTimestamp 'soon' is not epoch milliseconds");
    }

    @Test
    void errorResponsesAndOtherJsonAreRefused() throws Exception {
        Path error = write("err.json", """
                {"retCode":10001,"retMsg":"params error","result":{},"time":1}""");
        assertThat(new BybitKlineReader().accepts(error)).isFalse();
        assertThatThrownBy(() -> new BybitKlineReader().read(error, ImportHints.none()))
                .hasMessageContaining("err.json: Bybit returned retCode 10001 (params error)");
        Path noList = write("nolist.json", "{\"retCode\":0,\"result\":{}}");
        assertThatThrownBy(() -> new BybitFundingHistoryReader().read(noList, ImportHints.none()))
                .hasMessageContaining("result.list is missing");
        Path notBybit = write("x.json", "{\"a\":1}");
        assertThatThrownBy(() -> new BybitKlineReader().read(notBybit, ImportHints.none()))
                .hasMessageContaining("not a Bybit V5 response");
        Path broken = write("broken.json", "{");
        assertThat(new BybitKlineReader().accepts(broken)).isFalse();
        assertThatThrownBy(() -> new BybitKlineReader().read(broken, ImportHints.none()))
                .hasMessageContaining("not valid JSON");
        Path option = write("opt.json", """
                {"retCode":0,"result":{"category":"option","list":[{"symbol":"BTC-1","fundingRate":"0","fundingRateTimestamp":"1672041600000"}]}}""");
        assertThatThrownBy(() -> new BybitFundingHistoryReader().read(option, ImportHints.none()))
                .hasMessageContaining("category 'option' is not supported");
        assertThat(new BybitKlineReader().accepts(dir.resolve("x.csv"))).isFalse();
        assertThat(new BybitKlineReader().format()).contains("/v5/market/kline");
        assertThat(new BybitFundingHistoryReader().format()).contains("/v5/market/funding/history");
    }
}
