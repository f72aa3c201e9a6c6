package kairos.bybit.websocket;

import kairos.bybit.parsing.RecordedStream;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BybitPublicStreamTest {
    static final List<String> DOCUMENTED = List.of("ws_public_trade.json", "ws_public_orderbook_snapshot.json",
            "ws_public_orderbook_delta.json", "ws_public_all_liquidation.json", "ws_public_ticker.json");

    /** Waits for a condition the server side drives (network I/O, not time in the engine). */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void subscribesPingsReconnectsAndRecordsAReplayableFile(@TempDir Path dir) throws Exception {
        // the documented delta's update id follows the documented snapshot's here (the examples are no sequence)
        LocalBybitServer server = new LocalBybitServer(DOCUMENTED.stream().map(LocalBybitServer::fixture)
                .map(m -> m.replace("177400507", "18521289")).toList());
        Clock clock = Clock.fixed(Instant.parse("2025-05-04T12:00:00Z"), ZoneOffset.UTC);
        List<String> statuses = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("rec.jsonl.gz");
        try (StreamRecorder recorder = new StreamRecorder(file)) {
            BybitPublicStream.Handler handler = new BybitPublicStream.Handler() {
                @Override
                public void onMessage(String text, long recvTs) {
                    recorder.onMessage(text, recvTs);
                }

                @Override
                public void onStatus(String status, String detail) {
                    statuses.add(status);
                }
            };
            List<String> topics = BybitPublicStream.topics(List.of("BTCUSDT", "ROSEUSDT", "SOLUSDT"), 50);
            try (BybitPublicStream stream = new BybitPublicStream(server.startAndGetUri(), topics, handler, clock,
                    Duration.ofMillis(100), Duration.ofMillis(50))) {
                stream.start();
                await(() -> recorder.messages() >= 1 + DOCUMENTED.size() * 2L);   // 12 topics: two subscribe requests
                assertThat(server.count("\"subscribe\"")).isEqualTo(2);
                await(() -> server.count("\"ping\"") >= 2);
                server.dropAll();
                await(() -> stream.connections() == 2 && server.count("\"subscribe\"") == 4);
                assertThat(statuses).contains("connected", "disconnected", "reconnecting");
                assertThat(server.received.getFirst()).contains("publicTrade.BTCUSDT", "orderbook.50.BTCUSDT",
                        "allLiquidation.BTCUSDT", "tickers.BTCUSDT");
            }
        } finally {
            server.stop(1000);
        }

        List<String> events = new ArrayList<>();
        long data = RecordedStream.replay(file, e -> events.add(switch (e) {
            case MarketEvent.Trade t -> "trade " + t.symbol() + " " + t.time() + " " + t.price() + " " + t.qty() + " "
                    + t.side() + " " + t.recvTime();
            case MarketEvent.Book b -> "book " + b.symbol() + " " + b.snapshot() + " " + b.bids().length + "/" + b.asks().length;
            case MarketEvent.Liquidation l -> "liquidation " + l.symbol() + " " + l.time() + " " + l.price() + " " + l.qty()
                    + " " + l.side();
            case MarketEvent.BarClose b -> "bar";
            case MarketEvent.Funding f -> "funding " + f.rate();
            case MarketEvent.OpenInterest o -> "oi " + o.value();
            case MarketEvent.LongShortRatio r -> "lsr";
            case MarketEvent.Mark m -> "mark " + m.price();
            case MarketEvent.Index i -> "index " + i.price();
        }));
        assertThat(data).isGreaterThanOrEqualTo(DOCUMENTED.size());
        assertThat(events).startsWith(
                "trade BTCUSDT 1672304486865 16578.5 0.001 Buy 1746360000000",
                "book BTCUSDT true 2/2",
                "book BTCUSDT false 5/7",   // a delta after the snapshot (its u is later)
                "liquidation ROSEUSDT 1739502302929 0.04499 20000.0 Sell",
                "mark 66666.6", "index 115418.19", "oi 492373.72", "funding -0.005");
    }
}
