package kairos.app.cli;

import kairos.app.config.KairosConfig;

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

/**
 * record against a local Bybit-like WebSocket server on 127.0.0.1; replay of recordings (raw Bybit messages) and
 * event files through the whole kernel, writing the files of a backtest.
 */
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
            assertThat(server.received.getFirst()).isEqualTo("{\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\","
                    + "\"orderbook.50.SOLUSDT\",\"allLiquidation.SOLUSDT\",\"tickers.SOLUSDT\",\"kline.1.SOLUSDT\"]}");
            // two seconds hold no whole minute to trade on: replay says so and writes nothing
            Path out = dir.resolve("out");
            CepCommandTest.Run replay = CepCommandTest.run("replay", rec.toString(), "--out", out.toString(), "--store",
                    dir.resolve("store").toString());
            assertThat(replay.code()).isEqualTo(1);
            assertThat(replay.err()).contains("no complete minute of SOLUSDT");
            assertThat(out).doesNotExist();
        } finally {
            server.stop(1000);
        }
    }

    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z

    @Test
    void aRecordingReplaysThroughTheWholeKernelIdenticallyTwice(@TempDir Path dir) throws IOException {
        List<kairos.engine.domain.MarketEvent> tape = kairos.engine.testing.TickTape.of(5, START, 6 * 60, true,
                kairos.engine.testing.TickTape.SOL, kairos.engine.testing.TickTape.BTC);
        Path rec = dir.resolve("rec.jsonl.gz");
        BybitRecording.write(rec, tape, true);
        Path noKlines = dir.resolve("trades-only.jsonl.gz");
        BybitRecording.write(noKlines, tape, false);
        Path events = dir.resolve("events.jsonl");
        Files.write(events, kairos.engine.testing.TickTape.eventFile(tape));
        String store = dir.resolve("store").toString();

        CepCommandTest.Run first = CepCommandTest.run("replay", rec.toString(), "--out", dir.resolve("a").toString(), "--store", store);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("replay SOLUSDT of rec.jsonl.gz", "recorded klines");
        CepCommandTest.Run second = CepCommandTest.run("replay", rec.toString(), "--out", dir.resolve("b").toString(), "--store", store);
        assertThat(second.code()).as(second.err()).isZero();
        for (String f : List.of("trades.csv", "decisions.jsonl", "equity.csv")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        for (String f : List.of("summary.json", "report.html")) {
            assertThat(dir.resolve("a").resolve(f)).isNotEmptyFile();
        }
        List<String> decisions = Files.readAllLines(dir.resolve("a").resolve("decisions.jsonl"));
        assertThat(decisions).isNotEmpty().allMatch(l -> l.contains("\"microstructure\":\"ticks\""));
        assertThat(decisions).anyMatch(l -> l.contains("\"trigger\":\"bar_close\""))
                .anyMatch(l -> l.contains("\"trigger\":\"pattern\""));
        String summary = Files.readString(dir.resolve("a").resolve("summary.json"));
        assertThat(summary).contains("\"bars_processed\" : " + (6 * 60), "\"symbols\" : [ \"SOLUSDT\" ]");

        CepCommandTest.Run built = CepCommandTest.run("replay", noKlines.toString(), "--out", dir.resolve("c").toString(), "--store", store);
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.err()).contains("bars built from trades for SOLUSDT,BTCUSDT");
        CepCommandTest.Run file = CepCommandTest.run("replay", events.toString(), "--out", dir.resolve("d").toString(), "--store", store);
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("d").resolve("decisions.jsonl"))).isNotEmpty();
        CepCommandTest.Run wrong = CepCommandTest.run("replay", rec.toString(), "--symbols", "ETHUSDT", "--store", store);
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("holds no ETHUSDT data");
    }

    @Test
    void badArgumentsAndFilesAreClearErrors(@TempDir Path dir) throws IOException {
        assertThat(CepCommandTest.run("record", "--duration", "soon").err()).contains("--duration: 'soon' is not a duration");
        assertThat(CepCommandTest.run("record", "--depth", "7", "--duration", "1s").err()).contains("--depth");
        assertThat(RecordCommand.parseDuration("PT1H").toMinutes()).isEqualTo(60);
        assertThat(RecordCommand.parseDuration("15m").toSeconds()).isEqualTo(900);
        assertThat(RecordCommand.defaultSymbols(new KairosConfig.Backtest("bybit", "linear", List.of("SOLUSDT"),
                List.of("BTCUSDT", "SOLUSDT"), "5m", 10_000.0))).containsExactly("SOLUSDT", "BTCUSDT");
        assertThat(RecordCommand.defaultSymbols(new KairosConfig.Backtest("bybit", "linear", List.of("SOLUSDT"),
                null, "5m", 10_000.0))).containsExactly("SOLUSDT");
        assertThat(CepCommandTest.run("replay", dir.resolve("none.gz").toString()).err()).contains("no such recording");
        Path notGzip = dir.resolve("x.jsonl.gz");
        Files.writeString(notGzip, "hello");
        CepCommandTest.Run r = CepCommandTest.run("replay", notGzip.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("not a gzip recording");
    }
}
