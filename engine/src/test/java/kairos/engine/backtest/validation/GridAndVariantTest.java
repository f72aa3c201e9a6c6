package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.execution.TradeRecord;
import kairos.engine.rules.RuleBook;
import kairos.engine.rules.RuleSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridAndVariantTest {
    @TempDir
    Path dir;

    Path grid(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "grid", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void aGridOfTheShippedRulesIsTheCartesianProductInFileOrder() throws IOException {
        RuleParameters rules = RuleParameters.of(ValidationFixtures.projectRules());
        ParameterGrid g = ParameterGrid.read(grid("""
                # the stop and the ADX filter
                parameters:
                  stopAtr: [1.5, 2.0]
                  FilterParams.adxMin: [25, 20, 30]
                  mlRequired: [false]
                """), rules);
        assertThat(g.size()).isEqualTo(6);
        assertThat(g.configuration(0)).containsExactly(Map.entry("stopAtr", 1.5), Map.entry("FilterParams.adxMin", 25),
                Map.entry("mlRequired", false));
        assertThat(g.configuration(5)).containsEntry("stopAtr", 2.0).containsEntry("FilterParams.adxMin", 30);
        assertThat(g.label(1)).isEqualTo("stopAtr=1.5, FilterParams.adxMin=20, mlRequired=false");
        assertThat(g.field(1).qualified()).isEqualTo("FilterParams.adxMin");
        assertThat(g.field(1).javaType()).isEqualTo("double");
        assertThat(ParameterGrid.none().size()).isEqualTo(1);
        assertThat(ParameterGrid.none().label(0)).isEqualTo("as the rules are");
    }

    @Test
    void everyMistakeInAGridNamesTheFileAndLine() throws IOException {
        RuleParameters rules = RuleParameters.of(ValidationFixtures.projectRules());
        assertThatThrownBy(() -> ParameterGrid.read(dir.resolve("none.yaml"), rules)).hasMessageContaining("no such file");
        assertThatThrownBy(() -> ParameterGrid.read(grid(""), rules)).hasMessageContaining(":1: empty");
        assertThatThrownBy(() -> ParameterGrid.read(grid("- 1\n"), rules)).hasMessageContaining("a mapping");
        assertThatThrownBy(() -> ParameterGrid.read(grid("params:\n  stopAtr: [1]\n"), rules))
                .hasMessageContaining(":1: unknown key 'params'");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtrr: [1.0]\n"), rules))
                .hasMessageContaining(":2: 'stopAtrr' is not a field").hasMessageContaining("closest: stopAtr");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  x: 1\n"), rules)).hasMessageContaining(":2: parameter 'x' needs a list");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtr: []\n"), rules)).hasMessageContaining("has no values");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtr: [1, 1]\n"), rules)).hasMessageContaining("lists 1 twice");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtr: [wide]\n"), rules))
                .hasMessageContaining(":2: parameter StrategyParams.stopAtr (double): wide is not a number");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  sessionStartHourUtc: [1.5]\n"), rules))
                .hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  mlRequired: [1]\n"), rules))
                .hasMessageContaining("is not true or false");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtr: [1.0]\n  StrategyParams.stopAtr: [2.0]\n"), rules))
                .hasMessageContaining(":3: StrategyParams.stopAtr is listed twice");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  stopAtr: [{a: 1}]\n"), rules))
                .hasMessageContaining("values are numbers");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters: {}\n"), rules)).hasMessageContaining("no parameters");
        assertThatThrownBy(() -> ParameterGrid.read(grid("parameters:\n  a: [1\n"), rules)).hasMessageContaining("not valid YAML");
        StringBuilder big = new StringBuilder("parameters:\n");
        for (String p : List.of("stopAtr", "tp1Atr", "tp2Atr", "tp3Atr")) {
            big.append("  ").append(p).append(": [1.0, 1.1, 1.2, 1.3, 1.4, 1.5]\n");
        }
        assertThatThrownBy(() -> ParameterGrid.read(grid(big.toString()), rules)).hasMessageContaining("more than 1000");
    }

    @Test
    void theVariantSetsTheChosenValuesAndVetoesTheWarmUp() throws IOException {
        RuleParameters rules = RuleParameters.of(ValidationFixtures.projectRules());
        ParameterGrid g = ParameterGrid.read(grid("parameters:\n  stopAtr: [2.25]\n  adxMin: [21]\n  mlRequired: [true]\n"), rules);
        Path variant = RuleVariant.write(ValidationFixtures.projectRules(), dir.resolve("variants"), g, 0, 1_746_316_800_000L);
        assertThat(variant.resolve("tests")).doesNotExist();
        assertThat(variant.resolve("params/strategies.drl")).exists();
        String text = Files.readString(variant.resolve(RuleVariant.FILE));
        assertThat(text).contains("modify($p) { setStopAtr(2.25) }", "setAdxMin(21.0), setMlRequired(true)",
                "MarketState(time < 1746316800000L)");
        try (RuleSession session = RuleBook.build(variant).newSession()) {
            assertThat(session.param("stopAtr")).isEqualTo(2.25);
            assertThat(session.param("adxMin")).isEqualTo(21.0);
            assertThat(session.param("mlRequired")).isEqualTo(true);
            assertThat(session.param("tp1Atr")).isEqualTo(1.0);
        }
        RuleVariant.delete(variant);
        assertThat(variant).doesNotExist();
        RuleVariant.delete(null);
    }

    @Test
    void noEntryBeforeTheWindowOpens() {
        BacktestSpec spec = ValidationFixtures.emaSpec(1_500);
        long open = ValidationFixtures.START + 600 * 300_000L;
        Path variant = RuleVariant.write(spec.rulesDir(), dir.resolve("v"), ParameterGrid.none(), 0, open);
        BacktestSpec warm = new BacktestSpec(spec.exchange(), spec.symbols(), spec.contextSymbols(), spec.feedTimeframe(),
                spec.strategyTimeframe(), spec.bars(), spec.funding(), variant, spec.cepDir(), spec.initialEquity(),
                spec.venue(), spec.execution(), spec.riskLimits(), spec.instruments(), spec.modelVersion());
        BacktestOutcome o = BacktestOutcome.run(warm, null, open, Set.of());
        assertThat(o.trades()).isNotEmpty();
        assertThat(o.trades()).allMatch(t -> t.entryTime() >= open);
        assertThat(o.from()).isEqualTo(open);
        assertThat(o.decisions().vetoesByTier()).doesNotContainKey(DecisionStats.WARM_UP_TIER);
        // the same rules without the veto trade before it
        BacktestOutcome free = BacktestOutcome.run(spec, null, Long.MIN_VALUE, Set.of());
        assertThat(free.trades().stream().mapToLong(TradeRecord::entryTime).min().orElseThrow()).isLessThan(open);
    }

    @Test
    void aTypeUnknownToGridsIsRefused() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("r"));
        Files.writeString(rules.resolve("p.drl"), "package x;\ndeclare P\n    a : double\n    b : java.util.List\nend\ndeclare Q\n    a : int\nend\n");
        RuleParameters p = RuleParameters.of(rules);
        assertThatThrownBy(() -> p.field("a")).hasMessageContaining("several declared types (P.a, Q.a)");
        assertThat(p.field("Q.a").javaType()).isEqualTo("int");
        assertThatThrownBy(() -> p.field("b").literal(1)).hasMessageContaining("cannot be set from a grid");
        assertThat(p.field("Q.a").literal(3)).isEqualTo("3");
        assertThat(new RuleParameters.Field("x", "T", "s", "String").literal("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(new RuleParameters.Field("x", "T", "n", "long").literal(3L)).isEqualTo("3L");
        assertThatThrownBy(() -> new RuleParameters.Field("x", "T", "s", "String").literal(3)).hasMessageContaining("not text");
        assertThatThrownBy(() -> RuleParameters.of(Files.createDirectories(dir.resolve("empty"))).field("z"))
                .hasMessageContaining("declare no parameter types");
        assertThat(RuleParameters.distance("kitten", "sitting")).isEqualTo(3);
    }
}
