package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CepEngineTest {
    static final long T0 = 1_746_316_800_000L;
    final List<PatternFact> out = new ArrayList<>();

    void send(CepEngine cep, String symbol, Timeframe tf, int i, double volume) {
        Bar bar = new Bar(T0 + i * tf.millis(), 100, 101, 99, 100.5, volume);
        cep.advanceTime(bar.openTime() + tf.millis());
        cep.send(BarClosed.of(symbol, tf, bar));
    }

    @Test
    void volumeSpikeFiresOnlyAboveThreeTimesThePreviousTwentyBarMean() {
        try (CepEngine cep = CepEngine.load(ProjectDirs.cep(), T0, p -> {
            if (p.getName().equals("VolumeSpike")) {
                out.add(p);
            }
        })) {
            assertThat(cep.statementNames()).contains("VolumeSpike");
            for (int i = 0; i < 20; i++) {
                send(cep, "SOLUSDT", Timeframe.M5, i, 100);
            }
            send(cep, "SOLUSDT", Timeframe.M5, 20, 300);   // exactly 3x: not above
            assertThat(out).isEmpty();
            send(cep, "SOLUSDT", Timeframe.M1, 0, 10_000); // other timeframe: ignored
            send(cep, "ETHUSDT", Timeframe.M5, 21, 10_000); // other symbol, no history: ignored
            assertThat(out).isEmpty();
            // previous 20 bars: 19 x 100 + 300 -> mean 110; 331 > 3 x 110
            send(cep, "SOLUSDT", Timeframe.M5, 21, 331);
            assertThat(out).hasSize(1);
            PatternFact p = out.getFirst();
            assertThat(p.getName()).isEqualTo("VolumeSpike");
            assertThat(p.getSymbol()).isEqualTo("SOLUSDT");
            assertThat(p.getTs()).isEqualTo(T0 + 22 * Timeframe.M5.millis());
            assertThat(p.number("avg_volume")).isCloseTo(110, within(1e-9));
            assertThat(p.number("ratio")).isCloseTo(331 / 110.0, within(1e-9));
            assertThat(p.number("missing")).isNaN();
            assertThat(p.toString()).contains("VolumeSpike");
        }
    }

    @Test
    void timeNeverGoesBackwards() {
        try (CepEngine cep = CepEngine.load(ProjectDirs.cep(), T0, out::add)) {
            cep.advanceTime(T0 - 1_000);
            send(cep, "SOLUSDT", Timeframe.M5, 0, 1);
            assertThat(out).isEmpty();
        }
    }

    @Test
    void brokenEplIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.epl");
        Files.writeString(bad, "module m;\n\n@Name('X')\nselect symbol, nosuchproperty from BarClosed;\n");
        assertThatThrownBy(() -> CepEngine.load(dir, T0, out::add))
                .isInstanceOf(CepException.class)
                .hasMessageContaining("bad.epl:")
                .hasMessageContaining("nosuchproperty");
        Files.writeString(bad, "select from where;\n");
        assertThatThrownBy(() -> CepEngine.load(dir, T0, out::add)).hasMessageContaining("bad.epl");
        assertThatThrownBy(() -> CepEngine.load(dir.resolve("absent"), T0, out::add)).hasMessageContaining("no such folder");
    }

    @Test
    void theShippedModulesCompileAndBarBeansRoundTrip() {
        assertThat(CepEngine.compileAll(ProjectDirs.cep())).hasSizeGreaterThanOrEqualTo(10);
        BarClosed b = new BarClosed();
        b.setSymbol("S");
        b.setTimeframe("1m");
        b.setOpenTime(1);
        b.setCloseTime(60_001);
        b.setOpen(1);
        b.setHigh(2);
        b.setLow(0.5);
        b.setClose(1.5);
        b.setVolume(10);
        assertThat(List.of(b.getSymbol(), b.getTimeframe(), b.getOpenTime(), b.getCloseTime(), b.getOpen(), b.getHigh(),
                b.getLow(), b.getClose(), b.getVolume())).containsExactly("S", "1m", 1L, 60_001L, 1.0, 2.0, 0.5, 1.5, 10.0);
    }

    static final List<String> CONTRACT = List.of("LargeOrder", "VolumeSpike", "CvdDivergence", "BookImbalanceShift",
            "Absorption", "LiquidationCascade", "LiquidationCluster", "MomentumBurst", "LiquiditySweep", "RangeBreakout",
            "Spoofing", "WashTradeSuspect", "FlashCrash", "AbnormalSpread", "StaleFeed", "LatencyHigh", "FundingWindow",
            "SessionOpen", "SessionClose");

    @Test
    void everyContractPatternIsDeployedAndEveryStatementIsNamed() throws IOException {
        try (CepEngine cep = CepEngine.load(ProjectDirs.cep(), T0, out::add)) {
            assertThat(cep.statementNames()).containsExactlyInAnyOrderElementsOf(CONTRACT);
        }
        var compiler = com.espertech.esper.compiler.client.EPCompilerProvider.getCompiler();
        for (Path file : CepModules.eplFiles(ProjectDirs.cep())) {
            try {
                for (var item : compiler.parseModule(Files.readString(file)).getItems()) {
                    String epl = item.getExpression().replaceAll("(?m)^\\s*//.*$", "").strip();
                    if (!epl.startsWith("create variable") && !epl.startsWith("create constant variable")) {
                        assertThat(epl).as(file + ":" + item.getLineNumber()).startsWith("@Name(");
                    }
                }
            } catch (com.espertech.esper.common.client.module.ParseException e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }
    }
}
