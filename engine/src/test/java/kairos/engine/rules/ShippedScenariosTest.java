package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scenario under rules/tests passes against the shipped rules (what {@code kairos rules check} runs). */
class ShippedScenariosTest {

    @Test
    void shippedScenariosPass() {
        RuleBook book = RuleBook.build(ProjectDirs.rules());
        RuleScenarios.Report report = RuleScenarios.run(book, ProjectDirs.rules().resolve("tests"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.scenarios()).isGreaterThanOrEqualTo(80);
        assertThat(report.files()).isGreaterThanOrEqualTo(8);
    }

    /**
     * Drools compiles a constraint to bytecode after it has been evaluated a number of times (in the background);
     * the outcome must not change when that happens. One long-lived session decides every scenario's facts 40
     * times and must say the same each time (this caught negated NaN comparisons, see {@link NanSafeConstraints}).
     */
    @Test
    void outcomesDoNotChangeWhenDroolsCompilesTheConstraints() {
        List<List<Object>> facts = RuleScenarios.allFacts(ProjectDirs.rules().resolve("tests"));
        try (RuleSession session = RuleBook.build(ProjectDirs.rules()).newSession()) {
            session.decide(facts.getFirst()); // installs the parameters, whose rules fire once per session
            List<String> first = new ArrayList<>();
            for (List<Object> f : facts) {
                first.add(summary(session.decide(f)));
            }
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < facts.size(); i++) {
                    assertThat(summary(session.decide(facts.get(i)))).as("fact set %d, round %d", i, round)
                            .isEqualTo(first.get(i));
                }
            }
        }
    }

    private static String summary(RuleOutcome o) {
        return o.rulesFired() + " " + o.vetoes().stream().map(v -> v.getTier() + ":" + v.getReason()).toList() + " "
                + o.proposals().stream().map(p -> p.getStrategy() + "/" + p.getSide()).toList();
    }

    /**
     * A NaN feature never passes a comparison, however often the constraint has been evaluated (Drools' constraint
     * JIT let NaN through a plain "atrPercentile < 30" once it had compiled it, until {@link NanSafeConstraints}).
     */
    @Test
    void aNaNFeatureNeverPassesAComparisonEvenAfterThousandsOfEvaluations() throws InterruptedException {
        List<List<Object>> facts = RuleScenarios.allFacts(ProjectDirs.rules().resolve("tests"));
        List<Object> nanAtr = new ArrayList<>();
        for (Object f : facts.getFirst()) {
            if (f instanceof MarketState m) {
                java.util.Map<String, Double> features = new java.util.HashMap<>(m.getFeatures());
                features.put("atr_pctrank_14_100", Double.NaN);
                f = new MarketState(m.getSymbol(), m.getTimeframe(), m.getTime(), m.getOpen(), m.getHigh(), m.getLow(),
                        m.getClose(), m.getVolume(), features);
            }
            nanAtr.add(f);
        }
        try (RuleSession session = RuleBook.build(ProjectDirs.rules()).newSession()) {
            for (int i = 0; i < 3_000; i++) {
                RuleOutcome o = session.decide(nanAtr);
                assertThat(o.rulesFired()).as("decision %d", i)
                        .doesNotContain("Sizing: low volatility regime", "Sizing: high volatility regime")
                        .contains("Market: volatility regime (ATR percentile)");
                if (i % 500 == 0) {
                    Thread.sleep(20); // gives the background constraint compiler time to swap in
                }
            }
        }
    }
}
