package kairos.bybit.data;

import java.io.IOException;

/**
 * Where the feed's back-fill comes from: Bybit's public REST market endpoints. Answers are the raw JSON bodies, so
 * the session can record them beside the stream's messages and a replay can feed the same history.
 */
public interface KlineHistory {

    /** The exchange's server clock (epoch ms), the one signatures are checked against. */
    long serverTime() throws IOException;

    /**
     * The market's current time for {@code symbol} (epoch ms): the open time of its newest 1m kline, the one still
     * forming. On Bybit it is the server time floored to the minute; a simulator's market may run ahead of or behind
     * the wall clock, its server clock follows the wall clock.
     */
    default long marketTime(String symbol) throws IOException {
        return serverTime();
    }

    /**
     * One page of {@code GET /v5/market/kline} (linear, 1m): at most {@code limit} candles with start times in
     * {@code [start, end]}, newest first, as Bybit answers.
     *
     * @return the request line as sent ({@code GET /v5/market/kline?...}) and the raw body
     */
    Page klines(String symbol, long start, long end, int limit) throws IOException;

    /** A request line and its answer's body. */
    record Page(String request, String body) {
    }
}
