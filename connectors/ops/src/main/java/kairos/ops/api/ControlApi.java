package kairos.ops.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.TradingControl;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;

/**
 * The control API of a running session (Camel platform-http on Vert.x), bound to 127.0.0.1 unless configured
 * otherwise. {@code GET /health} answers without a token; every other endpoint needs
 * {@code Authorization: Bearer <KAIROS_API_TOKEN>} and answers 401 without it — also when no token is configured,
 * so a session started without one exposes nothing but its health. Every command and answer goes through
 * {@link TradingControl} (queued onto the kernel thread); a kernel that does not answer within
 * {@link #KERNEL_TIMEOUT_MS} gives 503. The token is compared in constant time and never logged or echoed.
 * The endpoints are listed in {@code docs/api.md}; {@link ControlRoutes} builds them.
 *
 * <p>Other parts (streams, metrics, the dashboard) plug in their own {@link RoutesBuilder}s at start; they can
 * answer like the built-in routes with {@link #calls()}.
 */
public final class ControlApi implements AutoCloseable {
    static final long KERNEL_TIMEOUT_MS = 5_000;
    /** A hot reload compiles the DRL and the EPL and runs every scenario: it may take longer than a command. */
    static final long RELOAD_TIMEOUT_MS = 120_000;
    private static final ObjectMapper JSON = ApiCalls.JSON;

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
    private final ApiCalls calls;

    private ControlApi(CamelContext camel, Settings settings, ApiCalls calls) {
        this.camel = camel;
        this.settings = settings;
        this.calls = calls;
    }

    /** Starts the server with the built-in routes and no configuration behind {@code /config}. */
    public static ControlApi start(Settings settings, TradingControl control) {
        return start(settings, control, ConfigAccess.NONE, List.of());
    }

    /** Starts the server with more routes on the same port (metrics, streams, the dashboard) and no configuration. */
    public static ControlApi start(Settings settings, TradingControl control, List<? extends RoutesBuilder> extra) {
        return start(settings, control, ConfigAccess.NONE, extra);
    }

    /**
     * Starts the server: the built-in routes, {@code config} behind {@code /config}, and the {@code extra} routes
     * of other parts (they are started in the same Camel context; see {@link #calls()}).
     *
     * @throws IllegalStateException naming the address when it cannot listen (the port is taken, say)
     */
    public static ControlApi start(Settings settings, TradingControl control, ConfigAccess config,
                                   List<? extends RoutesBuilder> extra) {
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
        ApiCalls calls = new ApiCalls(settings.token(), KERNEL_TIMEOUT_MS);
        try {
            camel.addService(server, true, true);
            camel.addRoutes(new ControlRoutes(calls, control, config));
            for (RoutesBuilder routes : extra) {
                camel.addRoutes(routes);
            }
            camel.start();
        } catch (Exception e) {
            camel.stop();
            throw new IllegalStateException("control API: cannot listen on " + settings.bind() + ":" + settings.port()
                    + ": " + ApiCalls.rootMessage(e), e);
        }
        return new ControlApi(camel, settings, calls);
    }

    public Settings settings() {
        return settings;
    }

    /** The token check and JSON answers of this server, for routes plugged in by other parts. */
    public ApiCalls calls() {
        return calls;
    }

    /** The Camel context the routes run in. */
    public CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        camel.stop();
    }

    /** The status as {@code GET /status} answers it (also what Telegram's /status shows). */
    public static ObjectNode statusJson(KernelStatus s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("mode", s.mode());
        o.put("paused", s.paused());
        if (s.pauseReason() != null && !s.pauseReason().isEmpty()) {
            o.put("pause_reason", s.pauseReason());
        } else {
            o.putNull("pause_reason");
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
        ObjectNode feed = o.putObject("feed");
        feed.put("source", s.fallback() == null ? "bybit" : s.fallback());
        feed.put("on_fallback", s.fallback() != null);
        ObjectNode venue = o.putObject("venue");
        venue.put("up", s.venueUp());
        venue.put("reconciled", s.reconciled());
        o.put("time", Instant.ofEpochMilli(s.time()).toString());
        return o;
    }

    /** The open positions as {@code GET /positions} answers them. */
    public static ObjectNode positionsJson(KernelStatus s) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("positions");
        for (KernelStatus.PositionView p : s.positions()) {
            position(list.addObject().put("id", p.symbol()), p);
        }
        return o;
    }

    /** One open position's fields as {@code /positions} and the dashboard's metrics stream show them. */
    public static ObjectNode position(ObjectNode n, KernelStatus.PositionView p) {
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
        return n.put("strategy", p.strategy());
    }
}
