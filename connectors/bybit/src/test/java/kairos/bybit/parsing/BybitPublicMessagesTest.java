package kairos.bybit.parsing;

import kairos.engine.cep.TickListener;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public-stream parser against the documented Bybit V5 payloads (fixtures/ws_public_*.json). */
class BybitPublicMessagesTest {
    final List<String> seen = new ArrayList<>();
    final BybitPublicMessages parser = new BybitPublicMessages();

    final TickListener listener = new TickListener() {
        public void onTrade(String s, long ts, long recv, double p, double q, String side) {
            seen.add("trade");
        }
        public void onBook(String s, long ts, long recv, boolean snap, double[][] b, double[][] a) {
            seen.add("book " + snap + " " + ts);
        }
        public void onLiquidation(String s, long ts, long recv, double p, double q, String side) {
            seen.add("liq");
        }
        public void onBar(String s, Timeframe tf, Bar bar, long recv) {
            seen.add("bar " + s + " " + tf + " " + bar.openTime() + " " + bar.close());
        }
        public void onFunding(String s, long ts, long recv, double rate) {
            seen.add("funding");
        }
        public void onOpenInterest(String s, long ts, long recv, double v) {
            seen.add("oi");
        }
        public void onLongShortRatio(String s, long ts, long recv, double v) {
            seen.add("lsr");
        }
        public void onMark(String s, long ts, long recv, double p) {
            seen.add("mark");
        }
        public void onIndex(String s, long ts, long recv, double p) {
            seen.add("index");
        }
    };

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
        String delta = fixture("ws_public_orderbook_delta.json");
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);   // no snapshot yet
        parser.parse(snapshot, 0, listener);
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.BOOK);
        assertThat(parser.parse(delta, 0, listener)).isEqualTo(BybitPublicMessages.Kind.IGNORED);   // same u again
        parser.parse(delta.replace("177400507", "1"), 0, listener);                                  // u = 1: reset
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
    }
}
