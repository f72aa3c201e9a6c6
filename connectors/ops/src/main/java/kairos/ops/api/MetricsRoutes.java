package kairos.ops.api;

import kairos.ops.metrics.SessionMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /metrics}: the session's metrics in the Prometheus text format (names prefixed {@code kairos_}),
 * behind the bearer token like every endpoint but {@code /health} (a Prometheus scrape job sets
 * {@code authorization: {credentials: …}}).
 */
public final class MetricsRoutes extends RouteBuilder {
    private final ApiToken token;
    private final SessionMetrics metrics;

    public MetricsRoutes(ApiToken token, SessionMetrics metrics) {
        this.token = token;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("platform-http:/metrics?httpMethodRestrict=GET").routeId("metrics")
                .process(ex -> {
                    if (!token.bearer(ex.getIn().getHeader("Authorization", String.class))) {
                        ex.getMessage().setHeader("WWW-Authenticate", "Bearer");
                        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
                        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                        ex.getMessage().setBody("{\"error\":\"" + token.refusal() + "\"}");
                        return;
                    }
                    ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                    ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    ex.getMessage().setBody(metrics.scrape());
                });
    }
}
