package kairos.bybit.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.bybit.parsing.BybitHistory;
import kairos.bybit.parsing.BybitPublicMessages;
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

/**
 * Bybit's public market data for a trading session: the public WebSocket stream (trades, book, liquidations,
 * tickers, 1m klines) parsed by the live parser into {@link MarketBatch}es, one per message, and the 1m klines
 * back-filled over REST — on start (the warm-up) and after every reconnect (the gap) — before the stream's next
 * message is taken, so no decision is made on a gap. Every message and back-fill answer goes to the
 * {@link Recorder} first, in the order the kernel gets them, so that the session's recording replays as it ran.
 * Callbacks come on the stream's thread, one at a time.
 */
public final class BybitMarketFeed implements AutoCloseable {
    /** Candles per back-fill request (Bybit's maximum). */
    public static final int PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the batches go (the kernel's inbox) and what happens to the connection. */
    public interface Sink {
        void onBatch(MarketBatch batch);

        /** {@code connected}, {@code disconnected}, {@code reconnecting}, {@code backfilled}, {@code backfill_failed}. */
        void onStatus(String status, String detail);
    }

    /** The session's recording of its input (the format of {@code kairos record}). */
    public interface Recorder {
        void message(String text, long recvTs);

        void rest(String request, String body, long recvTs);

        Recorder NONE = new Recorder() {
            @Override
            public void message(String text, long recvTs) {
            }

            @Override
            public void rest(String request, String body, long recvTs) {
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

    /** Connects to {@code url} (asynchronously; reconnects with back-off until {@link #close}). */
    public void start(URI url, int depth, Duration ping, Duration firstBackoff) {
        stream = new BybitPublicStream(url, BybitPublicStream.topics(symbols, depth), new BybitPublicStream.Handler() {
            @Override
            public void onMessage(String text, long recvTs) {
                BybitMarketFeed.this.onMessage(text, recvTs);
            }

            @Override
            public void onStatus(String status, String detail) {
                sink.onStatus(status, detail);
                if (status.equals("connected")) {
                    backfill();
                }
            }
        }, wall, ping, firstBackoff);
        stream.start();
    }

    /** One message of the stream: recorded, parsed, posted as one batch. */
    void onMessage(String text, long recvTs) {
        recorder.message(text, recvTs);
        List<MarketEvent> events = new ArrayList<>(4);
        try {
            parser.parse(text, ownClock ? 0 : recvTs, events::add);
        } catch (IllegalArgumentException e) {
            sink.onStatus("bad_message", e.getMessage());
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        messages++;
        for (MarketEvent e : events) {
            lastMessageWall.put(e.symbol(), recvTs);
            if (e instanceof MarketEvent.BarClose b && b.timeframe() == Timeframe.M1) {
                lastBar.merge(b.symbol(), b.bar().openTime(), Math::max);
            }
        }
        sink.onBatch(MarketBatch.of(events, recvTs));
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
        if (stream != null) {
            stream.close();
        }
    }
}
