package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.domain.Timeframe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    static Path tmp;
    static Path home;

    /** A scratch home whose bundled data/ is a 10-day slice of the real bundled Binance 1m data. */
    @BeforeAll
    static void home() {
        home = CliHarness.slicedHome(tmp, "binance", Timeframe.M1, "2025-05-10T00:00:00Z", "2025-05-20T00:00:00Z");
    }

    @Test
    void helpListsTheCommandsAndUsageErrorsExitTwo() {
        CliHarness.Result help = CliHarness.run(home, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("backtest", "data", "bench", "test");
        assertThat(CliHarness.run(home, "backtest", "--no-such-option").exit()).isEqualTo(2);
        assertThat(CliHarness.run(home, "backtest", "--from", "yesterday").err()).contains("ISO date");
        assertThat(CliHarness.run(home).exit()).isZero();
        for (String[] cmd : new String[][] {{"backtest"}, {"data", "import"}, {"data", "list"}, {"features"},
                {"cep", "test"}, {"record"}, {"replay"}, {"rules", "check"}, {"explain"}, {"train"}, {"walkforward"},
                {"bench"}, {"bench", "rules"}, {"bench", "compare"}, {"test"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliHarness.Result h = CliHarness.run(home, args);
            assertThat(h.exit()).as(String.join(" ", args)).isZero();
            assertThat(h.out()).as(String.join(" ", args)).startsWith("Usage: kairos").doesNotContain("WARN");
            assertThat(h.err()).as(String.join(" ", args)).doesNotContain("WARN");
        }
    }

    @Test
    void backtestWritesTheContractFilesIdenticallyTwice() throws IOException {
        Path out1 = tmp.resolve("bt1");
        Path out2 = tmp.resolve("bt2");
        CliHarness.Result r1 = CliHarness.run(home, "backtest", "--exchange", "binance", "--out", out1.toString());
        assertThat(r1.exit()).as(r1.err()).isZero();
        assertThat(home.resolve("store/market/binance/perp/SOLUSDT")).isDirectory(); // filled from data/ on first use
        assertThat(r1.out()).contains("trades", "results in");
        CliHarness.Result r2 = CliHarness.run(home, "backtest", "--exchange", "binance", "--out", out2.toString());
        assertThat(r2.exit()).isZero();
        for (String f : List.of("trades.csv", "decisions.jsonl", "equity.csv")) {
            assertThat(Files.readAllBytes(out1.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out2.resolve(f)));
        }
        JsonNode s = new ObjectMapper().readTree(out1.resolve("summary.json").toFile());
        for (String key : List.of("trades", "win_rate", "profit_factor", "avg_win_loss_ratio", "expectancy", "sharpe",
                "sortino", "calmar", "max_drawdown", "total_return", "max_drawdown_days", "trades_per_day",
                "avg_holding_minutes", "fees_paid", "funding_paid", "exposure_time", "buy_and_hold_return",
                "per_strategy", "per_rule", "initial_equity", "final_equity", "start", "end", "symbols", "timeframe",
                "exchange", "ruleset_hash", "model_version", "bars_processed", "elapsed_ms")) {
            assertThat(s.has(key)).as(key).isTrue();
        }
        assertThat(s.get("bars_processed").asLong()).isEqualTo(10 * 1440);
        assertThat(s.get("timeframe").asText()).isEqualTo("5m");
        List<String> trades = Files.readAllLines(out1.resolve("trades.csv"));
        double net = trades.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[13])).sum();
        assertThat(net).isCloseTo(s.get("final_equity").asDouble() - s.get("initial_equity").asDouble(),
                org.assertj.core.api.Assertions.within(1e-4));
        assertThat(Files.readAllLines(out1.resolve("decisions.jsonl"))).filteredOn(l -> l.contains("\"trigger\":\"bar_close\""))
                .hasSize(10 * 288);
        assertThat(Files.readString(out1.resolve("report.html"))).doesNotContain("src=\"http");
        // every backtest is journaled in the store; explain without --out reads the journal
        assertThat(home.resolve("store/journal.db")).isRegularFile();
        String firstId = Files.readAllLines(out1.resolve("decisions.jsonl")).getFirst().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        CliHarness.Result explained = CliHarness.run(home, "explain", "--decision", firstId);
        assertThat(explained.exit()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("Decision " + firstId);
        assertThat(CliHarness.run(home, "explain", "--decision", "NOPE-1").err()).contains("journal.db");
    }

    @Test
    void dataImportListsAndRefusesBadFilesLeavingTheStoreAlone() throws IOException {
        Path store = tmp.resolve("store-import");
        Path good = tmp.resolve("good.csv");
        Files.writeString(good, "timestamp,open,high,low,close,volume\n2025-01-01T00:00:00Z,10,11,9,10.5,100\n"
                + "2025-01-01T00:01:00Z,10.5,11,10,10.7,50\n2025-01-01T00:05:00Z,10.2,10.6,10.0,10.3,20\n");
        CliHarness.Result ok = CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "GOODUSDT",
                "--timeframe", "1m", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("GOODUSDT", "gap");
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "timestamp,open,high,low,close,volume\n2025-01-01T00:00:00Z,10,11,9,10.5,100\n"
                + "2025-01-01T00:00:00Z,10,11,9,10.5,100\n");
        CliHarness.Result refused = CliHarness.run(home, "data", "import", "--store", store.toString(), "--symbol", "BADUSDT",
                "--timeframe", "1m", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("bad.csv:3");
        CliHarness.Result list = CliHarness.run(home, "data", "list", "--store", store.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("GOODUSDT").doesNotContain("BADUSDT");
        assertThat(CliHarness.run(home, "data", "list", "--store", tmp.resolve("empty").toString()).out()).contains("no series");
    }

    @Test
    void userErrorsAreClearAndExitOne() throws IOException {
        Path broken = tmp.resolve("rules-broken");
        CliHarness.copyTree(home.resolve("rules"), broken);
        Files.writeString(broken.resolve("zz.drl"), "package x;\nrule \"b\"\nwhen\n  $x : NoSuchFact( price > )\nthen\nend\n");
        CliHarness.Result r = CliHarness.run(home, "backtest", "--exchange", "binance", "--rules", broken.toString(),
                "--out", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).containsPattern("zz\\.drl:\\d+:\\d+");
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, Files.readString(home.resolve("config/kairos.yaml")).replace("max_leverage", "max_leverag"));
        CliHarness.Result c = CliHarness.run(home, "backtest", "--config", cfg.toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("unknown key 'risk.max_leverag'");
        assertThat(CliHarness.run(home, "backtest", "--exchange", "nowhere").err()).contains("no nowhere/perp/SOLUSDT candles");
        assertThat(CliHarness.run(home, "backtest", "--exchange", "binance", "--symbols", "DOGEUSDT").err())
                .contains("DOGEUSDT has no entry under 'instruments'");
        assertThat(CliHarness.run(home, "backtest", "--exchange", "binance", "--from", "2030-01-01").err()).contains("no binance");
        assertThat(CliHarness.run(home, "backtest", "--exchange", "binance", "--timeframe", "7m").err()).contains("unknown timeframe");
        assertThat(CliHarness.run(home, "backtest", "--exchange", "binance", "--model", "models/x").err()).contains("not a model folder");
    }

    @Test
    void benchReportsThroughput() {
        CliHarness.Result r = CliHarness.run(home, "bench", "--warmup", "0", "--runs", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("bars/s", "median");
        assertThat(CliHarness.run(home, "bench", "--runs", "0").exit()).isEqualTo(1);
    }

    @Test
    void benchCompareRunsTa4jBesideTheKernelOnThePlainStrategy() {
        CliHarness.Result r = CliHarness.run(home, "bench", "compare", "--warmup", "0", "--runs", "1", "--timeframe", "1m",
                "--rules", home.resolve("bench/plain/rules").toString(), "--cep", home.resolve("bench/plain/cep").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ta4j ema run", "ta4j trend run", "ratio kairos/ta4j ema, cold", "ratio kairos/ta4j trend, warm");
        // the plain rule set trades: EMA(8) crosses EMA(21) many times in the sliced data
        assertThat(r.out()).containsPattern("kairos [0-9,]+ bars/s wall, [0-9,]+ per CPU-second \\([1-9][0-9]* trades\\)");
        assertThat(r.out()).containsPattern("\\(([1-9][0-9]*) positions\\)");
    }

    @Test
    void benchCompareRunsTheBareKernelWithoutRulesOrPatterns() {
        CliHarness.Result r = CliHarness.run(home, "bench", "compare", "--warmup", "0", "--runs", "1", "--timeframe", "1m",
                "--rules", home.resolve("bench/bare/rules").toString(), "--cep", home.resolve("bench/plain/cep").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // the bare rule set never proposes: the kernel runs every bar and trades nothing
        assertThat(r.out()).containsPattern("cold 1: kairos [0-9,]+ bars/s wall, [0-9,]+ per CPU-second \\(0 trades\\)")
                .contains("ratio kairos/ta4j trend, cold");
    }

    @Test
    void featuresWritesTheMatrixWithTimestampFirst() throws IOException {
        Path f = tmp.resolve("f.csv");
        CliHarness.Result r = CliHarness.run(home, "features", "--exchange", "binance", "--symbol", "SOLUSDT", "--timeframe", "15m",
                "--from", "2025-05-15", "--to", "2025-05-16", "--out", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.getFirst()).startsWith("timestamp,").contains(",rsi_14,", ",corr_btc_1h,");
        assertThat(lines).hasSize(1 + 96);
        assertThat(lines.get(1)).startsWith("2025-05-15T00:00:00Z,");
        assertThat(CliHarness.run(home, "features", "--exchange", "binance", "--symbols", "SOLUSDT,BTCUSDT", "--out", f.toString())
                .err()).contains("exactly one symbol");
        assertThat(CliHarness.run(home, "features", "--symbol", "SOLUSDT").exit()).isEqualTo(2);
    }

    /** The last bar of a cut-off run closes at --to: a funding settled then is in its row, as in a longer run. */
    @Test
    void featuresToKeepsTheSettlementAtTheLastBarsClose() throws IOException {
        Path cut = tmp.resolve("cut.csv");
        Path full = tmp.resolve("full.csv");
        // Binance settled SOLUSDT funding at 2025-05-15T16:00:00Z exactly (0.00003324; 0.00000924 at 08:00)
        for (Object[] run : new Object[][] {{cut, "2025-05-15T16:00:00Z"}, {full, "2025-05-17"}}) {
            CliHarness.Result r = CliHarness.run(home, "features", "--exchange", "binance", "--symbol", "SOLUSDT",
                    "--timeframe", "15m", "--from", "2025-05-15", "--to", (String) run[1], "--out", run[0].toString());
            assertThat(r.exit()).as(r.err()).isZero();
        }
        List<String> cutLines = Files.readAllLines(cut);
        int column = List.of(cutLines.getFirst().split(",")).indexOf("funding_rate");
        String last = cutLines.getLast();
        assertThat(last).startsWith("2025-05-15T15:45:00Z,");
        assertThat(Double.parseDouble(last.split(",")[column])).isEqualTo(0.00003324);
        String sameBar = Files.readAllLines(full).stream().filter(l -> l.startsWith("2025-05-15T15:45:00Z,")).findFirst()
                .orElseThrow();
        assertThat(last).isEqualTo(sameBar);
    }
}
