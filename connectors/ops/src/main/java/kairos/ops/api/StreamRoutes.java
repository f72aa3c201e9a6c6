package kairos.ops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The WebSocket streams {@code /stream/decisions}, {@code /stream/fills} and {@code /stream/metrics} on the control
 * API's own port: Vert.x WebSocket handlers on the router of Camel's platform-http server (Camel's platform-http
 * serves no WebSockets itself), registered once the server is up. A browser cannot set an {@code Authorization}
 * header on a WebSocket, so the token comes either as the query parameter {@code ?token=…} (checked before the
 * upgrade: 401 without it) or as the first message {@code {"token": "…"}} within {@value #AUTH_WINDOW_MS} ms; a
 * wrong one closes the socket with code {@value #REFUSED} and the reason, and nothing is sent before it matched.
 * What goes out is in {@link SessionStreams}.
 */
public final class StreamRoutes extends RouteBuilder {
    static final long AUTH_WINDOW_MS = 5_000;
    /** Close code for a refused token (the 4000s are the application's own). */
    static final short REFUSED = 4401;
    /** Messages queued for a client beyond which it is dropped (a tab in the background that stopped reading). */
    static final int MAX_QUEUED = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiToken token;
    private final SessionStreams streams;

    public StreamRoutes(ApiToken token, SessionStreams streams) {
        this.token = token;
        this.streams = streams;
    }

    @Override
    public void configure() throws Exception {
        getCamelContext().addStartupListener((CamelContext context, boolean alreadyStarted) -> {
            VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                    .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
            if (router == null) {
                throw new IllegalStateException("the control API's HTTP server has no router to serve /stream/* on");
            }
            for (SessionStreams.Topic topic : SessionStreams.Topic.values()) {
                router.route("/stream/" + topic.path()).order(-1_000).handler(ctx -> upgrade(ctx, topic));
            }
        });
    }

    private void upgrade(RoutingContext ctx, SessionStreams.Topic topic) {
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            ctx.response().setStatusCode(426).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"/stream/" + topic.path() + " is a WebSocket: connect with ws://, then send "
                            + "{\\\"token\\\": \\\"<KAIROS_API_TOKEN>\\\"} or pass ?token=\"}");
            return;
        }
        String query = ctx.request().getParam("token");
        if (query != null && !token.matches(query)) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .putHeader("Content-Type", "application/json")
                    .end(JSON.createObjectNode().put("error", token.refusal()).toString());
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            if (query != null) {
                attach(ws, topic);
            } else {
                awaitToken(ws, topic, ctx.vertx());
            }
        });
    }

    private void awaitToken(ServerWebSocket ws, SessionStreams.Topic topic, io.vertx.core.Vertx vertx) {
        AtomicBoolean decided = new AtomicBoolean();
        long timer = vertx.setTimer(AUTH_WINDOW_MS, id -> {
            if (decided.compareAndSet(false, true)) {
                ws.close(REFUSED, "no token within " + AUTH_WINDOW_MS + " ms: send {\"token\": \"...\"} first");
            }
        });
        ws.textMessageHandler(text -> {
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(timer);
            String presented = null;
            try {
                JsonNode n = JSON.readTree(text);
                presented = n == null || !n.hasNonNull("token") ? null : n.get("token").asText();
            } catch (Exception e) {
                // not JSON: refused below
            }
            if (!token.matches(presented)) {
                ws.close(REFUSED, token.refusal());
                return;
            }
            ws.textMessageHandler(ignored -> { });
            attach(ws, topic);
        });
    }

    private void attach(ServerWebSocket ws, SessionStreams.Topic topic) {
        SessionStreams.Subscriber s = message -> {
            if (ws.isClosed() || ws.writeQueueFull() && queuedTooLong(ws)) {
                return false;
            }
            ws.writeTextMessage(message);
            return true;
        };
        ws.closeHandler(v -> streams.unsubscribe(topic, s));
        ws.setWriteQueueMaxSize(MAX_QUEUED * 4_096);
        streams.subscribe(topic, s);
    }

    private static boolean queuedTooLong(ServerWebSocket ws) {
        ws.close((short) 1008, "too slow: " + MAX_QUEUED + " messages queued");
        return true;
    }
}
