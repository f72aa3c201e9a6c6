package kairos.ops.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.TradingControl;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control API of a running session (Camel platform-http on Vert.x), bound to 127.0.0.1 unless configured
 * otherwise. {@code GET /health} answers without a token; every other endpoint needs
 * {@code Authorization: Bearer <KAIROS_API_TOKEN>} and answers 401 without it — also when no token is configured,
 * so a session started without one exposes nothing but its health. Every answer is taken from the kernel through
 * {@link TradingControl} (queued onto the kernel thread); a kernel that does not answer within
 * {@link #KERNEL_TIMEOUT_MS} gives 503. The token is compared in constant time and never logged or echoed.
 */
public final class ControlApi implements AutoCloseable {
    static final long KERNEL_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to listen and the bearer token (null or blank: none configured). */
    public record Settings(String bind, int port, String token) {
        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("api.port must be 0..65535, got " + port);
            }
            bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind;
        }

        @Override
        public String toString() {
            return "Settings[bind=" + bind + ", port=" + port + ", token=" + (token == null || token.isBlank() ? "none" : "***") + "]";
        }
    }

    private final CamelContext camel;
    private final Settings settings;

    private ControlApi(CamelContext camel, Settings settings) {
        this.camel = camel;
        this.settings = settings;
    }

    /**
     * Starts the server.
     *
     * @throws IllegalStateException naming the address when it cannot listen (the port is taken, say)
     */
    public static ControlApi start(Settings settings, TradingControl control) {
        return start(settings, control, List.of());
    }

    /**
     * Starts the server with more routes on the same port ({@link MetricsRoutes}, {@link StreamRoutes},
     * {@link DashboardRoutes}).
     *
     * @throws IllegalStateException naming the address when it cannot listen (the port is taken, say)
     */
    public static ControlApi start(Settings settings, TradingControl control, List<? extends RoutesBuilder> extra) {
        // Vert.x binds asynchronously and only logs a failure: make sure of the address first
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.bind(), settings.port()));
        } catch (IOException e) {
            throw new IllegalStateException("control API: cannot listen on " + settings.bind() + ":" + settings.port()
                    + ": " + e.getMessage() + " (api.port / KAIROS_API_PORT)", e);
        }
        CamelContext camel = new DefaultCamelContext();
        camel.getGlobalOptions().put("CamelJacksonEnableTypeConverter", "false");
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost(settings.bind());
        server.setPort(settings.port());
        server.setPath("/");
        try {
            camel.addService(server, true, true);
            camel.addRoutes(new Routes(settings, control));
            for (RoutesBuilder routes : extra) {
                camel.addRoutes(routes);
            }
            camel.start();
        } catch (Exception e) {
            camel.stop();
            throw new IllegalStateException("control API: cannot listen on " + settings.bind() + ":" + settings.port()
                    + ": " + rootMessage(e), e);
        }
        return new ControlApi(camel, settings);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        camel.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static final class Routes extends RouteBuilder {
        private final byte[] token;
        private final TradingControl control;

        Routes(Settings settings, TradingControl control) {
            this.token = settings.token() == null || settings.token().isBlank() ? null
                    : settings.token().getBytes(StandardCharsets.UTF_8);
            this.control = control;
        }

        @Override
        public void configure() {
            from("platform-http:/health?httpMethodRestrict=GET").routeId("health")
                    .process(ex -> reply(ex, 200, JSON.createObjectNode().put("status", "ok")));
            from("platform-http:/status?httpMethodRestrict=GET").routeId("status")
                    .process(ex -> {
                        if (authorized(ex)) {
                            KernelStatus s = status(ex);
                            if (s != null) {
                                reply(ex, 200, statusJson(s));
                            }
                        }
                    });
            from("platform-http:/positions?httpMethodRestrict=GET").routeId("positions")
                    .process(ex -> {
                        if (authorized(ex)) {
                            KernelStatus s = status(ex);
                            if (s != null) {
                                reply(ex, 200, positionsJson(s));
                            }
                        }
                    });
        }

        private boolean authorized(Exchange ex) {
            String header = ex.getIn().getHeader("Authorization", String.class);
            boolean ok = token != null && header != null && header.startsWith("Bearer ")
                    && MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
            if (!ok) {
                ex.getMessage().setHeader("WWW-Authenticate", "Bearer");
                reply(ex, 401, error(token == null ? "no API token is configured (KAIROS_API_TOKEN): only /health answers"
                        : "missing or wrong bearer token (Authorization: Bearer <KAIROS_API_TOKEN>)"));
            }
            return ok;
        }

        private KernelStatus status(Exchange ex) {
            try {
                return control.status().get(KERNEL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reply(ex, 503, error("the kernel did not answer within " + KERNEL_TIMEOUT_MS + " ms"));
            } catch (ExecutionException e) {
                reply(ex, 500, error("the kernel failed: " + rootMessage(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, error("interrupted"));
            }
            return null;
        }
    }

    static ObjectNode statusJson(KernelStatus s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("mode", s.mode());
        o.put("paused", s.paused());
        if (s.pauseReason() != null && !s.pauseReason().isEmpty()) {
            o.put("pause_reason", s.pauseReason());
        }
        ArrayNode symbols = o.putArray("symbols");
        s.symbols().forEach(symbols::add);
        o.put("equity", s.equity());
        o.put("cash", s.cash());
        o.put("open_positions", s.positions().size());
        o.put("open_orders", s.openOrders());
        o.put("ruleset_hash", s.rulesetHash());
        o.put("model_version", s.modelVersion());
        o.put("reconciled", s.reconciled());
        o.put("venue_up", s.venueUp());
        o.put("data_source", s.fallback() == null ? "bybit" : s.fallback());
        o.put("on_fallback", s.fallback() != null);
        o.put("time", Instant.ofEpochMilli(s.time()).toString());
        return o;
    }

    static ObjectNode positionsJson(KernelStatus s) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("positions");
        for (KernelStatus.PositionView p : s.positions()) {
            ObjectNode n = list.addObject();
            n.put("symbol", p.symbol());
            n.put("side", p.side());
            n.put("size", p.size().toPlainString());
            n.put("entry_price", p.entryPrice());
            n.put("unrealized_pnl", p.unrealizedPnl());
            if (Double.isFinite(p.stop())) {
                n.put("stop_price", p.stop());
            } else {
                n.putNull("stop_price");
            }
            n.put("strategy", p.strategy());
        }
        return o;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void reply(Exchange ex, int code, ObjectNode body) {
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ex.getMessage().setBody(body.toString());
    }
}
