package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kairos runs Drools' constraint JIT: a constraint is interpreted (MVEL) for its first evaluations and compiled to
 * bytecode after that, in the background. A decision must not depend on which form ran, so the two must agree.
 */
class RuleJitTest {

    /**
     * Every scenario's facts, and the same facts with every feature NaN (warming up), decided on a rule book that
     * compiles each constraint at its first evaluation and on one that never compiles: the same rules fire, with
     * the same vetoes and proposals.
     */
    @Test
    void compiledAndInterpretedConstraintsDecideTheSame() {
        List<List<Object>> facts = new ArrayList<>();
        for (List<Object> f : RuleScenarios.allFacts(ProjectDirs.rules().resolve("tests"))) {
            facts.add(f);
            facts.add(withNaNFeatures(f));
        }
        try (RuleSession compiled = RuleBook.build(ProjectDirs.rules(), 0).newSession();
             RuleSession interpreted = RuleBook.build(ProjectDirs.rules(), -1).newSession()) {
            int nanVetoes = 0;
            for (int i = 0; i < facts.size(); i++) {
                String c = summary(compiled.decide(facts.get(i)));
                assertThat(c).as("fact set %d", i).isEqualTo(summary(interpreted.decide(facts.get(i))));
                nanVetoes += i % 2 == 1 && c.contains("NaN") ? 1 : 0;
            }
            assertThat(nanVetoes).as("the NaN variants reach the filters").isGreaterThan(20);
        }
    }

    /** What Drools' compiled constraints get wrong, and why rule conditions write Gate.below/atMost (ConditionLint). */
    @Test
    void theCompiledFormTakesNaNLessThanAsTrueButNotGate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.drl"), """
                package t;
                import kairos.engine.rules.MarketState;
                import kairos.engine.rules.Gate;
                rule "gate below" when MarketState(Gate.below(rsi, 30)) then end
                rule "gate at most" when MarketState(Gate.atMost(rsi, 30)) then end
                rule "greater" when MarketState(rsi > 30) then end
                rule "not above" when MarketState(!Gate.above(rsi, 30)) then end
                """);
        MarketState nan = new MarketState("X", "5m", 0, 1, 1, 1, 1, 1, Map.of("rsi_14", Double.NaN));
        for (int threshold : new int[] {0, -1}) {
            try (RuleSession s = RuleBook.build(dir, threshold).newSession()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(new TreeSet<>(s.decide(List.of(nan)).rulesFired())).as("threshold %d", threshold)
                            .containsExactly("not above");
                }
            }
        }
        Files.writeString(dir.resolve("t.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"raw\" when MarketState(rsi < 30) then end\n");
        assertThat(ConditionLint.check(Files.readString(dir.resolve("t.drl")))).hasSize(1);
    }

    private static List<Object> withNaNFeatures(List<Object> facts) {
        List<Object> out = new ArrayList<>();
        for (Object f : facts) {
            if (f instanceof MarketState m) {
                Map<String, Double> features = new HashMap<>();
                m.getFeatures().keySet().forEach(k -> features.put(k, Double.NaN));
                f = new MarketState(m.getSymbol(), m.getTimeframe(), m.getTime() + 1, m.getOpen(), m.getHigh(), m.getLow(),
                        m.getClose(), m.getVolume(), features);
            }
            out.add(f);
        }
        return out;
    }

    private static String summary(RuleOutcome o) {
        return o.rulesFired() + " " + o.vetoes().stream().map(v -> v.getTier() + ":" + v.getReason()).toList() + " "
                + o.proposals().stream().map(p -> p.getStrategy() + "/" + p.getSide() + "@" + p.getStopPrice()).toList()
                + " " + o.exits().stream().map(ExitSignal::getReason).toList()
                + " " + o.actions().stream().map(a -> a.getType() + "/" + a.getFraction() + "/" + a.getUntil() + "/" + a.getReason()).toList();
    }
}
