package kairos.bybit.websocket;

import kairos.bybit.parsing.RecordedStream;
import kairos.engine.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamRecorderTest {
    final BybitPublicMessagesListener none = new BybitPublicMessagesListener();

    @Test
    void keepsNonJsonMessagesAsRawAndIgnoresMessagesAfterClose(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/r.jsonl.gz");
        StreamRecorder r = new StreamRecorder(file);
        r.onMessage("not json", 5);
        r.onMessage(LocalBybitServer.fixture("ws_public_trade.json"), 6);
        r.close();
        r.close();
        r.onMessage("{}", 7);
        assertThat(r.messages()).isEqualTo(2);
        assertThat(r.file()).isEqualTo(file);
        assertThat(RecordedStream.replay(file, none)).isEqualTo(1);
        assertThat(none.trades).isEqualTo(1);
    }

    static void gz(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void badRecordingsNameFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl.gz");
        gz(f, "{\"recv_ts\":1,\"msg\":{\"op\":\"pong\"}}\n\n{\"hello\":1}\n");
        assertThatThrownBy(() -> RecordedStream.replay(f, none)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.jsonl.gz:3: expected {\"recv_ts\"");
        gz(f, "{broken\n");
        assertThatThrownBy(() -> RecordedStream.replay(f, none)).hasMessageContaining("bad.jsonl.gz:1: not valid JSON");
        gz(f, "{\"recv_ts\":1,\"msg\":{\"topic\":\"publicTrade.X\",\"data\":[{\"s\":\"X\"}]}}\n");
        assertThatThrownBy(() -> RecordedStream.replay(f, none)).hasMessageContaining("bad.jsonl.gz:1: field 'p' missing");
        // a recording cut off mid-write keeps its complete lines
        byte[] whole;
        Path ok = dir.resolve("ok.jsonl.gz");
        gz(ok, ("{\"recv_ts\":1,\"msg\":" + LocalBybitServer.fixture("ws_public_trade.json").replace("\n", "") + "}\n").repeat(50));
        whole = Files.readAllBytes(ok);
        Files.write(ok, java.util.Arrays.copyOf(whole, whole.length - 8));
        assertThat(RecordedStream.replay(ok, none)).isGreaterThan(0);
    }

    @Test
    void anUnreachableServerIsRetriedWithGrowingDelays() throws Exception {
        List<String> statuses = new CopyOnWriteArrayList<>();
        try (BybitPublicStream s = new BybitPublicStream(URI.create("ws://127.0.0.1:9/"), List.of("publicTrade.X"),
                new BybitPublicStream.Handler() {
                    @Override
                    public void onMessage(String text, long recvTs) {
                    }

                    @Override
                    public void onStatus(String status, String detail) {
                        statuses.add(status + " " + detail);
                    }
                }, Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofMillis(10))) {
            s.start();
            BybitPublicStreamTest.await(() -> statuses.stream().filter(x -> x.startsWith("reconnecting")).count() >= 3);
            assertThat(statuses).anySatisfy(x -> assertThat(x).startsWith("disconnected connect failed"));
            assertThat(statuses).contains("reconnecting in 10 ms", "reconnecting in 20 ms");
            assertThat(s.connections()).isZero();
        }
        assertThatThrownBy(() -> new BybitPublicStream(URI.create("ws://127.0.0.1:9/"), List.of(), null, Clock.systemUTC(),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("no topics");
    }
}
