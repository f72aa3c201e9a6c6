package kairos.bybit.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.bybit.parsing.BinancePublicMessages;
import kairos.bybit.parsing.BybitHistory;
import kairos.bybit.parsing.BybitPublicMessages;
import kairos.bybit.parsing.RecordedStream;
import kairos.bybit.websocket.BinancePublicStream;
import kairos.bybit.websocket.BybitPublicStream;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.MarketBatch;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bybit's public market data for a trading session: the public WebSocket stream (trades, book, liquidations,
 * tickers, 1m klines) parsed by the live parser into {@link MarketBatch}es, one per message, and the 1m klines
 * back-filled over REST — on start (the warm-up) and after every reconnect (the gap) — before the stream's next
 * message is taken, so no decision is made on a gap. Every message and back-fill answer goes to the
 * {@link Recorder} first, in the order the kernel gets them, so that the session's recording replays as it ran.
 *
 * <p>With a {@linkplain #fallbackTo fallback}, Bybit's market data going stale — no Bybit market-data message for
 * the fallback delay on the wall clock, whether the connection dropped or went quiet — connects Binance's USD-M
 * public streams and posts their messages as batches marked {@code fallback = "binance"} (the kernel flags its
 * decisions and, unless allowed, takes no entry on them); the first Bybit market-data message again closes Binance
 * (its late messages are dropped), back-fills the 1m klines since Bybit's last bar as after a reconnect, and then
 * posts Bybit's batches again. Batches reach the sink one at a time, Bybit's and Binance's alike.
 */
public final class BybitMarketFeed implements AutoCloseable {
    /** Candles per back-fill request (Bybit's maximum). */
    public static final int PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the batches go (the kernel's inbox) and what happens to the connection. */
    public interface Sink {
        void onBatch(MarketBatch batch);

        /**
         * {@code connected}, {@code disconnected}, {@code reconnecting}, {@code backfilled}, {@code backfill_failed},
         * {@code bad_message}; with a fallback also {@code fallback} (on Binance now), {@code primary} (on Bybit
         * again) and the Binance connection's own as {@code binance_connected}, {@code binance_disconnected} ...
         */
        void onStatus(String status, String detail);
    }

    /** The session's recording of its input (the format of {@code kairos record}). */
    public interface Recorder {
        void message(String text, long recvTs);

        void rest(String request, String body, long recvTs);

        /** A message of the Binance fallback feed, taken while Bybit's was stale. */
        void binance(String text, long recvTs);

        Recorder NONE = new Recorder() {
            @Override
            public void message(String text, long recvTs) {
            }

            @Override
            public void rest(String request, String body, long recvTs) {
            }

            @Override
            public void binance(String text, long recvTs) {
            }
        };

        /** The market runs on a clock of its own (a simulator or a replay): the recording says so once. */
        default void ownClock(long recvTs) {
        }
    }

    private final List<String> symbols;
    private final KlineHistory history;
    private final Recorder recorder;
    private final Sink sink;
    private final Clock wall;
    private final long warmupMs;
    private final BybitPublicMessages parser = new BybitPublicMessages();
    /** Open time of the latest closed 1m bar seen per symbol: where the next back-fill starts. */
    private final Map<String, Long> lastBar = new HashMap<>();
    private final Map<String, Long> lastMessageWall = new HashMap<>();
    private volatile long messages;
    private volatile boolean ownClock;
    private BybitPublicStream stream;

    /** Guards the switch between the feeds and every post to the sink (Bybit and Binance call on their own threads). */
    private final Object lock = new Object();
    private URI fallbackUrl;
    private long fallbackAfterMs;
    private Duration firstBackoff = Duration.ofSeconds(1);
    /** Wall time of the last Bybit market-data message (the start, before the first). */
    private long lastBybitData;
    private long fallbackSince;
    /** Counts the stretches on the fallback; a Binance callback of an earlier one is dropped. */
    private long episode;
    private volatile boolean onFallback;
    private BinancePublicStream binance;
    private BinancePublicMessages binanceParser;
    private ScheduledExecutorService watchdog;
    private volatile boolean closed;

    /**
     * @param symbols  traded and context symbols (all are subscribed and back-filled)
     * @param warmupMs how much history to back-fill on the first start
     */
    public BybitMarketFeed(List<String> symbols, KlineHistory history, Recorder recorder, Sink sink, Clock wall,
                           long warmupMs) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols to stream");
        }
        this.symbols = List.copyOf(symbols);
        this.history = history;
        this.recorder = recorder;
        this.sink = sink;
        this.wall = wall;
        this.warmupMs = warmupMs;
    }

    /**
     * The market runs on a clock of its own, not the wall clock (a simulator playing a market faster than real
     * time): a receive time on the wall clock says nothing of the feed's latency, so events carry none (0: unknown)
     * and the latency checks do not judge them. The recording says so, so that its replay does the same.
     */
    public void marketOnItsOwnClock() {
        ownClock = true;
        recorder.ownClock(wall.millis());
    }

    /**
     * Falls back to Binance's USD-M public streams at {@code binanceUrl} ({@code wss://fstream.binance.com}) when no
     * Bybit market data came for {@code after}; call before {@link #start}.
     */
    public BybitMarketFeed fallbackTo(URI binanceUrl, Duration after) {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("fallback delay " + after + ": must be positive");
        }
        BinancePublicStream.url(binanceUrl, symbols);   // refuses too many symbols now, not at the first fallback
        this.fallbackUrl = binanceUrl;
        this.fallbackAfterMs = after.toMillis();
        return this;
    }

    /** Connects to {@code url} (asynchronously; reconnects with back-off until {@link #close}). */
    public void start(URI url, int depth, Duration ping, Duration firstBackoff) {
        this.firstBackoff = firstBackoff;
        synchronized (lock) {
            lastBybitData = wall.millis();
        }
        stream = new BybitPublicStream(url, BybitPublicStream.topics(symbols, depth), new BybitPublicStream.Handler() {
            @Override
            public void onMessage(String text, long recvTs) {
                BybitMarketFeed.this.onMessage(text, recvTs);
            }

            @Override
            public void onStatus(String status, String detail) {
                sink.onStatus(status, detail);
                if (status.equals("connected")) {
                    synchronized (lock) {
                        if (!onFallback) {
                            backfill();   // on the fallback: when Bybit's data comes back
                        }
                    }
                }
            }
        }, wall, ping, firstBackoff);
        if (fallbackUrl != null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "market-data-watchdog");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(50, Math.min(1_000, fallbackAfterMs / 4));
            watchdog.scheduleWithFixedDelay(this::checkFreshness, every, every, TimeUnit.MILLISECONDS);
        }
        stream.start();
    }

    /** One message of the stream: parsed, recorded, posted as one batch (after leaving the fallback, if on it). */
    void onMessage(String text, long recvTs) {
        BinancePublicStream left = null;
        synchronized (lock) {
            List<MarketEvent> events = new ArrayList<>(4);
            BybitPublicMessages.Kind kind;
            try {
                kind = parser.parse(text, ownClock ? 0 : recvTs, events::add);
            } catch (IllegalArgumentException e) {
                recorder.message(text, recvTs);
                sink.onStatus("bad_message", e.getMessage());
                return;
            }
            if (BybitPublicMessages.isMarketData(kind)) {
                lastBybitData = Math.max(lastBybitData, recvTs);
                if (onFallback) {
                    left = primaryAgain(recvTs);   // the back-fill comes before this message, in the recording too
                }
            }
            recorder.message(text, recvTs);
            if (kind == BybitPublicMessages.Kind.BOOK_GAP) {
                // Bybit sends a fresh snapshot on every subscription: reconnect (which also back-fills the klines)
                sink.onStatus("book_gap", "an order-book update was skipped; resubscribing for a snapshot");
                if (stream != null) {
                    stream.resync("order-book sequence gap");
                }
            }
            if (!events.isEmpty()) {
                post(events, recvTs, null);
            }
        }
        if (left != null) {
            left.close();   // outside the lock: its late messages wait for it and are dropped
        }
    }

    private void post(List<MarketEvent> events, long recvTs, String fallback) {
        messages++;
        for (MarketEvent e : events) {
            lastMessageWall.put(e.symbol(), recvTs);
            if (fallback == null && e instanceof MarketEvent.BarClose b && b.timeframe() == Timeframe.M1) {
                lastBar.merge(b.symbol(), b.bar().openTime(), Math::max);   // Bybit's bars: where its gap starts
            }
        }
        sink.onBatch(new MarketBatch(events, false, recvTs, fallback));
    }

    /**
     * Switches to Binance when Bybit's market data is stale: nothing for the fallback delay on the wall clock.
     * Called by the feed's watchdog (every second at most); tests call it after moving their clock.
     */
    void checkFreshness() {
        synchronized (lock) {
            if (closed || fallbackUrl == null || onFallback) {
                return;
            }
            long silent = wall.millis() - lastBybitData;
            if (silent < fallbackAfterMs) {
                return;
            }
            onFallback = true;
            fallbackSince = wall.millis();
            long mine = ++episode;
            binanceParser = new BinancePublicMessages();
            sink.onStatus("fallback", "no Bybit market data for " + silent + " ms: market data from Binance ("
                    + fallbackUrl + ") until Bybit's is back");
            binance = new BinancePublicStream(fallbackUrl, symbols, new BybitPublicStream.Handler() {
                @Override
                public void onMessage(String text, long recvTs) {
                    onBinance(mine, text, recvTs);
                }

                @Override
                public void onStatus(String status, String detail) {
                    synchronized (lock) {
                        if (episode == mine && onFallback) {
                            sink.onStatus("binance_" + status, detail);
                        }
                    }
                }
            }, wall, Duration.ofSeconds(10), firstBackoff);
            binance.start();
        }
    }

    /** A message of the Binance stream of stretch {@code of}: recorded and posted while that stretch lasts. */
    void onBinance(long of, String text, long recvTs) {
        synchronized (lock) {
            if (!onFallback || episode != of) {
                return;   // Bybit's data is back: a late message of the stream being closed
            }
            List<MarketEvent> events = new ArrayList<>(4);
            try {
                binanceParser.parse(text, recvTs, events::add);
            } catch (IllegalArgumentException e) {
                sink.onStatus("bad_message", e.getMessage());   // not recorded: the replay would refuse it
                return;
            }
            recorder.binance(text, recvTs);
            if (!events.isEmpty()) {
                post(events, recvTs, RecordedStream.BINANCE);
            }
        }
    }

    /** Bybit's market data is back: leaves the fallback and back-fills Bybit's klines since its last bar. */
    private BinancePublicStream primaryAgain(long recvTs) {
        onFallback = false;
        episode++;
        BinancePublicStream left = binance;
        binance = null;
        binanceParser = null;
        sink.onStatus("primary", "Bybit market data again after " + Math.max(0, recvTs - fallbackSince)
                + " ms on Binance");
        backfill();
        return left;
    }

    /** Whether the market data comes from the Binance fallback now. */
    public boolean onFallback() {
        return onFallback;
    }

    /**
     * Fetches the closed 1m bars each symbol lacks — the warm-up on the first connection, the gap since the last
     * bar after a reconnect — and posts them as history, oldest first, before the stream goes on.
     */
    void backfill() {
        long now;
        try {
            now = history.marketTime(symbols.getFirst());
        } catch (IOException | RuntimeException e) {
            sink.onStatus("backfill_failed", "market time: " + e.getMessage());
            return;
        }
        long to = Timeframe.M1.floor(now) - Timeframe.M1.millis();   // the open of the last closed minute
        int bars = 0;
        for (String symbol : symbols) {
            Long last = lastBar.get(symbol);
            long from = last != null ? last + Timeframe.M1.millis() : Timeframe.M1.floor(now - warmupMs);
            if (from > to) {
                continue;
            }
            try {
                bars += backfill(symbol, from, to);
            } catch (IOException | RuntimeException e) {
                sink.onStatus("backfill_failed", symbol + ": " + e.getMessage());
            }
        }
        sink.onStatus("backfilled", bars + " bars up to " + java.time.Instant.ofEpochMilli(to + Timeframe.M1.millis()));
    }

    private int backfill(String symbol, long from, long to) throws IOException {
        List<KlineHistory.Page> pages = new ArrayList<>();
        List<List<MarketEvent>> parsed = new ArrayList<>();
        long end = to;
        while (end >= from) {
            KlineHistory.Page page = history.klines(symbol, from, end, PAGE);
            JsonNode body = JSON.readTree(page.body());
            if (body.path("retCode").asInt(-1) != 0) {
                throw new IOException(page.request() + ": retCode " + body.path("retCode").asText() + " "
                        + body.path("retMsg").asText());
            }
            List<MarketEvent> events = BybitHistory.bars(page.request(), body, 0);
            pages.add(page);
            parsed.add(events);
            if (events.size() < PAGE) {
                break;
            }
            end = ((MarketEvent.BarClose) events.getFirst()).bar().openTime() - 1;
        }
        Collections.reverse(pages);
        int n = 0;
        for (KlineHistory.Page page : pages) {
            long recv = wall.millis();
            recorder.rest(page.request(), page.body(), recv);
            List<MarketEvent> events = BybitHistory.bars(page.request(), JSON.readTree(page.body()), ownClock ? 0 : recv);
            for (MarketEvent e : events) {
                lastBar.merge(symbol, ((MarketEvent.BarClose) e).bar().openTime(), Math::max);
            }
            if (!events.isEmpty()) {
                sink.onBatch(new MarketBatch(events, true, recv));
                n += events.size();
            }
        }
        return n;
    }

    /** Market-data messages taken so far. */
    public long messages() {
        return messages;
    }

    /** Wall time of the last message with data for {@code symbol}, or null. */
    public Long lastMessageAt(String symbol) {
        return lastMessageWall.get(symbol);
    }

    /** How many connections the stream opened (reconnects + 1). */
    public long connections() {
        return stream == null ? 0 : stream.connections();
    }

    @Override
    public void close() {
        BinancePublicStream left;
        synchronized (lock) {
            closed = true;
            left = binance;
            binance = null;
            episode++;
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (left != null) {
            left.close();
        }
        if (stream != null) {
            stream.close();
        }
    }
}
