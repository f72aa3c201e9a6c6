package kairos.bybit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector's tests log through logback (warnings only), not SLF4J's "no providers" fallback and its warning. */
class TestLoggingTest {
    @Test
    void anSlf4jProviderIsOnTheTestClasspath() {
        assertThat(LoggerFactory.getILoggerFactory()).isNotInstanceOf(NOPLoggerFactory.class)
                .isInstanceOf(ch.qos.logback.classic.LoggerContext.class);
        assertThat(LoggerFactory.getLogger("kairos").isInfoEnabled()).as("logback-test.xml: warnings only").isFalse();
    }
}
