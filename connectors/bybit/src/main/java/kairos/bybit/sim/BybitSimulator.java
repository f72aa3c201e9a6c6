package kairos.bybit.sim;

import kairos.engine.domain.MarketEvent;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local Bybit V5 exchange on 127.0.0.1 — REST, the public linear stream and the private stream — that plays a
 * market tape and runs one simulated USDT account, for testing a Bybit client against the documented behaviour
 * rather than against its own assumptions. One simulator per test: build, {@link #start}, point the client at
 * {@link #restUrl()}, {@link #publicWsUrl()}, {@link #privateWsUrl()}, drive the market with {@link #advanceTo} /
 * {@link #step} (stepped: deterministic, nothing moves by itself) or {@link #pace} (a background thread plays the
 * tape at a speed factor), inject {@link #faults()}, and compare the client's view with the simulator's truth
 * ({@link #orders()}, {@link #positions()}, {@link #executions()}, {@link #wallet()}, {@link #requests()}).
 *
 * <pre>{@code
 * try (BybitSimulator sim = BybitSimulator.builder().tape(tape).apiKey(ApiKey.trading("key", "secret")).build().start()) {
 *     client.connect(sim.restUrl(), sim.publicWsUrl(), sim.privateWsUrl());
 *     sim.advanceBy(Duration.ofMinutes(1));
 *     ...
 * }
 * }</pre>
 */
public final class BybitSimulator implements AutoCloseable {
    private final SimExchange exchange;
    private final Faults faults;
    private final SimRest rest;
    private final SimSockets sockets;
    private volatile Thread pacer;
    private volatile boolean closed;
    private boolean started;

    private BybitSimulator(Builder b) {
        MarketClock clock = new MarketClock(b.startAt != null ? b.startAt : b.tape.start(), b.wallClock);
        Settings s = new Settings(b.makerFee, b.takerFee, b.slippageTicks, b.maxFillFraction, b.fillOnTouch, b.initialBalance,
                b.defaultLeverage, b.defaultFundingRate, b.seed, 592_324L);
        this.exchange = new SimExchange(s, clock, new Ids(b.seed), b.instruments.values(), b.tape);
        this.faults = new Faults(exchange);
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        for (ApiKey k : b.keys) {
            keys.put(k.key(), k);
        }
        java.util.function.LongSupplier requestTime = b.wallTimestamps ? clock::wallServerTime : clock::serverTime;
        this.sockets = new SimSockets(new InetSocketAddress("127.0.0.1", b.wsPort), exchange, Map.copyOf(keys), new Ids(b.seed ^ 0x5DEECE66DL),
                requestTime, faults::record);
        this.rest = new SimRest(new InetSocketAddress("127.0.0.1", b.restPort), exchange, Map.copyOf(keys),
                new RateLimits(b.rateLimits, b.ipLimit, b.ipWindow.toMillis()), faults, requestTime);
        faults.sockets(sockets);
        exchange.feeds(sockets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the REST and WebSocket ports (127.0.0.1) and starts serving. */
    public synchronized BybitSimulator start() {
        if (started) {
            throw new IllegalStateException("the simulator is already started");
        }
        rest.start();
        sockets.startAndWait();
        started = true;
        return this;
    }

    /** {@code http://127.0.0.1:<port>}: the REST base URL (what {@code bybit.rest_url} takes). */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + rest.port());
    }

    /** {@code ws://127.0.0.1:<port>/v5/public/linear}. */
    public URI publicWsUrl() {
        return URI.create("ws://127.0.0.1:" + sockets.getPort() + SimSockets.PUBLIC_PATH);
    }

    /** {@code ws://127.0.0.1:<port>/v5/private}. */
    public URI privateWsUrl() {
        return URI.create("ws://127.0.0.1:" + sockets.getPort() + SimSockets.PRIVATE_PATH);
    }

    // ---------------------------------------------------------------- market time

    /** The exchange time reached (epoch ms). */
    public long now() {
        return exchange.clock.now();
    }

    /** The server time the exchange reports and checks signatures against (now plus any injected skew). */
    public long serverTime() {
        return exchange.clock.serverTime();
    }

    /** Plays the tape up to {@code time} (epoch ms, inclusive). */
    public BybitSimulator advanceTo(long time) {
        requireStepped();
        exchange.advanceTo(time);
        return this;
    }

    public BybitSimulator advanceBy(Duration d) {
        return advanceTo(now() + d.toMillis());
    }

    /** Plays the events of the next tape time; false when the tape is finished. */
    public boolean step() {
        requireStepped();
        return exchange.step();
    }

    /** Plays the whole tape. */
    public BybitSimulator playToEnd() {
        requireStepped();
        while (exchange.step()) {
            // every event in order
        }
        return this;
    }

    /** Plays one scripted event now (e.g. a trade through a limit price). */
    public BybitSimulator inject(MarketEvent event) {
        requireStepped();
        exchange.inject(event);
        return this;
    }

    public boolean tapeFinished() {
        return exchange.tapeFinished();
    }

    /**
     * Plays the tape from now on in a background thread at {@code speed} times the wall clock (60: a minute of
     * market per second). Exchange time keeps running past the end of the tape.
     */
    public synchronized BybitSimulator pace(double speed) {
        if (pacer != null) {
            throw new IllegalStateException("the simulator is already paced");
        }
        exchange.clock.pace(speed);
        Thread t = new Thread(() -> {
            while (!closed && !Thread.currentThread().isInterrupted()) {
                long target = exchange.clock.pacedTarget();
                if (target > exchange.clock.now()) {
                    exchange.advanceTo(target);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bybit-sim-pacer");
        t.setDaemon(true);
        pacer = t;
        t.start();
        return this;
    }

    /** Stops pacing; the market stays where it is until stepped again. */
    public synchronized BybitSimulator stopPacing() {
        Thread t = pacer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pacer = null;
            exchange.clock.stopPacing();
        }
        return this;
    }

    private void requireStepped() {
        if (pacer != null) {
            throw new IllegalStateException("the simulator is paced; stopPacing() before stepping it by hand");
        }
    }

    // ---------------------------------------------------------------- faults and inspection

    public Faults faults() {
        return faults;
    }

    /** Every order ever placed, oldest first. */
    public List<OrderState> orders() {
        return exchange.allOrders().stream().map(SimOrder::state).toList();
    }

    /** Open orders (New, PartiallyFilled, Untriggered), oldest first. */
    public List<OrderState> openOrders() {
        return orders().stream().filter(OrderState::isOpen).toList();
    }

    public Optional<OrderState> order(String orderLinkId) {
        SimOrder o = exchange.orderByLinkId(orderLinkId);
        return Optional.ofNullable(o == null ? null : o.state());
    }

    public Optional<OrderState> orderById(String orderId) {
        SimOrder o = exchange.orderById(orderId);
        return Optional.ofNullable(o == null ? null : o.state());
    }

    /** Positions by symbol (flat ones included once touched). */
    public Map<String, PositionState> positions() {
        Map<String, PositionState> out = new LinkedHashMap<>();
        synchronized (exchange) {
            exchange.positions().forEach((s, p) -> out.put(s, p.state(exchange.markets.get(s).mark())));
        }
        return out;
    }

    /** The position of {@code symbol} (flat when never traded). */
    public PositionState position(String symbol) {
        synchronized (exchange) {
            return exchange.positionOrFlat(symbol).state(exchange.market(symbol).mark());
        }
    }

    /** Every execution (fills and funding), oldest first. */
    public List<Execution> executions() {
        return exchange.executions();
    }

    public WalletState wallet() {
        return exchange.wallet();
    }

    /** Every REST request received, in the order answered. */
    public List<ReceivedRequest> requests() {
        return rest.received();
    }

    /** The REST requests received for one path. */
    public List<ReceivedRequest> requests(String path) {
        return rest.received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Each open WebSocket connection's id and the last requests the simulator received on it (for diagnostics). */
    public List<String> webSocketRequests() {
        return sockets.lastRequests();
    }

    public long publicConnections() {
        return sockets.connections(false);
    }

    public long privateConnections() {
        return sockets.connections(true);
    }

    /** Private pushes delivered so far (each copy of a duplicate counted). */
    public long privateMessagesDelivered() {
        return sockets.privateOut.delivered();
    }

    /** Last trade price of {@code symbol}, if it has traded. */
    public Optional<BigDecimal> lastPrice(String symbol) {
        synchronized (exchange) {
            return Optional.ofNullable(exchange.market(symbol).lastPrice);
        }
    }

    @Override
    public void close() {
        closed = true;
        stopPacing();
        rest.close();
        try {
            sockets.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How the simulator is set up; every setting has a default, only the tape is needed. */
    public static final class Builder {
        private MarketTape tape = MarketTape.of(List.of());
        private final Map<String, SimInstrument> instruments = new LinkedHashMap<>();
        private final List<ApiKey> keys = new ArrayList<>();
        private final Map<String, Integer> rateLimits = RateLimits.documented();
        private long seed = 1;
        private BigDecimal makerFee = new BigDecimal("0.0002");
        private BigDecimal takerFee = new BigDecimal("0.00055");
        private int slippageTicks;
        private double maxFillFraction = Double.POSITIVE_INFINITY;
        private boolean fillOnTouch;
        private BigDecimal initialBalance = new BigDecimal("10000");
        private BigDecimal defaultLeverage = BigDecimal.TEN;
        private double defaultFundingRate = 0.0001;
        private Long startAt;
        private int restPort;
        private int wsPort;
        private int ipLimit = 600;
        private Duration ipWindow = Duration.ofSeconds(5);
        private Clock wallClock = Clock.systemUTC();
        private boolean wallTimestamps;

        private Builder() {
        }

        public Builder tape(MarketTape tape) {
            this.tape = tape;
            return this;
        }

        /** Lists a contract (the tape's symbols of the default configuration are listed without it). */
        public Builder instrument(SimInstrument instrument) {
            instruments.put(instrument.symbol(), instrument);
            return this;
        }

        public Builder apiKey(ApiKey key) {
            keys.add(key);
            return this;
        }

        /** Seeds every identifier and seeded fault (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Maker and taker fee rates (defaults 0.0002 and 0.00055, Bybit's base tier). */
        public Builder fees(String maker, String taker) {
            this.makerFee = new BigDecimal(maker);
            this.takerFee = new BigDecimal(taker);
            return this;
        }

        /** Market orders fill this many ticks worse than the trade they fill on (default 0). */
        public Builder slippageTicks(int ticks) {
            if (ticks < 0) {
                throw new IllegalArgumentException("slippage ticks must be >= 0, got " + ticks);
            }
            this.slippageTicks = ticks;
            return this;
        }

        /** One tape trade fills at most this share of its quantity for the account (partial fills); default no cap. */
        public Builder maxFillFraction(double fraction) {
            if (!(fraction > 0)) {
                throw new IllegalArgumentException("max fill fraction must be > 0, got " + fraction);
            }
            this.maxFillFraction = fraction;
            return this;
        }

        /** A resting limit fills when a trade touches its price, not only when a trade goes through it (default false). */
        public Builder fillOnTouch(boolean on) {
            this.fillOnTouch = on;
            return this;
        }

        public Builder initialBalance(String usdt) {
            this.initialBalance = new BigDecimal(usdt);
            return this;
        }

        public Builder defaultLeverage(String leverage) {
            this.defaultLeverage = new BigDecimal(leverage);
            return this;
        }

        /** The funding rate settled when the tape has neither settlements nor predicted rates (default 0.0001). */
        public Builder defaultFundingRate(double rate) {
            this.defaultFundingRate = rate;
            return this;
        }

        /** Where the market clock starts (default: the tape's start). */
        public Builder startAt(long time) {
            this.startAt = time;
            return this;
        }

        /** Ports on 127.0.0.1 (0, the default: a free one). */
        public Builder ports(int rest, int websocket) {
            this.restPort = rest;
            this.wsPort = websocket;
            return this;
        }

        /** Requests per second one key may send to {@code path} (defaults: Bybit's documented limits). */
        public Builder rateLimit(String path, int perSecond) {
            rateLimits.put(path, perSecond);
            return this;
        }

        /** Requests the IP may send per window before HTTP 403 (default 600 per 5 s). */
        public Builder ipLimit(int requests, Duration window) {
            this.ipLimit = requests;
            this.ipWindow = window;
            return this;
        }

        /** The wall clock pacing follows (default the system clock). */
        public Builder wallClock(Clock clock) {
            this.wallClock = clock;
            return this;
        }

        /**
         * Check request timestamps, {@code expires} and rate-limit windows against the wall clock (plus skew)
         * instead of the market clock: for paced runs faster than real time, where a client signs with its own
         * clock. The market's timestamps still come from the market clock.
         */
        public Builder checkTimestampsAgainstWallClock(boolean on) {
            this.wallTimestamps = on;
            return this;
        }

        public BybitSimulator build() {
            return new BybitSimulator(this);
        }
    }
}
