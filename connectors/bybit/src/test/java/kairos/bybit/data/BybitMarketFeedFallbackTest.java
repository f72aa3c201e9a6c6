package kairos.bybit.data;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import kairos.bybit.parsing.RecordedStream;
import kairos.bybit.websocket.LocalBinanceServer;
import kairos.bybit.websocket.LocalBybitServer;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.MarketBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static kairos.bybit.data.BybitMarketFeedTest.T0;
import static kairos.bybit.data.BybitMarketFeedTest.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The staleness switch against a local Bybit-like and a local Binance-like stream, on a wall clock the test moves:
 * Bybit silent for the fallback delay → Binance's messages as fallback batches; Bybit's data back → Binance closed,
 * the klines gap back-filled, Bybit's batches again; the recording replays as the kernel got it.
 */
class BybitMarketFeedFallbackTest {
    static final Duration AFTER = Duration.ofSeconds(10);

    final List<MarketBatch> posted = new CopyOnWriteArrayList<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();
    final BybitMarketFeed.Sink sink = new BybitMarketFeed.Sink() {
        @Override
        public void onBatch(MarketBatch batch) {
            posted.add(batch);
        }

        @Override
        public void onStatus(String status, String detail) {
            statuses.add(status + " " + detail);
        }
    };

    static BybitMarketFeed.Recorder into(StreamRecorder r) {
        return new BybitMarketFeed.Recorder() {
            @Override
            public void message(String text, long recvTs) {
                r.onMessage(text, recvTs);
            }

            @Override
            public void rest(String request, String body, long recvTs) {
                r.onRest(request, body, recvTs);
            }

            @Override
            public void binance(String text, long recvTs) {
                r.binance(text, recvTs);
            }
        };
    }

    long live(String fallback) {
        return posted.stream().filter(b -> !b.history() && java.util.Objects.equals(b.fallback(), fallback)).count();
    }

    @Test
    void staleBybitDataFallsBackToBinanceAndBybitsReturnBackfillsTheGapAndTakesOver(@TempDir Path dir) throws Exception {
        LocalBybitServer bybit = new LocalBybitServer(List.of());   // silent unless the test broadcasts
        LocalBinanceServer binance = new LocalBinanceServer(List.of(Fixtures.read("binance_ws_aggTrade.json"),
                Fixtures.read("binance_ws_kline_1m.json")));
        BybitMarketFeedTest.History history = new BybitMarketFeedTest.History();
        TestClock wall = new TestClock(T0 + 30_000);
        Path file = dir.resolve("session.jsonl.gz");
        URI binanceUrl = binance.startAndGetUri();
        try (StreamRecorder recorder = new StreamRecorder(file);
             BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"), history, into(recorder), sink, wall,
                     5 * 60_000).fallbackTo(binanceUrl, AFTER)) {
            feed.start(bybit.startAndGetUri(), 50, Duration.ofSeconds(20), Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.startsWith("backfilled")));
            bybit.broadcast(trade(T0 + 30_500, 101));
            await().atMost(Duration.ofSeconds(10)).until(() -> live(null) == 1);

            wall.advance(AFTER.minusMillis(1));
            feed.checkFreshness();
            assertThat(feed.onFallback()).as("not yet stale").isFalse();
            wall.advance(Duration.ofMillis(1));
            feed.checkFreshness();
            assertThat(feed.onFallback()).isTrue();
            assertThat(statuses).contains("fallback no Bybit market data for 10000 ms: market data from Binance ("
                    + binanceUrl + ") until Bybit's is back");
            await().atMost(Duration.ofSeconds(10)).until(() -> live("binance") == 2);
            List<MarketBatch> fallback = posted.stream().filter(b -> "binance".equals(b.fallback())).toList();
            assertThat(fallback).allSatisfy(b -> {
                assertThat(b.history()).isFalse();
                assertThat(b.arrivedAt()).isEqualTo(wall.millis());
            });
            assertThat(fallback.getFirst().events()).singleElement().isEqualTo(new MarketEvent.Trade("SOLUSDT",
                    1746360030118L, wall.millis(), 146.83, 12.45, Side.Sell));
            assertThat(fallback.get(1).events()).singleElement().isInstanceOf(MarketEvent.BarClose.class);
            assertThat(binance.resources).singleElement().satisfies(r -> assertThat(r).startsWith("/stream?streams=solusdt@aggTrade/"));
            assertThat(statuses).anyMatch(s -> s.startsWith("binance_connected ws://127.0.0.1:"));

            // Bybit reconnects while on the fallback: no back-fill yet (it comes with Bybit's data)
            int requests = history.requests.size();
            bybit.dropAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.connections() == 2 && bybit.count("subscribe") == 2);
            assertThat(history.requests).hasSize(requests);
            feed.checkFreshness();
            assertThat(feed.onFallback()).isTrue();

            // Bybit's data is back three minutes on: Binance closed, the gap back-filled, then Bybit's message
            history.now.addAndGet(3 * 60_000);
            wall.advance(Duration.ofSeconds(5));
            int before = posted.size();
            bybit.broadcast(trade(T0 + 210_000, 102));
            await().atMost(Duration.ofSeconds(10)).until(() -> live(null) == 2);
            assertThat(feed.onFallback()).isFalse();
            assertThat(statuses).contains("primary Bybit market data again after 5000 ms on Binance");
            assertThat(history.requests.subList(requests, history.requests.size())).singleElement()
                    .satisfies(r -> assertThat(r).contains("start=" + T0, "end=" + (T0 + 2 * 60_000)));
            List<MarketBatch> after = posted.subList(before, posted.size());
            assertThat(after).extracting(MarketBatch::history).containsExactly(true, false);
            assertThat(after).extracting(MarketBatch::fallback).containsOnlyNulls();
            assertThat(after.getFirst().events()).hasSize(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> binance.getConnections().isEmpty());
            binance.push(Fixtures.read("binance_ws_aggTrade.json"));   // nobody listens any more
            assertThat(live("binance")).isEqualTo(2);

            // fresh again: the delay counts from Bybit's last message
            wall.advance(AFTER.minusMillis(1));
            feed.checkFreshness();
            assertThat(feed.onFallback()).isFalse();
            assertThat(feed.messages()).isEqualTo(4);
            assertThat(feed.lastMessageAt("SOLUSDT")).isEqualTo(wall.millis() - AFTER.toMillis() + 1);
        } finally {
            bybit.stop(1000);
            binance.stop(1000);
        }

        List<MarketBatch> replayed = new ArrayList<>();
        try (RecordedStream stream = RecordedStream.open(file)) {
            BatchSource batches = stream.batches();
            MarketBatch b;
            while ((b = batches.next()) != null) {
                replayed.add(b);
            }
        }
        assertThat(replayed).isEqualTo(posted);
        assertThat(replayed).extracting(b -> b.history() ? "history" : String.valueOf(b.fallback()))
                .containsExactly("history", "null", "binance", "binance", "history", "null");
    }

    @Test
    void aBybitThatNeverSpeaksFallsBackFromTheStartAndCloseEndsBoth() throws Exception {
        LocalBybitServer bybit = new LocalBybitServer(List.of());
        LocalBinanceServer binance = new LocalBinanceServer(List.of("{\"stream\":\"solusdt@aggTrade\",\"data\":"
                + "{\"e\":\"aggTrade\",\"s\":\"SOLUSDT\",\"p\":\"\",\"q\":\"1\",\"T\":1,\"m\":true}}", Fixtures.read("binance_ws_markPrice.json")));
        TestClock wall = new TestClock(T0);
        BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"), new BybitMarketFeedTest.History(),
                BybitMarketFeed.Recorder.NONE, sink, wall, 60_000).fallbackTo(binance.startAndGetUri(), AFTER);
        try {
            feed.start(bybit.startAndGetUri(), 50, Duration.ofSeconds(20), Duration.ofMillis(50));
            wall.advance(AFTER);
            // the feed's own watchdog sees the stale data
            await().atMost(Duration.ofSeconds(10)).until(() -> live("binance") == 1);
            assertThat(statuses).anyMatch(s -> s.startsWith("bad_message Binance solusdt@aggTrade: field 'p' missing"));
            assertThat(posted.getLast().events()).hasSize(3);   // mark, index, funding
            feed.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> binance.getConnections().isEmpty());
            feed.checkFreshness();
            assertThat(binance.resources).hasSize(1);
        } finally {
            feed.close();
            bybit.stop(1000);
            binance.stop(1000);
        }
    }

    @Test
    void theFallbackIsCheckedWhenConfigured() {
        BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"), new BybitMarketFeedTest.History(),
                BybitMarketFeed.Recorder.NONE, sink, new TestClock(T0), 0);
        assertThatThrownBy(() -> feed.fallbackTo(URI.create("ws://127.0.0.1:1"), Duration.ZERO))
                .hasMessageContaining("fallback delay PT0S: must be positive");
        BybitMarketFeed many = new BybitMarketFeed(java.util.Collections.nCopies(41, "X"), new BybitMarketFeedTest.History(),
                BybitMarketFeed.Recorder.NONE, sink, new TestClock(T0), 0);
        assertThatThrownBy(() -> many.fallbackTo(URI.create("ws://127.0.0.1:1"), AFTER))
                .hasMessageContaining("one connection carries at most 200");
    }
}
