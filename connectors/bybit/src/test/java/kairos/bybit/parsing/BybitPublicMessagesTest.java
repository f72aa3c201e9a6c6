package kairos.bybit.parsing;

import kairos.engine.domain.MarketEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public-stream parser against the documented Bybit V5 payloads (fixtures/ws_public_*.json). */
class BybitPublicMessagesTest {
    final List<String> seen = new ArrayList<>();
    final BybitPublicMessages parser = new BybitPublicMessages();

    final Consumer<MarketEvent> listener = e -> seen.add(switch (e) {
        case MarketEvent.Trade t -> "trade";
        case MarketEvent.Book b -> "book " + b.snapshot() + " " + b.time();
        case MarketEvent.Liquidation l -> "liq";
        case MarketEvent.BarClose b -> "bar " + b.symbol() + " " + b.timeframe() + " " + b.bar().openTime() + " " + b.bar().close();
        case MarketEvent.Funding f -> (f.settlement() ? "settled " : "funding ") + f.time() + " " + f.rate();
        case MarketEvent.OpenInterest o -> "oi";
        case MarketEvent.LongShortRatio r -> "lsr";
        case MarketEvent.Mark m -> "mark";
        case MarketEvent.Index i -> "index";
    });

    static String fixture(String name) throws IOException {
        try (InputStream in = BybitPublicMessagesTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void klinesBecomeBarsOnlyWhenConfirmed() throws IOException {
        String open = fixture("ws_public_kline.json");
        assertThat(parser.parse(open, 5, listener)).isEqualTo(BybitPublicMessages.Kind.KLINE);
        assertThat(seen).isEmpty();
        parser.parse(open.replace("\"confirm\" : false", "\"confirm\" : true").replace("\"confirm\": false", "\"confirm\": true"), 5, listener);
        assertThat(seen).containsExactly("bar BTCUSDT 5m 1672324800000 16677.0");
        assertThat(BybitPublicMessages.klineInterval("60")).isEqualTo("1h");
        assertThat(BybitPublicMessages.klineInterval("240")).isEqualTo("4h");
        assertThat(BybitPublicMessages.klineInterval("D")).isEqualTo("1d");
    }

    @Test
    void bookDeltasNeedASnapshotAndANewerUpdateId() throws IOException {
        String snapshot = fixture("ws_public_orderbook_snapshot.json");
        // the documented delta, its update id the one after the documented snapshot's (18521288)
        String delta = fixture("ws_public_orderbook_delta.json").replace("177400507", "18521289");
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);   // no snapshot yet
        parser.parse(snapshot, 0, listener);
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.BOOK);
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);   // same u again
        String skipped = delta.replace("18521289", "18521291");                                       // 18521290 lost
        assertThat(parser.parse(skipped, 0, listener)).isEqualTo(BybitPublicMessages.Kind.BOOK_GAP);
        assertThat(parser.parse(skipped.replace("18521291", "18521292"), 0, listener))
                .as("no delta until a snapshot").isEqualTo(BybitPublicMessages.Kind.IGNORED);
        parser.parse(delta.replace("18521289", "1"), 0, listener);                                  // u = 1: reset
        assertThat(seen).containsExactly("book true 1672304484978", "book false 1687940967466", "book true 1687940967466");
    }

    @Test
    void controlRepliesAndUnknownTopicsAreNotMarketData() {
        assertThat(parser.parse("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}", 0, listener))
                .isEqualTo(BybitPublicMessages.Kind.CONTROL);
        assertThat(parser.parse("{\"topic\":\"kline.1.X\"}", 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);
        assertThat(parser.parse("{\"topic\":\"insurance.USDT\",\"data\":[]}", 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);
        assertThat(parser.parse("{\"topic\":\"tickers.X\",\"ts\":1,\"data\":{\"symbol\":\"X\",\"markPrice\":\"\"}}", 0, listener))
                .isEqualTo(BybitPublicMessages.Kind.TICKER);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> parser.parse("nope", 0, listener)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parser.parse("[]", 0, listener)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parser.parse("{\"topic\":\"publicTrade.X\",\"data\":[{\"s\":\"X\",\"S\":\"Buy\",\"v\":\"1\"}]}", 0, listener))
                .hasMessageContaining("'p' missing");
        assertThatThrownBy(() -> parser.parse("{\"topic\":\"publicTrade.X\",\"data\":[{\"s\":\"X\",\"S\":\"Buy\",\"v\":\"1\",\"p\":\"x\"}]}", 0, listener))
                .hasMessageContaining("'p' is not a number");
        assertThatThrownBy(() -> parser.parse("{\"topic\":\"publicTrade.X\",\"data\":[{\"s\":\"X\",\"S\":\"buy\",\"v\":\"1\",\"p\":\"1\"}]}", 0, listener))
                .hasMessageContaining("'S' is not Buy or Sell");
    }

    @Test
    void aTickersNextFundingTimeMovingOnSettlesThePreviousOneAtTheLastRateShown() {
        String first = "{\"topic\":\"tickers.SOLUSDT\",\"type\":\"snapshot\",\"ts\":1000,\"data\":{\"symbol\":\"SOLUSDT\","
                + "\"fundingRate\":\"0.0001\",\"nextFundingTime\":\"28800000\"}}";
        String delta = "{\"topic\":\"tickers.SOLUSDT\",\"type\":\"delta\",\"ts\":2000,\"data\":{\"symbol\":\"SOLUSDT\","
                + "\"fundingRate\":\"0.0002\"}}";
        String after = "{\"topic\":\"tickers.SOLUSDT\",\"type\":\"delta\",\"ts\":28800500,\"data\":{\"symbol\":\"SOLUSDT\","
                + "\"fundingRate\":\"-0.0001\",\"nextFundingTime\":\"57600000\"}}";
        parser.parse(first, 1000, listener);
        parser.parse(delta, 2000, listener);
        parser.parse(after, 28800600, listener);
        assertThat(seen).containsExactly("funding 1000 1.0E-4", "funding 2000 2.0E-4", "settled 28800000 2.0E-4",
                "funding 28800500 -1.0E-4");
    }
}
