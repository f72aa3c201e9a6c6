package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCsvTest {

    @TempDir
    Path dir;

    @Test
    void tradesCsvHasTheContractHeaderAndOneRowPerTrade() throws Exception {
        Path file = dir.resolve("trades.csv");
        TradesCsv.write(file, BacktestFixtures.TRADES);
        assertThat(Files.readAllLines(file)).containsExactly(
                "id,symbol,side,strategy,entry_rule,entry_time,entry_price,exit_time,exit_price,qty,gross_pnl,fees,funding,net_pnl,exit_reason,initial_risk,r_multiple,decision_id,exit_decision_id",
                "T1,SOLUSDT,Buy,trend,breakout,2025-05-01T06:00:00Z,100,2025-05-02T18:00:00Z,106,2,12,1,1,10,tp1,,,,",
                "T2,SOLUSDT,Sell,trend,pullback,2025-05-03T06:00:00Z,110,2025-05-03T18:00:00Z,128,1,-18,0.5,-0.5,-18,stop,,,,",
                "T3,SOLUSDT,Buy,meanrev,breakout,2025-05-04T06:00:00Z,50,2025-05-04T18:00:00Z,58,3,24,0.6,0.4,23,trailing,,,,");
    }

    @Test
    void textIsQuotedAndNumbersArePlainAndRounded() throws Exception {
        TradeRecord odd = TradeRecord.of("id,\"1\"", "SOLUSDT", Side.Sell, "trend\nline", "r", 1_746_373_500_123L,
                1e-9, 1_746_373_560_000L, 123456789.123456789, 1e7, 0.1 + 0.2, 0, -0.0, "stop");
        Path file = dir.resolve("odd.csv");
        TradesCsv.write(file, List.of(odd));
        String row = Files.readString(file).split("\n", 2)[1];
        assertThat(row).isEqualTo("\"id,\"\"1\"\"\",SOLUSDT,Sell,\"trend\nline\",r,2025-05-04T15:45:00.123Z,0,"
                + "2025-05-04T15:46:00Z,123456789.12345679,10000000,0.3,0,0,0.3,stop,,,,\n");
    }

    @Test
    void initialRiskAndRMultipleFollowTheContractColumns() throws Exception {
        TradeRecord t = new TradeRecord("T9", "SOLUSDT", Side.Buy, "s", "r", 0, 100, 60_000, 103, 10, 30, 1, 0, 29,
                "tp3", 20);
        Path file = dir.resolve("r.csv");
        TradesCsv.write(file, List.of(t));
        assertThat(Files.readAllLines(file).get(1)).endsWith(",tp3,20,1.45,,");
        assertThat(ReportTables.rHistogram(List.of(t, BacktestFixtures.TRADES.getFirst()))).containsExactly(
                0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(ReportTables.rDistribution(List.of(t))).contains("+1.0R .. +1.5R</th><td>1</td>");
        assertThat(SummaryJson.averageR(List.of(t))).isEqualTo(1.45);
        assertThat(SummaryJson.averageR(BacktestFixtures.TRADES)).isNaN();
        assertThat(SummaryJson.exitReasons(BacktestFixtures.TRADES)).containsOnlyKeys("stop", "tp1", "trailing");
    }

    @Test
    void twoWritesAreByteIdenticalAndNetPnlSumsToTheEquityChange() throws Exception {
        Random random = new Random(42);
        List<TradeRecord> trades = new ArrayList<>();
        double equity = 10_000;
        for (int i = 0; i < 500; i++) {
            double gross = (random.nextDouble() - 0.45) * 37.123456789;
            double fees = random.nextDouble() * 0.77;
            double funding = (random.nextDouble() - 0.5) * 0.3;
            TradeRecord t = TradeRecord.of("T" + i, "SOLUSDT", i % 2 == 0 ? Side.Buy : Side.Sell, "s", "r",
                    i * 60_000L, 100 + random.nextDouble(), i * 60_000L + 30_000, 101, 0.37, gross, fees, funding,
                    "tp1");
            trades.add(t);
            equity += t.netPnl();
        }
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        TradesCsv.write(a, trades);
        TradesCsv.write(b, trades);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        BigDecimal sum = BigDecimal.ZERO;
        for (String line : Files.readAllLines(a).subList(1, 501)) {
            String[] cells = line.split(",");
            sum = sum.add(new BigDecimal(cells[13]));
        }
        assertThat(sum.doubleValue()).isCloseTo(equity - 10_000, within(1e-6));
    }

    @Test
    void equityCsvHasDrawdownAndPositionFlag() throws Exception {
        Path file = dir.resolve("equity.csv");
        EquityCsv.write(file, BacktestFixtures.EQUITY);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("timestamp,equity,drawdown,in_position");
        assertThat(lines.get(1)).isEqualTo("2025-05-01T06:00:00Z,1000,0,false");
        assertThat(lines.get(2)).isEqualTo("2025-05-01T18:00:00Z,1010,0,true");
        assertThat(lines.get(4)).isEqualTo("2025-05-02T18:00:00Z,990,0.01980198,false");
        assertThat(lines.get(8)).isEqualTo("2025-05-04T18:00:00Z,1015,0.00490196,false");

        Path seeded = dir.resolve("seeded.csv");
        EquityCsv.write(seeded, List.of(new EquityPoint(0, 950, true)), 1000);
        assertThat(Files.readAllLines(seeded)).containsExactly(
                "timestamp,equity,drawdown,in_position", "1970-01-01T00:00:00Z,950,0.05,true");
    }

    @Test
    void decimalTextIsPlainAndStable() {
        assertThat(DecimalText.format(1e-9)).isEqualTo("0");
        assertThat(DecimalText.format(-1e-8)).isEqualTo("-0.00000001");
        assertThat(DecimalText.format(1.5e20)).isEqualTo("150000000000000000000");
        assertThat(DecimalText.format(2.50)).isEqualTo("2.5");
        assertThat(DecimalText.format(0.125000000049)).isEqualTo("0.125");
        assertThat(DecimalText.format(Double.NaN)).isEmpty();
        assertThat(CsvText.field("plain")).isEqualTo("plain");
        assertThat(CsvText.field("a\rb")).isEqualTo("\"a\rb\"");
    }
}
