package kairos.engine.cep;

import kairos.engine.domain.MarketEvent;

import kairos.engine.data.DataFileException;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFileTest {
    static final String ALL = """
            # every type once
            {"type":"trade","symbol":"SOLUSDT","ts":"2025-05-04T12:00:00Z","price":150.1,"qty":400,"side":"buy","recv_ts":"1746360000700"}
            {"type":"book","symbol":"SOLUSDT","ts":1746360001000,"bids":[[150.0,10]],"asks":[["150.5","3"]],"snapshot":true}

            {"type":"liquidation","symbol":"SOLUSDT","ts":1746360002000,"price":"150","qty":1,"side":"Sell"}
            {"type":"bar","symbol":"SOLUSDT","ts":"2025-05-04T11:59:00Z","timeframe":"1m","open":150,"high":151,"low":149,"close":150.5,"volume":1000}
            {"type":"funding","symbol":"SOLUSDT","ts":1746360003000,"rate":-0.0001}
            {"type":"open_interest","symbol":"SOLUSDT","ts":1746360003000,"value":123456}
            {"type":"long_short_ratio","symbol":"SOLUSDT","ts":1746360003000,"value":1.2}
            {"type":"mark","symbol":"SOLUSDT","ts":1746360003000,"price":150.2}
            {"type":"index","symbol":"SOLUSDT","ts":1746360003000,"price":150.1}
            {"type":"book","symbol":"SOLUSDT","ts":1746360004000,"bids":[[150.0,0]]}
            """;

    @Test
    void readsEveryTypeIntoListenerCalls(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("e.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(ALL.getBytes(StandardCharsets.UTF_8));
        }
        List<String> seen = new ArrayList<>();
        List<MarketEvent> events = EventFile.read(file);
        for (MarketEvent e : events) {
            seen.add(switch (e) {
                case MarketEvent.Trade t -> "trade " + t.time() + " " + t.recvTime() + " " + t.price() + " " + t.qty() + " " + t.side();
                case MarketEvent.Book b -> "book " + b.snapshot() + " " + Arrays.deepToString(b.bids()) + " " + Arrays.deepToString(b.asks());
                case MarketEvent.Liquidation l -> "liquidation " + l.price() + " " + l.side();
                case MarketEvent.BarClose b -> "bar " + b.timeframe() + " " + b.bar().openTime();
                case MarketEvent.Funding f -> "funding " + f.rate() + (f.settlement() ? "" : " predicted");
                case MarketEvent.OpenInterest o -> "oi " + o.value();
                case MarketEvent.LongShortRatio r -> "lsr " + r.value();
                case MarketEvent.Mark m -> "mark " + m.price();
                case MarketEvent.Index i -> "index " + i.price();
            });
        }
        assertThat(seen).containsExactly(
                "trade 1746360000000 1746360000700 150.1 400.0 Buy",
                "book true [[150.0, 10.0]] [[150.5, 3.0]]",
                "liquidation 150.0 Sell",
                "bar 1m 1746359940000",
                "funding -1.0E-4", "oi 123456.0", "lsr 1.2", "mark 150.2", "index 150.1",
                "book false [[150.0, 0.0]] []");
        assertThat(events.get(3).time()).isEqualTo(1746360000000L);   // a bar is known at its close
    }

    @Test
    void everyTypeRunsThroughTheShippedStatements(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("e.jsonl");
        Files.writeString(file, ALL);
        try (CepHarness h = new CepHarness(1746360000000L - 60_000)) {
            EventFile.read(file).forEach(h.feed);
            assertThat(h.facts).extracting(PatternFact::getName).containsExactly("LargeOrder", "LatencyHigh", "AbnormalSpread",
                    "BookImbalanceShift");   // the last book empties the bid side: imbalance +0.54 -> -1 in 3 s
            assertThat(PatternJson.line(h.facts.getFirst())).isEqualTo(
                    "{\"statement\":\"LargeOrder\",\"ts\":\"2025-05-04T12:00:00Z\",\"symbol\":\"SOLUSDT\",\"notional\":60040.0,"
                            + "\"price\":150.1,\"qty\":400.0,\"side\":\"Buy\"}");
        }
        assertThat(PatternJson.line(new PatternFact("X", "S", 0, Map.of("nan", Double.NaN))))
                .isEqualTo("{\"statement\":\"X\",\"ts\":\"1970-01-01T00:00:00Z\",\"symbol\":\"S\",\"nan\":null}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|not valid JSON",
            "[1,2]|expected a JSON object",
            "{\"symbol\":\"S\",\"ts\":1}|'type' is missing",
            "{\"type\":\"quote\",\"symbol\":\"S\",\"ts\":1}|unknown type 'quote'",
            "{\"type\":\"trade\",\"ts\":1}|'symbol' is missing",
            "{\"type\":\"trade\",\"symbol\":\"S\"}|'ts' is missing",
            "{\"type\":\"trade\",\"symbol\":\"S\",\"ts\":\"yesterday\"}|'ts' is not ISO-8601",
            "{\"type\":\"trade\",\"symbol\":\"S\",\"ts\":true}|'ts' must be ISO-8601",
            "{\"type\":\"trade\",\"symbol\":\"S\",\"ts\":1,\"price\":\"x\",\"qty\":1,\"side\":\"Buy\"}|'price' is missing or not a number",
            "{\"type\":\"trade\",\"symbol\":\"S\",\"ts\":1,\"price\":-1,\"qty\":1,\"side\":\"Buy\"}|'price' must be > 0",
            "{\"type\":\"trade\",\"symbol\":\"S\",\"ts\":1,\"price\":1,\"qty\":1,\"side\":\"B\"}|'side' must be Buy or Sell",
            "{\"type\":\"book\",\"symbol\":\"S\",\"ts\":1,\"bids\":5}|'bids' must be an array",
            "{\"type\":\"book\",\"symbol\":\"S\",\"ts\":1,\"bids\":[[1]]}|'bids'[0] must be a [price, qty] pair",
            "{\"type\":\"book\",\"symbol\":\"S\",\"ts\":1,\"asks\":[[1,-2]]}|'asks'[0] needs price > 0 and qty >= 0",
            "{\"type\":\"book\",\"symbol\":\"S\",\"ts\":1,\"snapshot\":\"yes\"}|'snapshot' must be true or false",
            "{\"type\":\"bar\",\"symbol\":\"S\",\"ts\":1,\"timeframe\":\"7m\",\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1}|'timeframe': unknown timeframe",
            "{\"type\":\"bar\",\"symbol\":\"S\",\"ts\":1,\"timeframe\":\"1m\",\"open\":1,\"high\":0.5,\"low\":1,\"close\":1,\"volume\":1}|bar is inconsistent",
            "{\"type\":\"funding\",\"symbol\":\"S\",\"ts\":1}|'rate' is missing"})
    void badLinesSayWhatIsWrong(String line, String message) {
        assertThatThrownBy(() -> EventFile.parse(line)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aBadFileListsFileAndLineOfEveryError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        StringBuilder sb = new StringBuilder("{\"type\":\"mark\",\"symbol\":\"S\",\"ts\":1,\"price\":1}\n");
        for (int i = 0; i < 25; i++) {
            sb.append("{\"type\":\"mark\",\"symbol\":\"S\",\"ts\":1}\n");
        }
        Files.writeString(file, sb);
        assertThatThrownBy(() -> EventFile.read(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.jsonl:2: 'price' is missing")
                .hasMessageContaining("bad.jsonl:21:")
                .hasMessageContaining("more errors not shown")
                .satisfies(e -> assertThat(((DataFileException) e).errors()).hasSize(21));
    }
}
