package kairos.bybit.data;

import java.io.IOException;

/**
 * Where the feed's back-fill comes from: Bybit's public REST market endpoints. Answers are the raw JSON bodies, so
 * the session can record them beside the stream's messages and a replay can feed the same history.
 */
public interface KlineHistory {

    /** The exchange's current time (epoch ms; a simulator's market may run ahead of the wall clock). */
    long serverTime() throws IOException;

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
