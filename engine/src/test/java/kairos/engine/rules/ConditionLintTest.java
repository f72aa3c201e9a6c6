package kairos.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionLintTest {

    @Test
    void flagsLessThanInConditionsWithLineAndColumn() {
        String drl = """
                package t;
                rule "a"
                when
                    MarketState(close < open,
                                rsi <= 30)
                then
                    if (1 < 2) { insert(new Object()); }
                end
                rule "one line" when MarketState(rsi < 30) then end
                """;
        assertThat(ConditionLint.check(drl)).hasSize(3)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("4:23: '<' in a rule condition: write Gate.below(a, b)"),
                        m -> assertThat(m).startsWith("5:21: '<=' in a rule condition: write Gate.atMost(a, b)"),
                        m -> assertThat(m).startsWith("9:38: '<'"));
    }

    @Test
    void ignoresCommentsStringsConsequencesAndOtherOperators() {
        String drl = """
                package t;
                // a < b in a comment
                /* when x < y then */
                rule "b <= c"
                when
                    // the close < the open
                    MarketState(symbol == "A<B", close > open, rsi >= 30, !Gate.above(adx, 25), Gate.below(rsi, 70)) /* < */
                    Veto(reason != 'x<y')
                then
                    double x = a < b ? 1 : 2;
                end
                """;
        assertThat(ConditionLint.check(drl)).isEmpty();
        assertThat(ConditionLint.blankCommentsAndStrings("a \"b\\\"c\" d")).isEqualTo("a" + " ".repeat(8) + "d");
    }

    @Test
    void theRuleBookRefusesARawLessThanNamingFileLineAndColumn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("r.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"r\"\nwhen\n  MarketState(rsi < 30)\nthen\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir)).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).errors()).singleElement().asString()
                        .matches(".*r\\.drl:5:19: '<' in a rule condition: write Gate\\.below\\(a, b\\).*"));
        // one build reports the lint's problems and Drools' together
        Files.writeString(dir.resolve("s.drl"), "package t;\n\nrule \"broken\"\nwhen\n    $x : NoSuchFact( price > )\nthen\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir)).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).errors())
                        .anyMatch(m -> m.contains("r.drl:5:19: '<'"))
                        .anyMatch(m -> m.matches(".*s\\.drl:\\d+:\\d+: .*")));
    }
}
