package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rule reading a feature no feature set computes is a build error with file:line and the closest names. */
class FeatureNameLintTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownFeatureIsABuildErrorNamingTheClosestNames() throws IOException {
        Files.writeString(dir.resolve("bos.drl"), """
                package t;
                import kairos.engine.rules.MarketState;
                // feature("not_checked_in_a_comment")
                rule "structure break"
                when
                    $m : MarketState(feature("bos_3") > 0, has("rsi_14"), provides("adx_14@1h"))
                then
                    System.out.println("text \\"feature(\\"nor_in_a_string\\")\\" " + $m.feature("atr_14"));
                end
                rule "typo"
                when
                    MarketState(feature("rsi14") < 30, provides("move_1m_max"))
                then
                end
                """);
        assertThatThrownBy(() -> RuleBook.build(dir)).isInstanceOfSatisfying(RuleBuildException.class, e -> {
            assertThat(e.errors()).hasSize(2);
            assertThat(e.errors().get(0)).startsWith(dir.resolve("bos.drl") + ":6:31: no feature named 'bos_3'")
                    .contains("NaN at every decision point", "closest: bos_2");
            assertThat(e.errors().get(1)).startsWith(dir.resolve("bos.drl") + ":12:26: no feature named 'rsi14'")
                    .contains("closest: rsi_14");
        });
    }

    @Test
    void theShippedRulesReadOnlyKnownFeatures() throws IOException {
        try (var files = Files.walk(ProjectDirs.rules())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                assertThat(FeatureNameLint.check(Files.readString(f))).as(f.toString()).isEmpty();
            }
        }
        assertThat(FeatureNameLint.knownNames()).contains("bos_2", "rsi_14", "rsi_14@1h", "corr_btc_1h", "move_1m_max")
                .doesNotContain("bos_3");
    }
}
