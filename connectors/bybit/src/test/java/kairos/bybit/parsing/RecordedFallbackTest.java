package kairos.bybit.parsing;

import kairos.bybit.Fixtures;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.data.DataFileException;
import kairos.engine.domain.MarketEvent;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.MarketBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session's recording that fell back to Binance and came back replays as fallback batches in between. */
class RecordedFallbackTest {
    static final String MARK = Fixtures.read("binance_ws_markPrice.json");

    static List<MarketBatch> batches(Path file) throws IOException {
        List<MarketBatch> out = new ArrayList<>();
        try (RecordedStream stream = RecordedStream.open(file)) {
            BatchSource source = stream.batches();
            MarketBatch b;
            while ((b = source.next()) != null) {
                out.add(b);
            }
        }
        return out;
    }

    @Test
    void bybitThenBinanceThenBybitLinesGiveBatchesOfThePrimaryTheFallbackAndThePrimary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("session.jsonl.gz");
        try (StreamRecorder r = new StreamRecorder(file)) {
            r.onMessage(Fixtures.read("ws_public_trade.json"), 100);
            r.onMessage("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}", 101);
            r.binance(Fixtures.read("binance_ws_aggTrade.json"), 200);
            r.binance("not json", 201);   // not kept
            r.binance(Fixtures.read("binance_ws_kline_1m.json"), 202);
            r.onRest("GET /v5/market/kline?category=linear&symbol=SOLUSDT&interval=1&start=1746360000000"
                    + "&end=1746360000000&limit=1000", Fixtures.ok("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\","
                    + "\"list\":[[\"1746360000000\",\"146.7\",\"147\",\"146.6\",\"146.9\",\"18000\",\"2640000\"]]}"), 300);
            r.onMessage(Fixtures.read("ws_public_trade.json"), 301);
            assertThat(r.messages()).isEqualTo(6);
        }
        List<MarketBatch> batches = batches(file);
        assertThat(batches).extracting(MarketBatch::fallback).containsExactly(null, "binance", "binance", null, null);
        assertThat(batches).extracting(MarketBatch::arrivedAt).containsExactly(100L, 200L, 202L, 300L, 301L);
        assertThat(batches).extracting(MarketBatch::history).containsExactly(false, false, false, true, false);
        assertThat(batches.get(1).events()).singleElement().isInstanceOf(MarketEvent.Trade.class);
        assertThat(batches.get(2).events()).singleElement().isInstanceOf(MarketEvent.BarClose.class);
        List<MarketEvent> events = new ArrayList<>();
        assertThat(RecordedStream.replay(file, events::add)).as("market-data lines").isEqualTo(5);
        assertThat(events).hasSize(5);
    }

    @Test
    void eachStretchOnTheFallbackStartsTheBinanceParserAfresh(@TempDir Path dir) throws IOException {
        // funding time 16:00 at the end of one stretch, 00:00 at the start of the next, Bybit data in between:
        // Bybit's ticker settled 16:00, so the Binance parser must not settle it again from its stale state
        String later = MARK.replace("1746360031000", "1746374401000").replace("1746374400000", "1746403200000");
        Path file = dir.resolve("twice.jsonl.gz");
        try (StreamRecorder r = new StreamRecorder(file)) {
            r.binance(MARK, 1);
            r.onMessage(Fixtures.read("ws_public_trade.json"), 2);
            r.binance(later, 3);
        }
        assertThat(batches(file).getLast().events()).noneMatch(e -> e instanceof MarketEvent.Funding f && f.settlement());

        Path one = dir.resolve("once.jsonl.gz");
        try (StreamRecorder r = new StreamRecorder(one)) {
            r.binance(MARK, 1);
            r.onMessage("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}", 2);   // not market data
            r.binance(later, 3);
        }
        assertThat(batches(one).getLast().events()).anyMatch(e -> e instanceof MarketEvent.Funding f && f.settlement()
                && f.time() == 1746374400000L);
    }

    @Test
    void aBadBinanceLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl.gz");
        try (StreamRecorder r = new StreamRecorder(file)) {
            r.onMessage(Fixtures.read("ws_public_trade.json"), 1);
            r.binance(Fixtures.read("binance_ws_aggTrade.json").replace("\"146.8300\"", "\"\""), 2);
        }
        assertThatThrownBy(() -> batches(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.jsonl.gz:2: Binance solusdt@aggTrade: field 'p' missing");
    }
}
