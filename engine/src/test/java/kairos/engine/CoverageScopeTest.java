package kairos.engine;

import kairos.engine.rules.RuleBook;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JaCoCo instruments Kairos' own classes only: instrumenting the libraries printed stack traces into every
 * {@code ./kairos test} (Drools' generated DRL lexer has a method too large for JaCoCo's probes) and measured
 * nothing the coverage report shows. Runs only under the JaCoCo agent (as {@code ./kairos test} runs it).
 */
class CoverageScopeTest {
    /** JaCoCo adds {@code $jacocoInit} (and, before class file 55, a {@code $jacocoData} field) to what it instruments. */
    private static boolean instrumented(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals("$jacocoInit"))
                || Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.getName().equals("$jacocoData"));
    }

    @Test
    void onlyKairosClassesAreInstrumented() throws ClassNotFoundException {
        assumeTrue(instrumented(RuleBook.class), "the JaCoCo agent is not attached (-Djacoco.skip=true)");
        for (String library : new String[] {"org.drools.drl.parser.lang.DRL6Lexer", "org.drools.core.impl.RuleBaseFactory",
                "com.espertech.esper.compiler.client.EPCompilerProvider", "com.fasterxml.jackson.databind.ObjectMapper"}) {
            assertThat(instrumented(Class.forName(library))).as(library).isFalse();
        }
    }
}
