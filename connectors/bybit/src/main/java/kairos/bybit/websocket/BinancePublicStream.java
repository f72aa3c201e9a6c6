package kairos.bybit.websocket;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance USD-M futures public market streams, the fallback feed while Bybit's is stale: one combined-stream
 * connection ({@code <base>/stream?streams=solusdt@aggTrade/solusdt@kline_1m/...}) whose streams are named in the
 * URL, so nothing is sent on connect. Binance pings the client and the JDK WebSocket answers, so there is no
 * application-level ping; a connection silent for three {@code watchdog} intervals is dropped (the mark-price stream
 * pushes every second) and, like any lost connection (Binance also ends each one after 24 h), reconnected with
 * back-off as {@link ReconnectingSocket} does. Every text message is handed over whole with its receive time from
 * the injected clock.
 */
public final class BinancePublicStream implements AutoCloseable {
    /** Binance's USD-M futures market-stream host. */
    public static final String DEFAULT_URL = "wss://fstream.binance.com";
    /** Streams one connection may carry (Binance USD-M's limit). */
    static final int MAX_STREAMS = 200;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ReconnectingSocket socket;

    public BinancePublicStream(URI base, List<String> symbols, BybitPublicStream.Handler handler, Clock clock,
                               Duration watchdog, Duration firstBackoff) {
        URI url = url(base, symbols);
        this.socket = new ReconnectingSocket(url, "binance-ws-public", clock, null, watchdog, firstBackoff, MAX_BACKOFF,
                0, BybitPublicStream.forwarding(url, List.of(), handler));
    }

    /** The streams of each symbol: aggregate trades, 1m klines, the top-20 book, mark price, liquidations. */
    public static List<String> streams(List<String> symbols) {
        List<String> out = new ArrayList<>();
        for (String symbol : symbols) {
            String s = symbol.toLowerCase(Locale.ROOT);
            out.add(s + "@aggTrade");
            out.add(s + "@kline_1m");
            out.add(s + "@depth20@100ms");
            out.add(s + "@markPrice@1s");
            out.add(s + "@forceOrder");
        }
        return out;
    }

    /**
     * The combined-stream URL of the symbols' streams on {@code base} ({@code wss://fstream.binance.com}, with or
     * without a trailing {@code /} or {@code /stream}).
     *
     * @throws IllegalArgumentException for no symbols, or more streams than one connection carries
     */
    public static URI url(URI base, List<String> symbols) {
        List<String> streams = streams(symbols);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no symbols to stream from Binance");
        }
        if (streams.size() > MAX_STREAMS) {
            throw new IllegalArgumentException(symbols.size() + " symbols need " + streams.size() + " Binance streams;"
                    + " one connection carries at most " + MAX_STREAMS + " (" + MAX_STREAMS / 5 + " symbols)");
        }
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (!b.endsWith("/stream")) {
            b += "/stream";
        }
        return URI.create(b + "?streams=" + String.join("/", streams));
    }

    /** Where it connects, as {@code host:port}. */
    public String endpoint() {
        return socket.endpoint();
    }

    URI connectsTo() {
        return socket.url();
    }

    /** Connects (asynchronously); failures are retried until {@link #close}. */
    public void start() {
        socket.start();
    }

    /** How many times a connection was opened (1 after the first, +1 per reconnect). */
    public long connections() {
        return socket.connections();
    }

    /** Stops reconnecting and closes the connection. */
    @Override
    public void close() {
        socket.close();
    }
}
