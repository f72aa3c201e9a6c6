package kairos.bybit.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The back-fill's public market endpoints over the JDK HTTP client: {@code GET /v5/market/time} and
 * {@code GET /v5/market/kline} (unsigned; category linear, 1m). Idempotent GETs, so a timeout, a 5xx, an HTTP 403
 * or a 10006 rate-limit answer is retried after a pause, {@link #ATTEMPTS} times in all; then the call fails
 * naming the endpoint and the last answer.
 */
public final class RestKlineHistory implements KlineHistory {
    static final int ATTEMPTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final long pauseMs;

    /** @param pauseMs wait before the first retry (doubling) */
    public RestKlineHistory(URI base, Duration timeout, long pauseMs) {
        this.base = base;
        this.timeout = timeout;
        this.pauseMs = pauseMs;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public long serverTime() throws IOException {
        JsonNode body = JSON.readTree(get("/v5/market/time", ""));
        JsonNode result = body.path("result");
        String nanos = result.path("timeNano").asText("");
        if (!nanos.isEmpty()) {
            try {
                return Long.parseLong(nanos) / 1_000_000;
            } catch (NumberFormatException e) {
                throw new IOException("GET /v5/market/time: timeNano '" + nanos + "' is not a number");
            }
        }
        String seconds = result.path("timeSecond").asText("");
        try {
            return Long.parseLong(seconds) * 1_000;
        } catch (NumberFormatException e) {
            throw new IOException("GET /v5/market/time: no timeNano or timeSecond in " + body);
        }
    }

    @Override
    public long marketTime(String symbol) throws IOException {
        // two: the forming minute and the last closed one (a market that has not traded this minute has only the latter)
        String query = "category=linear&symbol=" + symbol + "&interval=1&limit=2";
        JsonNode body = JSON.readTree(get("/v5/market/kline", query));
        JsonNode first = body.path("result").path("list").path(0).path(0);
        try {
            return Long.parseLong(first.asText(""));
        } catch (NumberFormatException e) {
            throw new IOException("GET /v5/market/kline?" + query + ": no kline in the answer ("
                    + abbreviate(body.toString()) + ")");
        }
    }

    @Override
    public Page klines(String symbol, long start, long end, int limit) throws IOException {
        String query = "category=linear&symbol=" + symbol + "&interval=1&start=" + start + "&end=" + end + "&limit=" + limit;
        return new Page("GET /v5/market/kline?" + query, get("/v5/market/kline", query));
    }

    private String get(String path, String query) throws IOException {
        URI uri = base.resolve(path + (query.isEmpty() ? "" : "?" + query));
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && !r.body().contains("\"retCode\":10006")) {
                    return r.body();
                }
                last = "HTTP " + r.statusCode() + " " + abbreviate(r.body());
                if (r.statusCode() != 403 && r.statusCode() < 500 && !r.body().contains("\"retCode\":10006")) {
                    break;   // a client error will not heal by asking again
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("GET " + path + ": interrupted", e);
            }
            if (attempt < ATTEMPTS) {
                pause(pauseMs << (attempt - 1));
            }
        }
        throw new IOException("GET " + path + " failed: " + last);
    }

    private static void pause(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
