package kairos.app.session;

import kairos.engine.domain.MarketEvent;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.Fill;
import kairos.engine.execution.ForwardingVenue;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.DecisionJournal;
import kairos.engine.kernel.ForwardingStateJournal;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.Notifier;
import kairos.engine.kernel.StateJournal;
import kairos.ops.api.ApiToken;
import kairos.ops.api.ControlApi;
import kairos.ops.api.DashboardRoutes;
import kairos.ops.api.MetricsRoutes;
import kairos.ops.api.SessionStreams;
import kairos.ops.api.StreamRoutes;
import kairos.ops.metrics.SessionMetrics;
import kairos.ops.metrics.StatusSampler;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The operations side of a paper or live session: metrics, the WebSocket streams and the dashboard on the control
 * API's port, fed by observers around the kernel's ports — the decision journal (decisions, rule firings,
 * arrival-to-decision latency), the state journal (fills), the venue port (tick-to-order latency), the notifier
 * (alerts) and the feed (prices, feed lag, reconnects). Every latency is measured here, on the session's wall clock
 * ({@code wallMillis}), against the arrival stamp the feed put on the market batch in hand
 * ({@link Kernel#arrivedAt()}); the engine reads no clock for it. The observers run on the kernel thread and only
 * count and hand over: the streams serialise and send on their own thread.
 */
public final class SessionOps implements AutoCloseable {
    /** How often the account gauges and the metrics stream are refreshed. */
    public static final long SAMPLE_MS = 1_000;

    private final SessionMetrics metrics;
    private final SessionStreams streams = new SessionStreams();
    private final LongSupplier wallMillis;
    private volatile Kernel kernel;
    private StatusSampler sampler;
    private ControlApi api;

    public SessionOps(double initialEquity, LongSupplier wallMillis) {
        this.metrics = new SessionMetrics(initialEquity);
        this.wallMillis = wallMillis;
    }

    /** The kernel whose arrival stamps the latencies are measured against (set once it exists). */
    public void attach(Kernel k) {
        this.kernel = k;
        k.onPatternSeen(p -> metrics.onPattern(p.getName()));
    }

    /** Nanoseconds since the market batch in hand arrived, or -1 (none yet, or a command's decision). */
    private long sinceArrival() {
        Kernel k = kernel;
        if (k == null || k.arrivedAt() == Long.MIN_VALUE) {
            return -1;
        }
        return Math.max(0, wallMillis.getAsLong() - k.arrivedAt()) * 1_000_000L;
    }

    /** The session's decision journal with the metrics and the decisions stream beside it. */
    public DecisionJournal decisions(DecisionJournal journal) {
        return d -> {
            journal.record(d);
            observe(d);
        };
    }

    private void observe(Decision d) {
        boolean onMarket = !Decision.RULES_RELOAD.equals(d.trigger()) && !Decision.FILL.equals(d.trigger());
        metrics.onDecision(d, onMarket ? sinceArrival() : -1);
        streams.decision(d);
    }

    /** The notifier with the alert counters beside it. */
    public Notifier notifier(Notifier notifier) {
        return a -> {
            metrics.onAlert(a);
            notifier.notify(a);
        };
    }

    /** The observers between the kernel and its journal (fills, as the writer thread writes them) and venue port. */
    public TradingSession.Interposers interposers() {
        return new TradingSession.Interposers(this::observeJournal, this::observeVenue, s -> s);
    }

    private StateJournal observeJournal(StateJournal journal) {
        return new ForwardingStateJournal(journal) {
            @Override
            public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                super.save(state, fills, trades, decisions);
                for (Fill f : fills) {
                    metrics.onFill(f);
                    streams.fill(f);
                }
            }
        };
    }

    private ExecutionVenue observeVenue(ExecutionVenue venue) {
        return new ForwardingVenue(venue) {
            @Override
            public void submit(OrderIntent intent) {
                metrics.onOrder(intent.symbol(), sinceArrival());
                super.submit(intent);
            }
        };
    }

    /**
     * A market batch on its way to the kernel (the feed's thread): the last trade price per symbol and, when the
     * market runs on the exchange's clock ({@code measureLag}), the feed lag of its events.
     */
    public void onBatch(MarketBatch batch, boolean measureLag) {
        if (batch.history()) {
            return;
        }
        for (MarketEvent e : batch.events()) {
            if (e instanceof MarketEvent.Trade t) {
                metrics.onPrice(t.symbol(), t.price());
            } else if (e instanceof MarketEvent.BarClose b) {
                metrics.onPrice(b.symbol(), b.bar().close());
            }
            if (measureLag && e.recvTime() > 0) {
                metrics.onFeedLag(e.recvTime() - e.time());
            }
        }
    }

    /** A status of the market-data feed (reconnects are counted from it). */
    public void onFeedStatus(String status) {
        metrics.onFeedStatus(status);
    }

    /**
     * Starts the control API with the metrics, streams and dashboard routes on its port, and the status sampler.
     *
     * @throws IllegalStateException when it cannot listen (see {@link ControlApi#start})
     */
    public ControlApi start(ControlApi.Settings settings, Kernel k) {
        return start(settings, k, kairos.ops.api.ConfigAccess.NONE, List.of());
    }

    /** The same, with the live configuration behind {@code /config} and more routes (the rule folders' watch). */
    public ControlApi start(ControlApi.Settings settings, Kernel k, kairos.ops.api.ConfigAccess config,
                            List<? extends org.apache.camel.RoutesBuilder> more) {
        attach(k);
        ApiToken token = ApiToken.of(settings.token());
        List<org.apache.camel.RoutesBuilder> routes = new java.util.ArrayList<>(List.of(new MetricsRoutes(token, metrics),
                new StreamRoutes(token, streams), new DashboardRoutes()));
        routes.addAll(more);
        api = ControlApi.start(settings, k.control(), config, routes);
        sampler = new StatusSampler(k.control(), metrics, streams, SAMPLE_MS);
        return api;
    }

    public SessionMetrics metrics() {
        return metrics;
    }

    public SessionStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.close();
        }
        if (api != null) {
            api.close();
        }
        streams.close();
    }
}
