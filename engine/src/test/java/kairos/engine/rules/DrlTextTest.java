package kairos.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrlTextTest {

    @Test
    void blanksCommentsAndStringsKeepingLinesAndColumns() {
        String drl = """
                // a < b in a comment
                /* when x < y
                   then */ MarketState(symbol == "A<B", reason != 'x<y')
                """;
        String blanked = DrlText.blankCommentsAndStrings(drl);
        assertThat(blanked).hasSameSizeAs(drl).doesNotContain("<", "A", "x").contains("MarketState(symbol ==");
        assertThat(blanked.lines().count()).isEqualTo(drl.lines().count());
        assertThat(DrlText.blankCommentsAndStrings("a \"b\\\"c\" d")).isEqualTo("a" + " ".repeat(8) + "d");
        String comments = DrlText.blankComments(drl);
        assertThat(comments).hasSameSizeAs(drl).contains("\"A<B\"", "'x<y'").doesNotContain("a < b", "x < y");
        assertThat(DrlText.blankComments("x /* open")).isEqualTo("x " + " ".repeat(7));
    }

    @Test
    void plainComparisonsBuildAndABrokenFileIsNamedWithTheLintsProblems(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("r.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"r\"\nwhen\n  MarketState(rsi < 30, close <= open, rsi > 20 && < 40)\nthen\nend\n");
        assertThat(RuleBook.build(dir).rules()).isEqualTo(1);
        // one build reports the lint's problems and Drools' together
        Files.writeString(dir.resolve("r.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"r\"\nwhen\n  MarketState(feature(\"rsi14\") < 30)\nthen\nend\n");
        Files.writeString(dir.resolve("s.drl"), "package t;\n\nrule \"broken\"\nwhen\n    $x : NoSuchFact( price > )\nthen\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir)).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).errors())
                        .anyMatch(m -> m.contains("r.drl:5:") && m.contains("rsi14"))
                        .anyMatch(m -> m.matches(".*s\\.drl:\\d+:\\d+: .*")));
    }
}
