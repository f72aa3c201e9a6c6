package kairos.app.cli;

import kairos.bybit.websocket.LocalBybitServer;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** record against a local Bybit-like WebSocket server on 127.0.0.1, then replay the file through CEP. */
class RecordReplayCommandTest {
    /** A documented publicTrade message with a $60k SOLUSDT print (above the LargeOrder threshold). */
    static final String LARGE_TRADE = """
            {"topic":"publicTrade.SOLUSDT","type":"snapshot","ts":1746360000100,"data":[{"T":1746360000050,"s":"SOLUSDT",\
            "S":"Sell","v":"400","p":"150.10","L":"MinusTick","i":"x-1","BT":false}]}""";

    @BeforeAll
    static void home() {
        System.setProperty("kairos.home", ProjectDirs.root().toString());
    }

    @Test
    void recordsForADurationThenReplaysThroughTheStatements(@TempDir Path dir) throws Exception {
        LocalBybitServer server = new LocalBybitServer(List.of(LocalBybitServer.fixture("ws_public_trade.json"), LARGE_TRADE));
        try {
            Path config = dir.resolve("kairos.yaml");
            Files.writeString(config, Files.readString(ProjectDirs.root().resolve("config/kairos.yaml"))
                    .replace("wss://stream.bybit.com/v5/public/linear", server.startAndGetUri().toString()));
            Path rec = dir.resolve("rec.jsonl.gz");
            CepCommandTest.Run r = CepCommandTest.run("record", "--config", config.toString(), "--symbols", "SOLUSDT",
                    "--duration", "2s", "--out", rec.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("connected").contains("messages recorded to " + rec);
            assertThat(server.received.getFirst()).isEqualTo(
                    "{\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\",\"orderbook.50.SOLUSDT\",\"allLiquidation.SOLUSDT\",\"tickers.SOLUSDT\"]}");

            CepCommandTest.Run replay = CepCommandTest.run("replay", rec.toString());
            assertThat(replay.code()).as(replay.err()).isZero();
            assertThat(replay.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith("{\"statement\":\"LargeOrder\",\"ts\":\"2025-05-04T12:00:00.050Z\",\"symbol\":\"SOLUSDT\""));
            assertThat(replay.err()).contains("2 market-data messages");
        } finally {
            server.stop(1000);
        }
    }

    @Test
    void badArgumentsAndFilesAreClearErrors(@TempDir Path dir) throws IOException {
        assertThat(CepCommandTest.run("record", "--duration", "soon").err()).contains("--duration: 'soon' is not a duration");
        assertThat(CepCommandTest.run("record", "--depth", "7", "--duration", "1s").err()).contains("--depth");
        assertThat(RecordCommand.parseDuration("PT1H").toMinutes()).isEqualTo(60);
        assertThat(RecordCommand.parseDuration("15m").toSeconds()).isEqualTo(900);
        assertThat(CepCommandTest.run("replay", dir.resolve("none.gz").toString()).err()).contains("no such recording");
        Path notGzip = dir.resolve("x.jsonl.gz");
        Files.writeString(notGzip, "hello");
        CepCommandTest.Run r = CepCommandTest.run("replay", notGzip.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("not a gzip recording");
    }
}
