package kairos.ops.notify;

import kairos.engine.kernel.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The notifier used when no Telegram token is configured: alerts go to the log (critical as ERROR, important as
 * WARN, informational as INFO), one line each, with anything that looks like a secret masked.
 */
public final class LogNotifier implements Notifier {
    private static final Pattern SECRET = Pattern.compile("(?i)(token|secret|api[_-]?key|password)(\\s*[=:]\\s*)\\S+");
    private final Logger log;

    public LogNotifier() {
        this(LoggerFactory.getLogger("kairos.alerts"));
    }

    LogNotifier(Logger log) {
        this.log = log;
    }

    @Override
    public void notify(Alert alert) {
        String line = format(alert);
        switch (alert.level()) {
            case CRITICAL -> log.error(line);
            case IMPORTANT -> log.warn(line);
            case INFO -> log.info(line);
        }
    }

    /** {@code [CRITICAL] EXTREME_MOVEMENT SOLUSDT 2025-05-04T15:35:00Z: text}, secrets masked. */
    static String format(Alert alert) {
        String text = SECRET.matcher(alert.text() == null ? "" : alert.text()).replaceAll("$1$2***");
        return "[" + alert.level() + "] " + alert.type() + (alert.symbol() == null ? "" : " " + alert.symbol()) + " "
                + Instant.ofEpochMilli(alert.ts()) + ": " + text;
    }
}
