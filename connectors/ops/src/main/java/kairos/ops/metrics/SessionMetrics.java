package kairos.ops.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import kairos.engine.execution.Fill;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The metrics of a running session in a Micrometer Prometheus registry, every name prefixed {@code kairos_}
 * (served at {@code GET /metrics}). Counters and histograms are fed by the session's observers — the decision
 * journal, the state journal's fills, the venue port, the feed, the notifier — and the account gauges by the
 * status sampler ({@link StatusSampler}) from {@link KernelStatus}. Latencies come measured by the caller (the app's
 * wall clock), never read inside the engine. Counters with a rule, statement or verdict tag are looked up per
 * decision (a map lookup): decisions are taken at bar closes and patterns, not per tick.
 */
public final class SessionMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] PERCENTILES = {0.5, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final double initialEquity;
    private final Timer decisionLatency;
    private final Timer tickToOrder;
    private final Timer feedLag;
    private final Counter reconnects;
    private volatile KernelStatus last;
    private volatile double peakEquity = Double.NaN;
    private final Map<String, Double> prices = new ConcurrentHashMap<>();
    private volatile LongConsumer decisionLatencyTap = ms -> { };

    public SessionMetrics(double initialEquity) {
        this.initialEquity = initialEquity;
        registry.config().commonTags("app", "kairos");
        decisionLatency = latency("kairos.decision.latency",
                "From the arrival of the market batch to its decision being journaled");
        tickToOrder = latency("kairos.tick.to.order.latency",
                "From the arrival of the market batch to the order it caused leaving for the venue");
        feedLag = latency("kairos.feed.lag", "Exchange event time to Kairos receive time of market events");
        reconnects = Counter.builder("kairos.reconnects").description("Market-data and venue stream reconnects")
                .register(registry);
        gauge("kairos.equity", "Account equity, quote currency", s -> s.equity());
        gauge("kairos.cash", "Account cash (wallet balance), quote currency", s -> s.cash());
        gauge("kairos.pnl", "Equity minus the session's initial equity", s -> s.equity() - initialEquity);
        gauge("kairos.drawdown", "Fall of equity from its peak, fraction 0..1", this::drawdown);
        gauge("kairos.peak.equity", "Highest equity seen by this process", s -> peakEquity);
        gauge("kairos.open.positions", "Open positions", s -> s.positions().size());
        gauge("kairos.open.orders", "Open orders being worked", s -> s.openOrders());
        gauge("kairos.unrealized.pnl", "Unrealized PnL of the open positions",
                s -> s.positions().stream().mapToDouble(KernelStatus.PositionView::unrealizedPnl).sum());
        gauge("kairos.paused", "1 while new entries are paused", s -> s.paused() ? 1 : 0);
        gauge("kairos.venue.up", "1 while the venue is reachable", s -> s.venueUp() ? 1 : 0);
        gauge("kairos.reconciled", "1 once reconciled with the venue", s -> s.reconciled() ? 1 : 0);
        gauge("kairos.on.fallback", "1 while market data comes from the fallback feed", s -> s.fallback() == null ? 0 : 1);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .publishPercentiles(PERCENTILES)
                .register(registry);
    }

    private void gauge(String name, String description, java.util.function.ToDoubleFunction<KernelStatus> f) {
        Gauge.builder(name, this, m -> m.last == null ? Double.NaN : f.applyAsDouble(m.last))
                .description(description).register(registry);
    }

    /** The kernel's status, sampled (the sampler's thread). */
    public void onStatus(KernelStatus s) {
        if (Double.isNaN(peakEquity) || s.equity() > peakEquity) {
            peakEquity = s.equity();
        }
        last = s;
    }

    /** A decision taken and recorded (kernel thread); {@code latencyNanos} < 0 when not measured (no batch in hand). */
    public void onDecision(Decision d, long latencyNanos) {
        String verdict = d.verdict() == null || d.verdict().status() == null ? "none" : d.verdict().status();
        Counter.builder("kairos.decisions").description("Decisions taken, by verdict and trigger")
                .tags("verdict", verdict, "trigger", d.trigger() == null ? "none" : d.trigger()).register(registry)
                .increment();
        if (d.rulesFired() != null) {
            for (String rule : d.rulesFired()) {
                Counter.builder("kairos.rule.firings").description("Rule firings, by rule").tag("rule", rule)
                        .register(registry).increment();
            }
        }
        if (d.vetoes() != null) {
            for (Decision.VetoRecord v : d.vetoes()) {
                Counter.builder("kairos.vetoes").description("Vetoes, by tier and rule")
                        .tags("tier", String.valueOf(v.tier()), "rule", String.valueOf(v.rule())).register(registry)
                        .increment();
            }
        }
        if (latencyNanos >= 0) {
            decisionLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
            decisionLatencyTap.accept(latencyNanos);
        }
    }

    /** A CEP pattern detected (kernel thread), by its statement's {@code @Name}. */
    public void onPattern(String statement) {
        Counter.builder("kairos.cep.patterns").description("CEP patterns detected, by statement")
                .tag("statement", statement).register(registry).increment();
    }

    /** A fill booked (the session's state writer, once the fill is journaled). */
    public void onFill(Fill f) {
        Counter.builder("kairos.fills").description("Fills booked, by symbol and side")
                .tags("symbol", f.symbol(), "side", f.side().name()).register(registry).increment();
        Counter.builder("kairos.fees").description("Fees paid, quote currency").tag("symbol", f.symbol())
                .register(registry).increment(Math.max(0, f.fee()));
    }

    /** An order submitted to the venue (kernel thread), {@code latencyNanos} after its market batch arrived. */
    public void onOrder(String symbol, long latencyNanos) {
        Counter.builder("kairos.orders").description("Orders submitted, by symbol").tag("symbol", symbol)
                .register(registry).increment();
        if (latencyNanos >= 0) {
            tickToOrder.record(latencyNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A market event's receive time minus its exchange time (feed thread). */
    public void onFeedLag(long millis) {
        if (millis >= 0) {
            feedLag.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** The last traded price of a symbol (feed thread). */
    public void onPrice(String symbol, double price) {
        if (prices.put(symbol, price) == null) {
            Gauge.builder("kairos.price", prices, p -> p.getOrDefault(symbol, Double.NaN))
                    .description("Last traded price").tag("symbol", symbol).register(registry);
        }
    }

    /** A status of the market-data feed ({@code connected}, {@code book_gap}, {@code fallback}, …). */
    public void onFeedStatus(String status) {
        Counter.builder("kairos.feed.status").description("Market-data feed status changes, by status")
                .tag("status", status).register(registry).increment();
        if (status.equals("backfilled") || status.equals("primary") || status.endsWith("connected")
                && !status.contains("dis")) {
            reconnects.increment();
        }
    }

    /** An alert raised (any thread), by level and type; venue and API error alerts are among them. */
    public void onAlert(Notifier.Alert a) {
        Counter.builder("kairos.alerts").description("Alerts raised, by level and type")
                .tags("level", a.level().name(), "type", a.type()).register(registry).increment();
        if (a.type().contains("ERROR") || a.type().contains("REJECT")) {
            Counter.builder("kairos.api.errors").description("Venue API errors reported as alerts, by type")
                    .tag("type", a.type()).register(registry).increment();
        }
    }

    /** Also hands every measured decision latency (nanoseconds) to {@code tap} (the API bench). */
    /**
     * Registers {@code kairos_venue_rate_limit_headroom}: the venue REST rate-limit headroom, the smallest share of an
     * endpoint's requests left in its window (0..1), read from {@code headroom} at each scrape (live mode).
     */
    public void rateLimitHeadroom(java.util.function.DoubleSupplier headroom) {
        Gauge.builder("kairos.venue.rate.limit.headroom", headroom, java.util.function.DoubleSupplier::getAsDouble)
                .description("Venue REST rate-limit headroom: the smallest share of an endpoint's requests left in its "
                        + "window, 0..1").register(registry);
    }

    public void tapDecisionLatency(LongConsumer tap) {
        this.decisionLatencyTap = tap;
    }

    private double drawdown(KernelStatus s) {
        return peakEquity > 0 ? Math.max(0, (peakEquity - s.equity()) / peakEquity) : 0;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The last prices per symbol. */
    public Map<String, Double> prices() {
        return Map.copyOf(prices);
    }

    /** What the dashboard shows, as the {@code /stream/metrics} message: account, risk, positions, prices, latency. */
    public ObjectNode snapshot() {
        ObjectNode o = JSON.createObjectNode();
        KernelStatus s = last;
        o.put("time", Instant.now().toString());
        if (s != null) {
            o.put("mode", s.mode());
            o.put("paused", s.paused());
            o.put("pause_reason", s.pauseReason());
            ArrayNode symbols = o.putArray("symbols");
            s.symbols().forEach(symbols::add);
            o.put("equity", s.equity());
            o.put("cash", s.cash());
            o.put("initial_equity", initialEquity);
            o.put("pnl", s.equity() - initialEquity);
            o.put("peak_equity", peakEquity);
            o.put("drawdown", drawdown(s));
            o.put("open_orders", s.openOrders());
            o.put("ruleset_hash", s.rulesetHash());
            o.put("model_version", s.modelVersion());
            o.put("reconciled", s.reconciled());
            o.put("venue_up", s.venueUp());
            o.put("data_source", s.fallback() == null ? "bybit" : s.fallback());
            o.put("market_time", Instant.ofEpochMilli(s.time()).toString());
            ArrayNode positions = o.putArray("positions");
            for (KernelStatus.PositionView p : s.positions()) {
                kairos.ops.api.ControlApi.position(positions.addObject(), p);
            }
        }
        ObjectNode px = o.putObject("prices");
        prices.forEach(px::put);
        ObjectNode lat = o.putObject("decision_latency_ms");
        for (ValueAtPercentile v : decisionLatency.takeSnapshot().percentileValues()) {
            lat.put("p" + Math.round(v.percentile() * 100), v.value(TimeUnit.MILLISECONDS));
        }
        o.put("decisions", (long) decisionLatency.count());
        return o;
    }
}
