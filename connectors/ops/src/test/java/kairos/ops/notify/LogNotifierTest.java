package kairos.ops.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import kairos.engine.kernel.Notifier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogNotifierTest {
    @Test
    void alertsGoToTheLogAtTheirLevelWithSecretsMasked() {
        Logger logger = (Logger) LoggerFactory.getLogger("kairos.alerts.test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // captured here, not printed: the test's alerts are expected
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        LogNotifier notifier = new LogNotifier(logger);
        notifier.notify(new Notifier.Alert(Notifier.Level.CRITICAL, "EXTREME_MOVEMENT", "SOLUSDT", 0,
                "price -6% in 1 minute; api_key=abc123 token: xyz"));
        notifier.notify(new Notifier.Alert(Notifier.Level.IMPORTANT, "DAILY_LOSS_NEAR", null, 60_000, "-2.5% today"));
        notifier.notify(new Notifier.Alert(Notifier.Level.INFO, "HEARTBEAT", null, 120_000, null));
        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.WARN, Level.INFO);
        assertThat(appender.list.get(0).getFormattedMessage())
                .isEqualTo("[CRITICAL] EXTREME_MOVEMENT SOLUSDT 1970-01-01T00:00:00Z: price -6% in 1 minute; api_key=*** token: ***");
        assertThat(appender.list.get(1).getFormattedMessage()).isEqualTo("[IMPORTANT] DAILY_LOSS_NEAR 1970-01-01T00:01:00Z: -2.5% today");
        assertThat(appender.list.get(2).getFormattedMessage()).endsWith("HEARTBEAT 1970-01-01T00:02:00Z: ");
        assertThat(new LogNotifier()).isNotNull();
    }
}
