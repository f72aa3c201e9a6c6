package kairos.ops.api;

import kairos.engine.kernel.TradingControl;
import kairos.engine.rules.RulesetHash;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * {@code rules.watch: true}: a Camel timer route that looks at the rule and EPL folders every {@code periodMs} and,
 * when their ruleset hash changed, asks for the same one-unit reload as {@code POST /rules/reload}. It compares the
 * hash of the files' content rather than reacting to file events, so an editor's save-rename-delete dance gives one
 * reload of what is finally on disk, and a refused edit is not retried until the files change again.
 */
public final class RulesWatchRoute extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatchRoute.class);
    private final TradingControl control;
    private final Path rulesDir;
    private final Path cepDir;
    private final long periodMs;
    private final ApiCalls calls = new ApiCalls(null, ControlApi.KERNEL_TIMEOUT_MS);
    private String seen;

    public RulesWatchRoute(TradingControl control, Path rulesDir, Path cepDir, long periodMs, String runningHash) {
        this.control = control;
        this.rulesDir = rulesDir;
        this.cepDir = cepDir;
        this.periodMs = periodMs;
        this.seen = runningHash;
    }

    @Override
    public void configure() {
        from("timer:rules-watch?delay=" + periodMs + "&period=" + periodMs).routeId("rules-watch")
                .process(ex -> poll());
    }

    /** One look at the folders (the timer's tick). */
    void poll() throws InterruptedException {
        String now = RulesetHash.of(rulesDir, cepDir);
        if (now.equals(seen)) {
            return;
        }
        seen = now;
        try {
            var answer = ControlRoutes.reload(calls, control, "file change (ruleset hash " + now + ")");
            LOG.info("rules watch: {} and {} changed; swapped in ruleset {}", rulesDir, cepDir,
                    answer.path("ruleset_hash").asText());
        } catch (ApiCalls.Answer refused) {
            LOG.warn("rules watch: {} and {} changed but were refused, ruleset {} keeps running: {}", rulesDir, cepDir,
                    refused.body.path("ruleset_hash").asText(), refused.body.path("errors"));
        }
    }
}
