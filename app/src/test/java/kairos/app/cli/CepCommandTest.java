package kairos.app.cli;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CepCommandTest {
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeAll
    static void home() {
        System.setProperty("kairos.home", ProjectDirs.root().toString());
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = KairosCommand.commandLine();
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void printsOneJsonLinePerPattern(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, """
                # a large buy, then a small one
                {"type":"trade","symbol":"SOLUSDT","ts":"2025-05-04T12:00:00Z","price":150.1,"qty":400,"side":"Buy"}
                {"type":"trade","symbol":"SOLUSDT","ts":1746360000500,"recv_ts":1746360001200,"price":150.1,"qty":1,"side":"sell"}
                {"type":"book","symbol":"SOLUSDT","ts":1746360001000,"bids":[[150.0,10]],"asks":[["150.05","3"]],"snapshot":true}
                {"type":"mark","symbol":"SOLUSDT","ts":1746360001000,"price":150.02}
                """);
        Run r = run("cep", "test", "--events", events.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly(
                "{\"statement\":\"LargeOrder\",\"ts\":\"2025-05-04T12:00:00Z\",\"symbol\":\"SOLUSDT\",\"notional\":60040.0,\"price\":150.1,\"qty\":400.0,\"side\":\"Buy\"}",
                "{\"statement\":\"LatencyHigh\",\"ts\":\"2025-05-04T12:00:00.500Z\",\"symbol\":\"SOLUSDT\",\"latency_ms\":700,\"level\":\"high\"}");
    }

    @Test
    void aBadLineNamesFileAndLineAndExitsOne(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("bad.jsonl");
        Files.writeString(events, """
                {"type":"trade","symbol":"SOLUSDT","ts":1,"price":1,"qty":1,"side":"Buy"}
                {"type":"quote","symbol":"SOLUSDT","ts":2}
                """);
        Run r = run("cep", "test", "--events", events.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("kairos cep test: ").contains("bad.jsonl:2: unknown type 'quote'");
    }

    @Test
    void brokenEplIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path epl = dir.resolve("epl");
        Files.createDirectories(epl);
        Files.writeString(epl.resolve("x.epl"), "module x;\n\n@Name('X')\nselect symbol, nosuch from TradeTick;\n");
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"type\":\"mark\",\"symbol\":\"SOLUSDT\",\"ts\":1,\"price\":1}\n");
        Run r = run("cep", "test", "--events", events.toString(), "--cep", epl.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("x.epl:4:").contains("nosuch");
        assertThat(run("cep", "test", "--events", dir.resolve("none.jsonl").toString()).err()).contains("no such file");
        assertThat(run("cep", "test", "--events", events.toString(), "--drain-ms", "-1").code()).isEqualTo(1);
        assertThat(run("cep").out()).contains("test");
    }
}
