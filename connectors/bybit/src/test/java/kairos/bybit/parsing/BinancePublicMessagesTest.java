package kairos.bybit.parsing;

import kairos.bybit.Fixtures;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Binance USD-M fallback parser against payloads of Binance's documented shapes (fixtures/binance_ws_*.json). */
class BinancePublicMessagesTest {
    static final long RECV = 1746360030500L;
    final BinancePublicMessages parser = new BinancePublicMessages();
    final List<MarketEvent> seen = new ArrayList<>();

    BybitPublicMessages.Kind parse(String text) {
        return parser.parse(text, RECV, seen::add);
    }

    @Test
    void anAggregateTradeWhoseBuyerMadeTheMarketIsATakerSell() {
        String buyerMaker = Fixtures.read("binance_ws_aggTrade.json");
        assertThat(parse(buyerMaker)).isEqualTo(BybitPublicMessages.Kind.TRADE);
        parse(buyerMaker.replace("\"m\": true", "\"m\": false"));
        assertThat(seen).containsExactly(
                new MarketEvent.Trade("SOLUSDT", 1746360030118L, RECV, 146.83, 12.45, Side.Sell),
                new MarketEvent.Trade("SOLUSDT", 1746360030118L, RECV, 146.83, 12.45, Side.Buy));
    }

    @Test
    void aKlineBecomesABarOnlyOnceClosed() {
        String closed = Fixtures.read("binance_ws_kline_1m.json");
        assertThat(parse(closed.replace("\"x\": true", "\"x\": false"))).isEqualTo(BybitPublicMessages.Kind.KLINE);
        assertThat(seen).isEmpty();
        parse(closed);
        assertThat(seen).containsExactly(new MarketEvent.BarClose("SOLUSDT", Timeframe.M1,
                new Bar(1746360000000L, 146.71, 147.05, 146.64, 146.92, 18342.61), RECV));
        assertThat(seen.getFirst().time()).as("known at its close").isEqualTo(1746360060000L);
    }

    @Test
    void thePartialBookIsASnapshotBestFirst() {
        assertThat(parse(Fixtures.read("binance_ws_depth20.json"))).isEqualTo(BybitPublicMessages.Kind.BOOK);
        MarketEvent.Book book = (MarketEvent.Book) seen.getFirst();
        assertThat(book.symbol()).isEqualTo("SOLUSDT");
        assertThat(book.time()).as("transaction time T").isEqualTo(1746360030209L);
        assertThat(book.snapshot()).isTrue();
        assertThat(book.bids()).isDeepEqualTo(new double[][] {{146.82, 152.37}, {146.81, 98.10}, {146.80, 411.05}});
        assertThat(book.asks()[0]).containsExactly(146.83, 64.92);
        seen.clear();
        parse(Fixtures.read("binance_ws_depth20.json").replace("\"T\": 1746360030209,", ""));
        assertThat(seen.getFirst().time()).as("event time E without T").isEqualTo(1746360030212L);
    }

    @Test
    void theMarkPriceStreamGivesMarkIndexAndFundingAndASettlementWhenTheFundingTimeMovesOn() {
        String mark = Fixtures.read("binance_ws_markPrice.json");
        assertThat(parse(mark)).isEqualTo(BybitPublicMessages.Kind.TICKER);
        assertThat(seen).containsExactly(
                new MarketEvent.Mark("SOLUSDT", 1746360031000L, RECV, 146.8421),
                new MarketEvent.Index("SOLUSDT", 1746360031000L, RECV, 146.90672581),
                new MarketEvent.Funding("SOLUSDT", 1746360031000L, RECV, 0.00005412, false));
        seen.clear();
        // 16:00 passed: the next funding time is 00:00; 16:00's settled at the last rate shown
        parse(mark.replace("1746360031000", "1746374401000").replace("1746374400000", "1746403200000")
                .replace("0.00005412", "0.00010000"));
        assertThat(seen).contains(new MarketEvent.Funding("SOLUSDT", 1746374400000L, RECV, 0.00005412, true),
                new MarketEvent.Funding("SOLUSDT", 1746374401000L, RECV, 0.0001, false));
        seen.clear();
        parse(mark.replace("\"r\": \"0.00005412\",", "").replace(",\n    \"T\": 1746374400000", ""));
        assertThat(seen).as("no funding fields: mark and index only").hasSize(2);
    }

    @Test
    void aForcedSellIsALiquidatedLong() {
        String liq = Fixtures.read("binance_ws_forceOrder.json");
        assertThat(parse(liq)).isEqualTo(BybitPublicMessages.Kind.LIQUIDATION);
        parse(liq.replace("\"SELL\"", "\"BUY\"").replace("\"ap\": \"146.6100\"", "\"ap\": \"0\""));
        assertThat(seen).containsExactly(
                new MarketEvent.Liquidation("SOLUSDT", 1746360032411L, RECV, 146.61, 34, Side.Buy),
                new MarketEvent.Liquidation("SOLUSDT", 1746360032411L, RECV, 146.152, 34, Side.Sell));
    }

    @Test
    void bareStreamPayloadsAndLowerCaseSymbolsAreRead() {
        parse("{\"e\":\"aggTrade\",\"E\":2,\"s\":\"solusdt\",\"p\":\"1.5\",\"q\":\"2\",\"T\":1,\"m\":false}");
        assertThat(seen).containsExactly(new MarketEvent.Trade("SOLUSDT", 1, RECV, 1.5, 2, Side.Buy));
    }

    @Test
    void repliesAndOtherStreamsAreNotMarketData() {
        assertThat(parse("{\"result\":null,\"id\":1}")).isEqualTo(BybitPublicMessages.Kind.CONTROL);
        assertThat(parse("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":3}")).isEqualTo(BybitPublicMessages.Kind.CONTROL);
        assertThat(parse("{\"stream\":\"solusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"s\":\"SOLUSDT\"}}"))
                .isEqualTo(BybitPublicMessages.Kind.IGNORED);
        assertThat(parse("{\"stream\":\"solusdt@aggTrade\",\"data\":[]}")).isEqualTo(BybitPublicMessages.Kind.IGNORED);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> parse("nope")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("expected a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "binance_ws_aggTrade.json|\"p\": \"146.8300\"|\"p\": \"\"|solusdt@aggTrade: field 'p' missing",
            "binance_ws_aggTrade.json|\"q\": \"12.45\",|\"q\": \"12,45\",|field 'q' is not a number",
            "binance_ws_aggTrade.json|\"p\": \"146.8300\"|\"p\": \"NaN\"|field 'p' is not a number",
            "binance_ws_aggTrade.json|\"m\": true|\"m\": \"true\"|field 'm' (buyer is maker) is not true or false",
            "binance_ws_kline_1m.json|\"c\": \"146.9200\"|\"c\": \"\"|solusdt@kline_1m: field 'c' missing",
            "binance_ws_kline_1m.json|\"k\": {|\"kk\": {|field 'k' (the candle) missing",
            "binance_ws_depth20.json|[\"146.8100\", \"98.10\"]|[\"146.8100\", \"\"]|b[1][1]: '' is not a number",
            "binance_ws_depth20.json|[\"146.8400\", \"203.40\"]|[\"146.8400\"]|a[1] is [\"146.8400\"], expected [price, qty]",
            "binance_ws_depth20.json|\"b\": [|\"bids\": [|field 'b' (book levels) is not a list",
            "binance_ws_markPrice.json|\"i\": \"146.90672581\"|\"i\": \"\"|field 'i' missing",
            "binance_ws_markPrice.json|\"r\": \"0.00005412\"|\"r\": \"x\"|field 'r' is not a number",
            "binance_ws_forceOrder.json|\"S\": \"SELL\"|\"S\": \"sell\"|field 'S' is not BUY or SELL",
            "binance_ws_forceOrder.json|\"o\": {|\"order\": {|field 'o' (the liquidation order) missing",
    })
    void aMessageMissingAFieldOrWithABadNumberIsRefusedNamingIt(String fixture, String from, String to, String message) {
        String text = Fixtures.read(fixture);
        assertThat(text).contains(from);
        assertThatThrownBy(() -> parse(text.replace(from, to)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(seen).isEmpty();
    }
}
