package kairos.bybit.execution;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import kairos.bybit.http.BybitApiException;
import kairos.bybit.http.BybitCredentials;
import kairos.bybit.http.BybitException;
import kairos.bybit.http.BybitNotSentException;
import kairos.bybit.http.BybitRestClient.Priority;
import kairos.bybit.http.BybitTradeApi;
import kairos.bybit.http.BybitUnknownOutcomeException;
import kairos.bybit.http.RestHealth;
import kairos.bybit.parsing.BybitExecution;
import kairos.bybit.parsing.BybitInstrument;
import kairos.bybit.parsing.BybitOrder;
import kairos.bybit.parsing.BybitOrderAck;
import kairos.bybit.parsing.BybitPayloadException;
import kairos.bybit.parsing.BybitPosition;
import kairos.bybit.parsing.BybitPrivateMessages;
import kairos.bybit.parsing.FundingCashFlow;
import kairos.bybit.websocket.BybitPrivateStream;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderNotFound;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.OrderType;
import kairos.engine.execution.OrderUpdate;
import kairos.engine.execution.PositionReport;
import kairos.engine.execution.RequestRejected;
import kairos.engine.execution.VenueConnection;
import kairos.engine.execution.VenueEvent;
import kairos.engine.execution.VenueListener;
import kairos.engine.execution.VenueSnapshot;
import kairos.engine.rules.VenueHealth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link ExecutionVenue} on Bybit V5 (USDT perpetuals, one-way mode). Every call returns at once: the
 * request goes to one worker thread, in the order the kernel made them (a cancel never overtakes the submit it
 * cancels), and every outcome comes back only as {@link VenueEvent}s to the listener, stamped with the local
 * receive time — from REST answers and from the private stream alike, so the engine may hear an outcome twice
 * (its order manager is idempotent). Nothing is invented: without an answer nothing is said, and the order
 * manager's own ack timeout and queries carry on.
 *
 * <p>Use: {@code new BybitVenue(tradeApi, listener, fundingBooker, clock, Settings.defaults())}, then
 * {@link #connectPrivateStream} (its up/down become {@link VenueConnection}s; after each up the kernel
 * reconciles), and {@link #health} for the risk guard. Start-up checks are {@link BybitTradeApi}'s.
 *
 * <ul>
 *   <li><b>submit</b> → {@code POST /v5/order/create} ({@link BybitOrderRequests} says how each type is sent).
 *       Bybit's acknowledgement → {@code ACCEPTED}; a refusal → {@code REJECTED} with endpoint, retCode and retMsg;
 *       not sent (circuit breaker open for entries, rate-limit ban) → {@code REJECTED} "not sent: …". Entries are
 *       routine calls (held back while the breaker is open); stops, targets and exits are protective (always
 *       sent). 110072 (orderLinkId taken) means "already placed": the order is looked up and reported as it is.
 *       No answer (timeout, 5xx, reset): the order is looked up by orderLinkId; found → reported; Bybit knows
 *       nothing of it → sent once more with the same orderLinkId (Bybit refuses a second copy with 110072, so
 *       this cannot double it); still unresolved after {@link Settings#resolveAttempts} lookups → nothing said.</li>
 *   <li><b>amend</b>, <b>cancel</b> → {@code POST /v5/order/amend}, {@code /v5/order/cancel}, then the order is
 *       looked up and its state reported (an acknowledgement is not yet the outcome); a refusal →
 *       {@link RequestRejected} (and, for a cancel, the order's state, which says why — filled, gone).</li>
 *   <li><b>cancelAll</b> → {@code POST /v5/order/cancel-all} of the symbol (conditional orders included), then each
 *       cancelled order's state.</li>
 *   <li><b>query</b> → {@code /v5/order/realtime}, else {@code /v5/order/history} by orderLinkId → its executions
 *       ({@code /v5/execution/list}) as {@link Fill}s, then its {@link OrderUpdate}; {@link OrderNotFound} only
 *       when both say they have no such order.</li>
 *   <li><b>reconcile</b> → open orders, positions (and, by symbol, every {@linkplain #watch watched} symbol the
 *       list leaves out as flat), then every execution since the given time (all pages, 7-day windows; a first
 *       start with no time given looks back {@link Settings#firstReconcileLookbackMs}), as one
 *       {@link VenueSnapshot} at the time of Bybit's position answer. The executions are read after the
 *       positions, so some of them may be newer than the positions: which ones is told by Bybit's cross sequence
 *       ({@code seq}, on every execution and every position, flat ones too), not by time — a fill in the same
 *       millisecond as the position answer may come before or after it ({@link VenueSnapshot#notInPositions}).
 *       Without a sequence, an execution later than the answer is taken as not in the positions. Funding
 *       executions go to the funding listener.</li>
 * </ul>
 * Funding settlements ({@code execType} {@code Funding}) are not venue events — they are no fill — and go to the
 * {@code funding} consumer as {@link FundingCashFlow}s, from the stream and from reconciliations (book each
 * {@code execId} once).
 */
public final class BybitVenue implements ExecutionVenue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BybitVenue.class);
    /** Intents remembered for amends (how to send the price), most recent first out. */
    static final int REMEMBERED = 10_000;
    static final long MAX_LOOKBACK_MS = 730L * 24 * 3600 * 1000;

    /**
     * @param postOnlyEntries         send limit entries PostOnly (maker or nothing) instead of GTC
     * @param stopTriggerBy           price that triggers stops: {@code LastPrice}, {@code MarkPrice} or {@code IndexPrice}
     * @param resolveAttempts         lookups of an order whose create had no answer before giving up
     * @param firstReconcileLookbackMs how far back the first reconciliation (no time given) reads executions
     */
    public record Settings(boolean postOnlyEntries, String stopTriggerBy, int resolveAttempts,
                           long firstReconcileLookbackMs) {
        public Settings {
            if (!List.of("LastPrice", "MarkPrice", "IndexPrice").contains(stopTriggerBy)) {
                throw new IllegalArgumentException("stopTriggerBy must be LastPrice, MarkPrice or IndexPrice: "
                        + stopTriggerBy);
            }
            if (resolveAttempts < 1) {
                throw new IllegalArgumentException("resolveAttempts must be >= 1");
            }
        }

        public static Settings defaults() {
            return new Settings(false, "LastPrice", 3, 7L * 24 * 3600 * 1000);
        }
    }

    private final BybitTradeApi api;
    private final VenueListener listener;
    private final Consumer<FundingCashFlow> funding;
    private final Clock clock;
    private final Settings settings;
    private final BybitOrderRequests requests;
    private final BybitPrivateMessages messages = new BybitPrivateMessages("linear");
    private final ExecutorService worker;
    private final Map<String, OrderIntent> sent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderIntent> eldest) {
            return size() > REMEMBERED;
        }
    });
    private volatile BybitPrivateStream stream;
    /** Symbols whose position a reconciliation reads by symbol when the position list leaves them out (flat). */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    public BybitVenue(BybitTradeApi api, VenueListener listener, Consumer<FundingCashFlow> funding, Clock clock,
                      Settings settings) {
        this.api = api;
        this.listener = listener;
        this.funding = funding;
        this.clock = clock;
        this.settings = settings;
        this.requests = new BybitOrderRequests(settings.postOnlyEntries(), settings.stopTriggerBy());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bybit-venue");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the private stream ({@code order}, {@code execution}, {@code position}, {@code wallet}); its messages
     * become venue events, its up/down {@link VenueConnection}s. Auth uses Bybit's time from the REST client.
     */
    public void connectPrivateStream(URI url, BybitCredentials credentials, BybitPrivateStream.Settings streamSettings) {
        if (stream != null) {
            throw new IllegalStateException("the private stream is already connected");
        }
        BybitPrivateStream s = new BybitPrivateStream(url, credentials, api.rest()::serverTimeMillis, clock,
                streamSettings, new BybitPrivateStream.Handler() {
                    @Override
                    public void onMessage(String text, long recvTs) {
                        onPrivateMessage(text, recvTs);
                    }

                    @Override
                    public void onConnection(boolean up, String detail) {
                        emit(new VenueConnection(up, "Bybit private stream: " + detail, clock.millis()));
                    }
                });
        stream = s;
        s.start();
    }

    /**
     * Symbols Kairos trades: a reconciliation reads their positions by symbol when flat (the position list leaves
     * flat positions out, and with them the sequence that tells which executions they include). Symbols of
     * orders sent, of the private stream's messages and of earlier snapshots are watched as well.
     */
    public void watch(Collection<String> symbols) {
        watched.addAll(symbols);
    }

    /** The private stream's messages, on its thread: parsed and passed on as they come (duplicates and all). */
    void onPrivateMessage(String text, long recvTs) {
        try {
            messages.parse(text, new BybitPrivateMessages.Sink() {
                @Override
                public void event(VenueEvent event) {
                    if (event.symbol() != null) {
                        watched.add(event.symbol());
                    }
                    listener.onVenueEvent(event, recvTs);
                }

                @Override
                public void funding(FundingCashFlow f) {
                    funding.accept(f);
                }
            });
        } catch (BybitPayloadException e) {
            LOG.error("Bybit private stream message not understood, skipped: {}", e.getMessage());
        }
    }

    /**
     * The venue's health for the risk guard: the REST error rate and mean latency (the market feed's latency is
     * measured where the feed is read), maintenance (Bybit answered HTTP 503 and nothing succeeded since), and hours
     * to the symbol's delisting from its instrument (null: none known).
     */
    public VenueHealth health(String symbol, BybitInstrument instrument) {
        RestHealth h = api.rest().health();
        return new VenueHealth(symbol, h.maintenance(), h.errorRate(), h.meanLatencyMs(), false,
                instrument == null ? Double.POSITIVE_INFINITY : instrument.delistingInHours(clock.millis()));
    }

    /** The REST client's health: breaker state (entries halted while it is not closed), error rate, latency. */
    public RestHealth restHealth() {
        return api.rest().health();
    }

    // ---- the port -------------------------------------------------------------------------------------------

    @Override
    public void submit(OrderIntent intent) {
        sent.put(intent.linkId(), intent);
        watched.add(intent.symbol());
        run("submit " + intent.linkId(), () -> create(intent));
    }

    @Override
    public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
        run("amend " + linkId, () -> doAmend(linkId, symbol, price, qty));
    }

    @Override
    public void cancel(String linkId, String symbol) {
        run("cancel " + linkId, () -> doCancel(linkId, symbol));
    }

    @Override
    public void cancelAll(String symbol) {
        run("cancelAll " + symbol, () -> doCancelAll(symbol));
    }

    @Override
    public void query(String linkId, String symbol) {
        run("query " + linkId, () -> {
            try {
                lookUp(linkId, symbol);
            } catch (BybitException e) {
                LOG.warn("query of {} failed, the order manager asks again: {}", linkId, e.getMessage());
            }
        });
    }

    @Override
    public void reconcile(long executionsSince) {
        run("reconcile", () -> doReconcile(executionsSince));
    }

    // ---- the worker's side ----------------------------------------------------------------------------------

    private void run(String what, Runnable task) {
        worker.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Bybit venue: {} failed: {}", what, e.getMessage(), e);
            }
        });
    }

    private Priority priority(OrderIntent intent) {
        return intent.purpose() == OrderPurpose.ENTRY ? Priority.ROUTINE : Priority.PROTECTIVE;
    }

    private void create(OrderIntent intent) {
        Map<String, Object> body = requests.create(intent);
        try {
            api.createOrder(body, priority(intent));
            accepted(intent);
        } catch (BybitApiException e) {
            if (e.retCode() == BybitApiException.DUPLICATE_LINK_ID) {
                resolve(intent, body, true, "110072 duplicate orderLinkId: already placed");
            } else {
                rejected(intent, e.getMessage());
            }
        } catch (BybitNotSentException e) {
            rejected(intent, "not sent: " + e.getMessage());
        } catch (BybitUnknownOutcomeException e) {
            LOG.warn("order {}: no answer to its create ({}); looking it up", intent.linkId(), e.getMessage());
            resolve(intent, body, false, "");
        }
    }

    /**
     * Finds out what became of an order whose create has no answer, or that Bybit calls a duplicate: looks it up,
     * and while Bybit knows nothing of it, sends it once more with the same orderLinkId.
     */
    private void resolve(OrderIntent intent, Map<String, Object> body, boolean resent, String reason) {
        boolean again = resent;
        String last = "";
        for (int attempt = 0; attempt < settings.resolveAttempts(); attempt++) {
            try {
                Optional<BybitOrder> found = api.findOrder(intent.symbol(), intent.linkId());
                if (found.isPresent()) {
                    report(found.get(), reason);
                    return;
                }
            } catch (BybitException e) {
                last = e.getMessage();
                continue;
            }
            if (again) {
                continue;   // sent twice and still unknown to Bybit: keep looking
            }
            again = true;
            try {
                api.createOrder(body, priority(intent));
                accepted(intent);
                return;
            } catch (BybitApiException e) {
                if (e.retCode() != BybitApiException.DUPLICATE_LINK_ID) {
                    rejected(intent, e.getMessage());
                    return;
                }
                reason = "110072 duplicate orderLinkId: already placed";
            } catch (BybitException e) {
                last = e.getMessage();
            }
        }
        LOG.error("order {}: outcome still unknown after {} lookups{}; the order manager's ack timeout queries it"
                + " again", intent.linkId(), settings.resolveAttempts(), last.isEmpty() ? "" : " (" + last + ")");
    }

    private void accepted(OrderIntent intent) {
        emit(new OrderUpdate(intent.linkId(), intent.symbol(), OrderStatus.ACCEPTED, intent.price(), intent.qty(),
                BigDecimal.ZERO, "", api.rest().serverTimeMillis(), 0));
    }

    private void rejected(OrderIntent intent, String reason) {
        emit(new OrderUpdate(intent.linkId(), intent.symbol(), OrderStatus.REJECTED, intent.price(), intent.qty(),
                BigDecimal.ZERO, reason, api.rest().serverTimeMillis(), 0));
    }

    private void doAmend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
        OrderIntent known = sent.get(linkId);
        boolean conditional;
        boolean hasPrice;
        try {
            if (known != null) {
                conditional = known.type() == OrderType.STOP_MARKET;
                hasPrice = BybitOrderRequests.hasPrice(known.type());
            } else {
                Optional<BybitOrder> found = api.findOrder(symbol, linkId);
                if (found.isEmpty()) {
                    emit(new RequestRejected(linkId, symbol, "amend", "order " + linkId
                            + " is not on Bybit (order/realtime and order/history)", clock.millis()));
                    return;
                }
                conditional = found.get().conditional();
                hasPrice = conditional || "Limit".equals(found.get().orderType());
            }
        } catch (BybitException e) {
            LOG.warn("amend of {} not sent: its order could not be looked up: {}", linkId, e.getMessage());
            return;
        }
        try {
            api.amendOrder(BybitOrderRequests.amend(symbol, linkId, price, qty, conditional, hasPrice), Priority.PROTECTIVE);
            if (known != null) {
                sent.put(linkId, known.withPriceQty(hasPrice ? price : null, qty));
            }
        } catch (BybitApiException | BybitNotSentException e) {
            emit(new RequestRejected(linkId, symbol, "amend", e.getMessage(), clock.millis()));
            return;
        } catch (BybitUnknownOutcomeException e) {
            LOG.warn("amend of {}: no answer ({}); reporting the order as Bybit has it", linkId, e.getMessage());
        }
        reportCurrent(linkId, symbol);
    }

    private void doCancel(String linkId, String symbol) {
        try {
            api.cancelOrder(symbol, linkId);
        } catch (BybitApiException | BybitNotSentException e) {
            emit(new RequestRejected(linkId, symbol, "cancel", e.getMessage(), clock.millis()));
        } catch (BybitUnknownOutcomeException e) {
            LOG.warn("cancel of {}: no answer ({}); reporting the order as Bybit has it", linkId, e.getMessage());
        }
        reportCurrent(linkId, symbol);
    }

    private void doCancelAll(String symbol) {
        List<BybitOrderAck> cancelled;
        try {
            cancelled = api.cancelAll(symbol);
        } catch (BybitApiException | BybitNotSentException e) {
            emit(new RequestRejected("", symbol, "cancelAll", e.getMessage(), clock.millis()));
            return;
        } catch (BybitUnknownOutcomeException e) {
            LOG.warn("cancel-all of {}: no answer ({}); reporting its open orders as Bybit has them", symbol,
                    e.getMessage());
            try {
                for (BybitOrder o : api.openOrders()) {
                    if (symbol.equals(o.symbol())) {
                        emit(o.toUpdate("GET /v5/order/realtime"));
                    }
                }
            } catch (BybitException again) {
                LOG.warn("open orders of {} could not be read either: {}", symbol, again.getMessage());
            }
            return;
        }
        for (BybitOrderAck ack : cancelled) {
            if (ack.orderLinkId() != null && !ack.orderLinkId().isEmpty()) {
                reportCurrent(ack.orderLinkId(), symbol);
            }
        }
    }

    /** Reports an order as Bybit has it now; a failed lookup says nothing. */
    private void reportCurrent(String linkId, String symbol) {
        try {
            lookUp(linkId, symbol);
        } catch (BybitException e) {
            LOG.warn("order {} could not be looked up: {}", linkId, e.getMessage());
        }
    }

    /** Its executions and state, or {@link OrderNotFound} when Bybit has neither an open nor a past order of that id. */
    private void lookUp(String linkId, String symbol) {
        Optional<BybitOrder> found = api.findOrder(symbol, linkId);
        if (found.isPresent()) {
            report(found.get(), "");
        } else {
            emit(new OrderNotFound(linkId, symbol, api.rest().serverTimeMillis()));
        }
    }

    /** An order's executions (when it has any) and then its state, as the simulated venue answers a query. */
    private void report(BybitOrder order, String reason) {
        String where = "order query";
        if (order.cumExecQty() != null && order.cumExecQty().signum() > 0) {
            try {
                for (BybitExecution e : api.executions(order.symbol(), order.orderLinkId())) {
                    if (e.kind() == BybitExecution.Kind.FILL) {
                        emit(e.toFill("GET /v5/execution/list"));
                    }
                }
            } catch (BybitException e) {
                // the state still goes out: its cumQty ahead of the fills makes the order manager ask again
                LOG.warn("executions of {} could not be read: {}", order.linkId(), e.getMessage());
            }
        }
        OrderUpdate u = order.toUpdate(where);
        if (!reason.isEmpty()) {
            u = new OrderUpdate(u.linkId(), u.symbol(), u.status(), u.price(), u.qty(), u.cumQty(),
                    u.reason().isEmpty() ? reason : reason + "; " + u.reason(), u.time(), u.venueSeq());
        }
        emit(u);
    }

    private void doReconcile(long since) {
        try {
            long now = api.rest().serverTimeMillis();
            long from = since <= 0 ? now - settings.firstReconcileLookbackMs() : Math.max(since, now - MAX_LOOKBACK_MS);
            List<OrderUpdate> open = new ArrayList<>();
            for (BybitOrder o : api.openOrders()) {
                open.add(o.toUpdate("GET /v5/order/realtime"));
            }
            BybitTradeApi.Positions positions = api.positions();
            List<PositionReport> held = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            Map<String, Long> seqs = new HashMap<>();   // per symbol: the cross sequence its position stands at
            for (BybitPosition p : positions.list()) {
                take(p, "GET /v5/position/list", positions.time(), held, seqs);
                listed.add(p.symbol());
            }
            for (String symbol : new TreeSet<>(watched)) {
                if (!listed.contains(symbol)) {   // flat, or opened since the list: its own answer, with its seq
                    Optional<BybitPosition> p = api.position(symbol);
                    if (p.isPresent()) {
                        take(p.get(), "GET /v5/position/list?symbol", positions.time(), held, seqs);
                    }
                }
            }
            // read after the positions: an execution newer than its symbol's position is listed, not in the positions
            List<Fill> fills = new ArrayList<>();
            Set<String> notInPositions = new HashSet<>();
            for (BybitExecution e : api.executionsBetween(from, api.rest().serverTimeMillis())) {
                switch (e.kind()) {
                    case FILL -> {
                        Fill f = e.toFill("GET /v5/execution/list");
                        fills.add(f);
                        Long at = seqs.get(f.symbol());
                        if (at != null && e.seq() != null ? e.seq() > at : f.time() > positions.time()) {
                            notInPositions.add(f.execId());
                        }
                    }
                    case FUNDING -> funding.accept(e.toFunding("GET /v5/execution/list"));
                    case OTHER -> { }
                }
            }
            fills.forEach(f -> watched.add(f.symbol()));
            held.forEach(p -> watched.add(p.symbol()));
            emit(new VenueSnapshot(open, held, fills, since, positions.time(), notInPositions));
        } catch (BybitException | BybitPayloadException e) {
            LOG.error("reconciliation with Bybit failed, the kernel retries it: {}", e.getMessage());
        }
    }

    /** A position of the snapshot: held when not flat; its sequence (when Bybit sent one) kept per symbol. */
    private static void take(BybitPosition p, String where, long time, List<PositionReport> held, Map<String, Long> seqs) {
        PositionReport r = p.toReport(where, time);
        if (r.size().signum() != 0) {
            held.add(r);
        }
        if (p.seq() != null) {
            seqs.put(r.symbol(), p.seq());
        }
    }

    private void emit(VenueEvent event) {
        listener.onVenueEvent(event, clock.millis());
    }

    /** Closes the private stream and stops the worker (requests not yet sent are dropped, and logged). */
    @Override
    public void close() {
        BybitPrivateStream s = stream;
        if (s != null) {
            s.close();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Bybit venue: {} requests not sent at close", worker.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
