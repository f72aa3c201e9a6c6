package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;

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
}
