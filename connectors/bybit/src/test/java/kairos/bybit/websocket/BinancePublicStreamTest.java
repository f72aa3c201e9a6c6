package kairos.bybit.websocket;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Binance fallback stream against a local combined-stream server: the URL names the streams, no ping is sent. */
class BinancePublicStreamTest {

    @Test
    void theCombinedStreamUrlNamesEveryStreamOfEverySymbol() {
        URI url = BinancePublicStream.url(URI.create("wss://fstream.binance.com/"), List.of("SOLUSDT", "BTCUSDT"));
        assertThat(url.toString()).isEqualTo("wss://fstream.binance.com/stream?streams=solusdt@aggTrade/solusdt@kline_1m/"
                + "solusdt@depth20@100ms/solusdt@markPrice@1s/solusdt@forceOrder/btcusdt@aggTrade/btcusdt@kline_1m/"
                + "btcusdt@depth20@100ms/btcusdt@markPrice@1s/btcusdt@forceOrder");
        assertThat(BinancePublicStream.url(URI.create("ws://127.0.0.1:9/stream"), List.of("X")).toString())
                .startsWith("ws://127.0.0.1:9/stream?streams=x@aggTrade/");
        assertThatThrownBy(() -> BinancePublicStream.url(URI.create("ws://h"), List.of()))
                .hasMessageContaining("no symbols");
        assertThatThrownBy(() -> BinancePublicStream.url(URI.create("ws://h"), Collections.nCopies(41, "X")))
                .hasMessageContaining("41 symbols need 205 Binance streams; one connection carries at most 200 (40 symbols)");
    }

    @Test
    void deliversMessagesReconnectsAfterADropAndDropsASilentConnectionWithoutEverPinging() throws Exception {
        String trade = Fixtures.read("binance_ws_aggTrade.json");
        LocalBinanceServer server = new LocalBinanceServer(List.of(trade));
        TestClock clock = new TestClock(1_746_360_030_000L);
        List<String> messages = new CopyOnWriteArrayList<>();
        List<Long> recvTimes = new CopyOnWriteArrayList<>();
        List<String> statuses = new CopyOnWriteArrayList<>();
        URI base = server.startAndGetUri();
        try (BinancePublicStream stream = new BinancePublicStream(base, List.of("SOLUSDT"), new BybitPublicStream.Handler() {
            @Override
            public void onMessage(String text, long recvTs) {
                messages.add(text);
                recvTimes.add(recvTs);
            }

            @Override
            public void onStatus(String status, String detail) {
                statuses.add(status + " " + detail);
            }
        }, clock, Duration.ofMillis(50), Duration.ofMillis(20))) {
            assertThat(stream.endpoint()).isEqualTo("127.0.0.1:" + server.getPort());
            assertThat(stream.connectsTo().toString()).endsWith("/stream?streams=solusdt@aggTrade/solusdt@kline_1m/"
                    + "solusdt@depth20@100ms/solusdt@markPrice@1s/solusdt@forceOrder");
            stream.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
            assertThat(messages.getFirst()).isEqualTo(trade);
            assertThat(recvTimes.getFirst()).isEqualTo(1_746_360_030_000L);
            assertThat(server.resources).containsExactly("/stream?streams=solusdt@aggTrade/solusdt@kline_1m/"
                    + "solusdt@depth20@100ms/solusdt@markPrice@1s/solusdt@forceOrder");

            server.dropAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 2);
            assertThat(stream.connections()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(1));   // more than three watchdog intervals without a message
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 3);
            assertThat(statuses).anyMatch(s -> s.startsWith("disconnected nothing received for 1000 ms"))
                    .anyMatch(s -> s.startsWith("reconnecting in "))
                    .anyMatch(s -> s.startsWith("connected ws://127.0.0.1:"));
            assertThat(stream.connections()).isEqualTo(3);
            assertThat(server.received).as("no ping, no subscribe: the URL names the streams").isEmpty();
        } finally {
            server.stop(1000);
        }
    }
}
