package kairos.bybit.execution;

import kairos.bybit.data.BybitMarketFeed;
import kairos.bybit.data.RestKlineHistory;
import kairos.bybit.http.BybitCredentials;
import kairos.bybit.http.BybitRestClient;
import kairos.bybit.http.BybitTradeApi;
import kairos.bybit.sim.ApiKey;
import kairos.bybit.sim.BybitSimulator;
import kairos.bybit.sim.Faults;
import kairos.bybit.sim.MarketTape;
import kairos.bybit.sim.OrderState;
import kairos.bybit.sim.PositionState;
import kairos.bybit.websocket.BybitPrivateStream;
import kairos.engine.domain.Side;
import kairos.engine.execution.FundingPayment;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole live path — the kernel's live loop, {@link BybitVenue} (signed REST, private stream), the market feed —
 * against the local Bybit V5 simulator playing a market 600 times faster than real time, once per fault the issue
 * names. After each: no lost order (every order the kernel holds open is open on the exchange), no orphan (every
 * order open on the exchange is the kernel's), no duplicate (one exchange order per entry decision), the position
 * equals the exchange's, and a position is protected by a stop on the exchange.
 */
class FaultsOnSimulatorTest {
    static final String KEY = "sim-key";
    static final String SECRET = "sim-secret";
    static final int MINUTES = 40;

    /** A fault and when it strikes: before the market starts (the next matching request) or in the middle of it. */
    enum Fault {
        NONE(f -> { }, false),
        PUBLIC_SOCKETS_DROPPED(Faults::dropPublicSockets, true),
        PRIVATE_SOCKETS_DROPPED(Faults::dropPrivateSockets, true),
        PRIVATE_DUPLICATED_AND_REORDERED(f -> f.privateChaos(11, 0.3, 0.3), false),
        RATE_LIMITED_10006(f -> f.rateLimitNext("/v5/order/create", 1), false),
        SKEWED_CLOCK_10002(f -> f.skewClock(Duration.ofSeconds(10)), false),
        HTTP_5XX(f -> f.serverErrorNext("/v5/order/create", 1, 502), false),
        TIMEOUT_AFTER_ACCEPT(f -> f.acceptThenHang("/v5/order/create", 1), false),
        BOOK_SEQUENCE_GAP(f -> f.skipBookUpdate("SOLUSDT"), true),
        MAINTENANCE(f -> f.maintenance(true), true);

        final Consumer<Faults> inject;
        final boolean midway;

        Fault(Consumer<Faults> inject, boolean midway) {
            this.inject = inject;
            this.midway = midway;
        }
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Fault.class)
    void afterEachFaultOrdersAndPositionAgreeWithTheExchange(Fault fault) throws Exception {
        long start = TickTape.START;
        AtomicLong wall = new AtomicLong(System.currentTimeMillis());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> wall.set(System.currentTimeMillis()), 10, 10, TimeUnit.MILLISECONDS);
        try (BybitSimulator sim = BybitSimulator.builder().tape(MarketTape.randomWalk(3, "SOLUSDT", 150, 0.01, start, MINUTES))
                .apiKey(ApiKey.trading(KEY, SECRET)).checkTimestampsAgainstWallClock(true).build().start()) {
            BybitCredentials credentials = new BybitCredentials(KEY, SECRET);
            BybitRestClient rest = new BybitRestClient(BybitRestClient.Settings.defaults(sim.restUrl())
                    .withTimeout(Duration.ofSeconds(2)), credentials, Clock.systemUTC());
            rest.syncClock();
            LiveKernel[] live = new LiveKernel[1];
            BybitVenue venue = new BybitVenue(new BybitTradeApi(rest), (e, at) -> live[0].kernel.inbox().post(e),
                    f -> live[0].kernel.inbox().post(new FundingPayment(f.execId(), f.symbol(), f.amount().doubleValue(),
                            f.time())), Clock.systemUTC(), BybitVenue.Settings.defaults());
            live[0] = new LiveKernel(TestRules.enterAndLeave(tmp.resolve("rules"), false), venue, wall, true);
            venue.connectPrivateStream(sim.privateWsUrl(), credentials, new BybitPrivateStream.Settings(
                    Duration.ofSeconds(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10)));
            BybitMarketFeed feed = new BybitMarketFeed(List.of("SOLUSDT"),
                    new RestKlineHistory(sim.restUrl(), Duration.ofSeconds(5), 100), BybitMarketFeed.Recorder.NONE,
                    new BybitMarketFeed.Sink() {
                        @Override
                        public void onBatch(MarketBatch batch) {
                            live[0].kernel.inbox().post(batch);
                        }

                        @Override
                        public void onStatus(String status, String detail) {
                        }
                    }, Clock.systemUTC(), 60 * 60_000L);
            feed.marketOnItsOwnClock();
            try (venue; feed; LiveKernel kernel = live[0]) {
                feed.start(sim.publicWsUrl(), 50, Duration.ofSeconds(20), Duration.ofMillis(200));
                await().atMost(Duration.ofSeconds(30)).until(() -> sim.publicConnections() > 0 && sim.privateConnections() > 0);
                if (!fault.midway) {
                    fault.inject.accept(sim.faults());
                }
                sim.pace(600);
                if (fault.midway) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> sim.now() >= start + 12 * 60_000);
                    fault.inject.accept(sim.faults());
                    if (fault == Fault.MAINTENANCE) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> sim.now() >= start + 15 * 60_000);
                        sim.faults().maintenance(false);
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(sim::tapeFinished);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agree(kernel, sim));
                assertThat(kernel.decisions).as("the session traded").anyMatch(d -> d.verdict() != null
                        && "accepted".equals(d.verdict().status()));
                struck(fault, sim, feed, kernel);
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    /** The fault did strike, and the client met it as it should. */
    static void struck(Fault fault, BybitSimulator sim, BybitMarketFeed feed, LiveKernel kernel) {
        if (fault != Fault.NONE) {
            assertThat(sim.faults().log()).as("the fault was injected").isNotEmpty();
        }
        switch (fault) {
            case PUBLIC_SOCKETS_DROPPED -> eventually(() -> assertThat(feed.connections())
                    .as("reconnected after " + sim.faults().log()).isGreaterThan(1));
            case PRIVATE_SOCKETS_DROPPED -> eventually(() -> assertThat(kernel.alerts).as("lost, reconnected, reconciled")
                    .anyMatch(a -> a.startsWith("VENUE_DISCONNECTED")).anyMatch(a -> a.startsWith("VENUE_CONNECTED")));
            case RATE_LIMITED_10006 -> assertThat(sim.requests("/v5/order/create")).anyMatch(r -> r.retCode() == 10006)
                    .anyMatch(r -> r.retCode() == 0);
            case SKEWED_CLOCK_10002 -> assertThat(sim.requests()).as("refused, then accepted after re-measuring")
                    .anyMatch(r -> r.retCode() == 10002);
            case HTTP_5XX -> assertThat(sim.requests("/v5/order/create")).anyMatch(r -> r.httpStatus() == 502)
                    .anyMatch(r -> r.retCode() == 0);
            case TIMEOUT_AFTER_ACCEPT -> assertThat(sim.requests()).as("the order was looked up by its link id")
                    .anyMatch(r -> r.path().equals("/v5/order/realtime") || r.path().equals("/v5/order/history"));
            case BOOK_SEQUENCE_GAP -> eventually(() -> assertThat(feed.connections())
                    .as("resubscribed for a snapshot after " + sim.faults().log()).isGreaterThan(1));
            case MAINTENANCE -> eventually(() -> assertThat(kernel.alerts).as("the private stream went down and came back")
                    .anyMatch(a -> a.startsWith("VENUE_DISCONNECTED")).anyMatch(a -> a.startsWith("VENUE_CONNECTED")));
            default -> { }
        }
    }

    /**
     * A reconnect the fault forced: it may come after the tape's last seconds on a slow machine, and at the latest
     * with the next ping (every 20 s on the public stream here) if the abrupt close went unseen.
     */
    static void eventually(ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(check);
    }

    /** What must hold once the market is over and the messages are in. */
    static void agree(LiveKernel kernel, BybitSimulator sim) throws Exception {
        KernelStatus status = kernel.kernel.control().status().get(10, TimeUnit.SECONDS);
        PositionState position = sim.position("SOLUSDT");
        BigDecimal exchange = position.side() == Side.Sell ? position.size().negate() : position.size();
        BigDecimal ours = status.positions().stream().filter(p -> p.symbol().equals("SOLUSDT"))
                .map(p -> p.side().equals("Sell") ? p.size().negate() : p.size()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(ours).as("the position equals the exchange's").isEqualByComparingTo(exchange);
        List<OrderState> open = sim.openOrders();
        assertThat(status.openOrders()).as("open orders: the kernel's and the exchange's " + open).isEqualTo(open.size());
        Map<String, Long> perLink = sim.orders().stream().collect(Collectors.groupingBy(OrderState::orderLinkId,
                Collectors.counting()));
        assertThat(perLink.values()).as("one exchange order per link id").allMatch(n -> n == 1);
        long entries = sim.orders().stream().filter(o -> !o.reduceOnly() && !o.closeOnTrigger()
                && (o.triggerPrice() == null || o.triggerPrice().signum() == 0)).count();
        long accepted;
        synchronized (kernel.decisions) {
            accepted = kernel.decisions.stream().filter(d -> d.verdict() != null
                    && "accepted".equals(d.verdict().status()) && d.proposal() != null).count();
        }
        assertThat(entries).as("one exchange entry order per accepted entry decision").isEqualTo(accepted);
        if (exchange.signum() != 0) {
            assertThat(open).as("the position has a stop on the exchange").anyMatch(o -> o.triggerPrice() != null
                    && o.triggerPrice().signum() > 0 && (o.reduceOnly() || o.closeOnTrigger()));
        }
    }
}
