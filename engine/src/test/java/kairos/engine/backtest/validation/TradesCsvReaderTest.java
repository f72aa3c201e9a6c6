package kairos.engine.backtest.validation;

import kairos.engine.backtest.TradesCsv;
import kairos.engine.execution.TradeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradesCsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatTheBacktestWrites() throws IOException {
        List<TradeRecord> trades = List.of(MonteCarloTest.trade(0, 12.5, 3, 101.25), MonteCarloTest.trade(1, -7, 1.5, 99),
                new TradeRecord("T,2", "SOLUSDT", kairos.engine.domain.Side.Sell, "with \"quotes\"", "", 0, 10, 60_000, 9,
                        2, 2, 0.1, 0.2, 1.7, "tp1", 0.5));
        Path f = dir.resolve("trades.csv");
        TradesCsv.write(f, trades);
        List<TradeRecord> back = TradesCsvReader.read(f);
        assertThat(back).hasSize(3);
        assertThat(back.get(0).netPnl()).isEqualTo(12.5);
        assertThat(back.get(1).qty()).isEqualTo(1.5);
        assertThat(back.get(2).id()).isEqualTo("T,2");
        assertThat(back.get(2).strategy()).isEqualTo("with \"quotes\"");
        assertThat(back.get(2).initialRisk()).isEqualTo(0.5);
        assertThat(back.get(0).initialRisk()).isNaN();
        assertThat(back.get(2).exitTime()).isEqualTo(60_000);
    }

    @Test
    void namesTheFileLineAndFieldOfEveryProblem() throws IOException {
        String header = String.join(",", TradesCsvReader.REQUIRED);
        assertThatThrownBy(() -> TradesCsvReader.read(dir.resolve("none.csv"))).hasMessageContaining("no such file");
        assertThatThrownBy(() -> TradesCsvReader.read(write(""))).hasMessageContaining(":1: empty");
        assertThatThrownBy(() -> TradesCsvReader.read(write("id,net_pnl\nT1,3\n"))).hasMessageContaining(":1: the header lacks symbol");
        String ok = "T1,SOLUSDT,Buy,s,2025-05-01T00:00:00Z,100,2025-05-01T01:00:00Z,101,1,1,0.1,0,0.9,tp1";
        assertThat(TradesCsvReader.read(write(header + "\n" + ok + "\n\n"))).hasSize(1);
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok.replace("Buy", "Long"))))
                .hasMessageContaining(":2: side 'Long'");
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok.replace(",0.9,", ",x,"))))
                .hasMessageContaining(":2: net_pnl 'x' is not a finite number");
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok.replace("2025-05-01T01:00:00Z", "tomorrow"))))
                .hasMessageContaining(":2: exit_time 'tomorrow'");
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok.replace(",0.9,", ",5,"))))
                .hasMessageContaining(":2: net_pnl 5.0 is not gross_pnl - fees - funding");
        // the 8 decimals a trades.csv is written with are within the tolerance
        assertThat(TradesCsvReader.read(write(header + "\n" + ok.replace(",0.9,", ",0.90000001,"))).getFirst().netPnl())
                .isEqualTo(0.90000001);
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok.replace(",1,0.1,0,0.9,", ",1,-0.1,0,1.1,"))))
                .hasMessageContaining(":2: ").hasMessageContaining("fees");
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n" + ok + ",extra")))
                .hasMessageContaining(":2: 15 fields, the header has 14");
        assertThatThrownBy(() -> TradesCsvReader.read(write(header + "\n\"T1," + ok.substring(3))))
                .hasMessageContaining(":2: a quoted field is not closed");
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "t", ".csv");
        Files.writeString(f, text);
        return f;
    }
}
