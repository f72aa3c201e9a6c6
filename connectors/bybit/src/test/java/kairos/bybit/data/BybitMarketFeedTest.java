package kairos.bybit.data;

import kairos.bybit.parsing.RecordedStream;
import kairos.bybit.websocket.LocalBybitServer;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.domain.MarketEvent;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.MarketBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed against a local Bybit-like stream and an in-memory kline history: the warm-up back-fill in pages,
 * oldest first, before the first message; only the gap after a reconnect; the recording replays as the batches
 * the kernel got.
 */
class BybitMarketFeedTest {
    static final long T0 = Instant.parse("2025-05-04T12:00:00Z").toEpochMilli();

    /** 1m candles of one symbol at 100 + minute/1000, answered as Bybit does (newest first, strings). */
    static final class History implements KlineHistory {
        final AtomicLong now = new AtomicLong(T0 + 30_000);
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public long serverTime() {
            return now.get();
        }

        @Override
        public Page klines(String symbol, long start, long end, int limit) {
            String request = "GET /v5/market/kline?category=linear&symbol=" + symbol + "&interval=1&start=" + start
                    + "&end=" + end + "&limit=" + limit;
            requests.add(request);
            StringBuilder list = new StringBuilder();
            int n = 0;
            for (long open = end - end % 60_000; open >= start && n < limit; open -= 60_000, n++) {
                double p = 100 + (open - T0) / 60_000 / 1000.0;
                list.append(n == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "[\"%d\",\"%s\",\"%s\",\"%s\",\"%s\",\"10\",\"1000\"]", open, p, p + 0.5, p - 0.5, p));
            }
            return new Page(request, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"symbol\":\""
                    + symbol + "\",\"list\":[" + list + "]},\"retExtInfo\":{},\"time\":" + now.get() + "}");
        }
    }

    static String trade(long t, double price) {
        return "{\"topic\":\"publicTrade.SOLUSDT\",\"type\":\"snapshot\",\"ts\":" + t + ",\"data\":[{\"T\":" + t
                + ",\"s\":\"SOLUSDT\",\"S\":\"Buy\",\"v\":\"1\",\"p\":\"" + price + "\",\"L\":\"PlusTick\",\"i\":\"x" + t
                + "\",\"BT\":false}]}";
    }

    @Test
    void backfillsTheWarmupThenTheGapAfterAReconnectAndRecordsWhatTheKernelGot(@TempDir Path dir) throws Exception {
        LocalBybitServer server = new LocalBybitServer(List.of(trade(T0 + 30_500, 101)));
        History history = new History();
        List<MarketBatch> posted = new CopyOnWriteArrayList<>();
        List<String> statuses = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("session.jsonl.gz");
        Clock wall = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        long warmup = 2_500 * 60_000L;   // three pages of 1,000
        try (StreamRecorder recorder = new StreamRecorder(file);
             BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"), history, new BybitMarketFeed.Recorder() {
                 @Override
                 public void message(String text, long recvTs) {
                     recorder.onMessage(text, recvTs);
                 }

                 @Override
                 public void rest(String request, String body, long recvTs) {
                     recorder.onRest(request, body, recvTs);
                 }

                 @Override
                 public void binance(String text, long recvTs) {
                     recorder.binance(text, recvTs);
                 }
             }, new BybitMarketFeed.Sink() {
                 @Override
                 public void onBatch(MarketBatch batch) {
                     posted.add(batch);
                 }

                 @Override
                 public void onStatus(String status, String detail) {
                     statuses.add(status + " " + detail);
                 }
             }, wall, warmup)) {
            feed.start(server.startAndGetUri(), 50, Duration.ofSeconds(20), Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(15)).until(() -> posted.stream().anyMatch(b -> !b.history()));

            List<MarketBatch> history1 = posted.stream().takeWhile(MarketBatch::history).toList();
            assertThat(history1).hasSize(3);
            List<Long> opens = history1.stream().flatMap(b -> b.events().stream())
                    .map(e -> ((MarketEvent.BarClose) e).bar().openTime()).toList();
            assertThat(opens).hasSize(2_500).isSorted().doesNotHaveDuplicates();
            assertThat(opens.getFirst()).isEqualTo(T0 - warmup);
            assertThat(opens.getLast()).as("the last closed minute").isEqualTo(T0 - 60_000);
            assertThat(posted.get(3).events()).singleElement().isInstanceOf(MarketEvent.Trade.class);
            assertThat(feed.messages()).isEqualTo(1);
            assertThat(statuses).contains("backfilled 2500 bars up to 2025-05-04T12:00:00Z");

            // the stream drops; the market moves on five minutes; the gap alone is fetched before the stream goes on
            history.now.addAndGet(5 * 60_000);
            int before = posted.size();
            int requests = history.requests.size();
            server.dropAll();
            await().atMost(Duration.ofSeconds(15)).until(() -> posted.size() >= before + 2);
            assertThat(history.requests.subList(requests, history.requests.size())).singleElement()
                    .satisfies(r -> assertThat(r).contains("start=" + T0, "end=" + (T0 + 4 * 60_000)));
            MarketBatch gap = posted.get(before);
            assertThat(gap.history()).isTrue();
            assertThat(gap.events()).hasSize(5);
            assertThat(posted.get(before + 1).history()).isFalse();
            assertThat(feed.connections()).isEqualTo(2);
        } finally {
            server.stop(1000);
        }

        // the recording replays as the kernel got it: same batches, same arrival times
        List<MarketBatch> replayed = new ArrayList<>();
        try (RecordedStream stream = RecordedStream.open(file)) {
            BatchSource batches = stream.batches();
            MarketBatch b;
            while ((b = batches.next()) != null) {
                replayed.add(b);
            }
            assertThat(batches.finished()).isTrue();
        }
        assertThat(replayed).isEqualTo(posted);
    }

    @Test
    void aFailingHistoryIsReportedAndTheStreamGoesOn(@TempDir Path dir) throws Exception {
        LocalBybitServer server = new LocalBybitServer(List.of(trade(T0 + 30_500, 101)));
        List<MarketBatch> posted = new CopyOnWriteArrayList<>();
        List<String> statuses = new CopyOnWriteArrayList<>();
        KlineHistory broken = new KlineHistory() {
            @Override
            public long serverTime() throws IOException {
                throw new IOException("GET /v5/market/time failed: HTTP 503");
            }

            @Override
            public Page klines(String symbol, long start, long end, int limit) {
                throw new AssertionError("not asked");
            }
        };
        try (BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"), broken, BybitMarketFeed.Recorder.NONE,
                new BybitMarketFeed.Sink() {
                    @Override
                    public void onBatch(MarketBatch batch) {
                        posted.add(batch);
                    }

                    @Override
                    public void onStatus(String status, String detail) {
                        statuses.add(status + " " + detail);
                    }
                }, Clock.systemUTC(), 60_000)) {
            feed.start(server.startAndGetUri(), 50, Duration.ofSeconds(20), Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(15)).until(() -> !posted.isEmpty());
            assertThat(statuses).anyMatch(s -> s.startsWith("backfill_failed market time: GET /v5/market/time failed"));
            assertThat(posted.getFirst().history()).isFalse();
        } finally {
            server.stop(1000);
        }
    }
}
