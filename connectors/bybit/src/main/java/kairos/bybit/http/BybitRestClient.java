package kairos.bybit.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import kairos.bybit.parsing.BybitJson;
import kairos.bybit.parsing.BybitPayloadException;
import kairos.bybit.parsing.BybitServerTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit V5 REST transport (JDK {@link HttpClient}): signing, server time, rate limits, retries, timeouts and a
 * circuit breaker. The typed calls are in {@link BybitMarketApi} (public market data) and {@link BybitTradeApi}
 * (orders, positions, account); both go through here.
 *
 * <p><b>Signing.</b> A signed call carries {@code X-BAPI-API-KEY}, {@code X-BAPI-TIMESTAMP},
 * {@code X-BAPI-RECV-WINDOW} and {@code X-BAPI-SIGN} = hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow +
 * payload), where the payload is the query string exactly as sent (GET) or the raw JSON body exactly as sent
 * (POST). The timestamp is Bybit's time: the injected clock plus the offset measured by {@link #syncClock}
 * ({@code GET /v5/market/time}, offset = server time − midpoint of the round trip). A {@code 10002} answer (time
 * outside the receive window) re-measures the offset and retries once.
 *
 * <p><b>Rate limits.</b> Every answer's {@code X-Bapi-Limit-Status} / {@code X-Bapi-Limit-Reset-Timestamp} are
 * kept per endpoint: with none left, the next call waits for the reset before it goes. {@code 10006} blocks the
 * endpoint until the reset the answer names and retries; HTTP 403 (IP limit, "access too frequent") blocks every
 * endpoint until the named reset, else for {@link Settings#ipBanWait}. A wait longer than
 * {@link Settings#maxRateLimitWait} is not waited: the call fails with {@link BybitNotSentException}.
 *
 * <p><b>Retries.</b> Calls that Bybit provably did not execute (10002, 10006, 403, a refused connection) are
 * retried for every method. Calls without a usable answer (timeout, reset connection, HTTP 5xx, 10000/10016) are
 * retried with back-off only when idempotent: GETs. A POST without an answer throws
 * {@link BybitUnknownOutcomeException}: its outcome is resolved by the caller (an order by querying its
 * orderLinkId), never assumed. Every call has {@link Settings#timeout}.
 *
 * <p><b>Circuit breaker</b> (Resilience4j, on the injected clock): it counts calls without a usable answer and
 * opens when their share over the last {@link Settings#breakerWindow} calls reaches
 * {@link Settings#breakerFailureRate} (after {@link Settings#breakerMinimumCalls}). While it is open,
 * {@link Priority#ROUTINE} calls (new entries, market data, start-up) fail fast with {@link BybitNotSentException};
 * {@link Priority#PROTECTIVE} calls (stops, exits, cancels, order queries, reconciliation) always go out — a
 * position must stay protectable when Bybit is flaky — and their outcomes count. After
 * {@link Settings#breakerOpenWait} the next routine call is let through as a probe (half-open); successes close it.
 * {@link #health()} gives its state, the recent error rate and latency.
 *
 * <p>The wall clock is the injected {@link Clock}; waits go through the injected {@link Sleeper}. Thread-safe.
 */
public final class BybitRestClient {
    private static final Logger LOG = LoggerFactory.getLogger(BybitRestClient.class);
    static final String TIME_PATH = "/v5/market/time";

    /** Whether a call may be held back while the circuit breaker is open. */
    public enum Priority {
        /** New risk or nothing urgent: entries, market data, start-up checks. Refused while the breaker is open. */
        ROUTINE,
        /** Protects or resolves what exists: stops, exits, cancels, order queries, reconciliation. Always sent. */
        PROTECTIVE
    }

    /** How the client waits (rate-limit resets, retry back-off); tests pass one that advances their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Settings; {@link #defaults} gives Bybit's usual values, the {@code with…} methods change one.
     *
     * @param baseUrl            REST host ({@code bybit.rest_url} / {@code KAIROS_BYBIT_REST_URL})
     * @param recvWindow         how long after its timestamp Bybit accepts a signed call
     * @param timeout            per call, connect to last byte
     * @param maxAttempts        attempts per call for retryable failures (1 = no retry)
     * @param retryBackoff       first pause between attempts, doubled each time
     * @param maxRateLimitWait   longest wait for a rate-limit reset before failing the call instead
     * @param ipBanWait          how long an HTTP 403 without a reset time blocks calls (Bybit: at least 10 minutes)
     * @param breakerFailureRate share (0..1) of failed calls that opens the breaker
     * @param breakerWindow      calls the breaker looks at
     * @param breakerMinimumCalls calls before the breaker judges
     * @param breakerOpenWait    how long it stays open before a probe
     * @param statsWindow        calls behind {@link #health()}'s error rate and latency
     */
    public record Settings(URI baseUrl, Duration recvWindow, Duration timeout, int maxAttempts, Duration retryBackoff,
                           Duration maxRateLimitWait, Duration ipBanWait, double breakerFailureRate,
                           int breakerWindow, int breakerMinimumCalls, Duration breakerOpenWait, int statsWindow) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (maxAttempts < 1 || breakerWindow < 1 || breakerMinimumCalls < 1 || statsWindow < 1) {
                throw new IllegalArgumentException("attempts, breaker window, minimum calls and stats window must be >= 1");
            }
            if (!(breakerFailureRate > 0 && breakerFailureRate <= 1)) {
                throw new IllegalArgumentException("breakerFailureRate must be in (0, 1]: " + breakerFailureRate);
            }
        }

        public static Settings defaults(URI baseUrl) {
            return new Settings(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10), 3, Duration.ofMillis(250),
                    Duration.ofSeconds(5), Duration.ofMinutes(10), 0.5, 20, 10, Duration.ofSeconds(30), 100);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(baseUrl, recvWindow, t, maxAttempts, retryBackoff, maxRateLimitWait, ipBanWait,
                    breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenWait, statsWindow);
        }

        public Settings withRetries(int attempts, Duration backoff) {
            return new Settings(baseUrl, recvWindow, timeout, attempts, backoff, maxRateLimitWait, ipBanWait,
                    breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenWait, statsWindow);
        }

        public Settings withRateLimitWaits(Duration maxWait, Duration banWait) {
            return new Settings(baseUrl, recvWindow, timeout, maxAttempts, retryBackoff, maxWait, banWait,
                    breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenWait, statsWindow);
        }

        public Settings withBreaker(double failureRate, int window, int minimumCalls, Duration openWait) {
            return new Settings(baseUrl, recvWindow, timeout, maxAttempts, retryBackoff, maxRateLimitWait, ipBanWait,
                    failureRate, window, minimumCalls, openWait, statsWindow);
        }
    }

    private final Settings settings;
    private final BybitCredentials credentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final RateLimits limits = new RateLimits();
    private final CallStats stats;
    private final CircuitBreaker breaker;
    private volatile long offsetMs;

    /** A client that waits with {@link Thread#sleep}; {@code credentials} may be null for public calls only. */
    public BybitRestClient(Settings settings, BybitCredentials credentials, Clock clock) {
        this(settings, credentials, clock, d -> Thread.sleep(d.toMillis()));
    }

    public BybitRestClient(Settings settings, BybitCredentials credentials, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.credentials = credentials;
        this.clock = clock;
        this.sleeper = sleeper;
        this.stats = new CallStats(settings.statsWindow());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.breaker = CircuitBreaker.of("bybit-rest", CircuitBreakerConfig.custom()
                .clock(clock)
                .failureRateThreshold((float) (settings.breakerFailureRate() * 100))
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, settings.breakerMinimumCalls())))
                .build());
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Bybit REST circuit breaker: {}",
                e.getStateTransition()));
    }

    public Settings settings() {
        return settings;
    }

    /** Bybit's time now, by the injected clock and the measured offset (epoch ms). */
    public long serverTimeMillis() {
        return clock.millis() + offsetMs;
    }

    /** The measured offset of Bybit's clock from the injected one, ms (0 until {@link #syncClock}). */
    public long clockOffsetMillis() {
        return offsetMs;
    }

    /**
     * Measures the offset of Bybit's clock ({@code GET /v5/market/time}) and applies it to every signed call's
     * timestamp and the private stream's auth. Call it at start-up; a {@code 10002} answer calls it again.
     *
     * @return the offset, ms
     */
    public long syncClock() {
        long t0 = clock.millis();
        BybitReply reply = call("GET", TIME_PATH, Map.of(), false, Priority.PROTECTIVE, true, false);
        long t1 = clock.millis();
        long server = BybitJson.convert(reply.result(), BybitServerTime.class, "GET " + TIME_PATH, "result")
                .millis("GET " + TIME_PATH);
        offsetMs = server - (t0 + t1) / 2;
        if (Math.abs(offsetMs) > settings.recvWindow().toMillis() / 2) {
            LOG.warn("local clock is {} ms off Bybit's; signed calls use Bybit's time", offsetMs);
        }
        return offsetMs;
    }

    /** The health figures for the risk guard. */
    public RestHealth health() {
        return new RestHealth(breaker.getState().name(), stats.errorRate(), stats.meanLatencyMs(), stats.count(),
                offsetMs, maintenance, limits.headroom(serverTimeMillis()));
    }

    /** True from an HTTP 503 answer (Bybit's maintenance) until the next successful one. */
    private volatile boolean maintenance;

    /** An unsigned GET of public market data (routine, retried). */
    public BybitReply publicGet(String path, Map<String, String> params) {
        return call("GET", path, params, false, Priority.ROUTINE, true, false);
    }

    /** A signed GET (retried: reads are idempotent). */
    public BybitReply get(String path, Map<String, String> params, Priority priority) {
        return call("GET", path, params, true, priority, true, false);
    }

    /**
     * A signed POST with a JSON body (keys in the order given; null values left out). Not retried once it may
     * have reached Bybit: without an answer it throws {@link BybitUnknownOutcomeException}.
     */
    public BybitReply post(String path, Map<String, ?> body, Priority priority) {
        return call("POST", path, body, true, priority, false, true);
    }

    private BybitReply call(String method, String path, Map<String, ?> params, boolean signed, Priority priority,
                            boolean idempotent, boolean jsonBody) {
        String endpoint = method + " " + path;
        if (signed && credentials == null) {
            throw new IllegalStateException(endpoint + " needs API keys; this client has none ("
                    + BybitCredentials.KEY_VARIABLE + " / " + BybitCredentials.SECRET_VARIABLE + ")");
        }
        String payload = jsonBody ? json(endpoint, params) : query(params);
        boolean resynced = false;
        int attempt = 0;
        while (true) {
            attempt++;
            awaitRateLimit(endpoint);
            boolean permitted = breaker.tryAcquirePermission();
            if (!permitted && priority == Priority.ROUTINE) {
                throw new BybitNotSentException(endpoint, "circuit breaker " + breaker.getState()
                        + " after repeated failures (error rate " + percent(stats.errorRate())
                        + "); routine calls are held back for up to " + settings.breakerOpenWait().toSeconds() + " s");
            }
            Outcome outcome;
            try {
                outcome = exchange(method, path, endpoint, payload, signed);
            } catch (RuntimeException e) {
                if (permitted) {
                    breaker.releasePermission();
                }
                throw e;
            }
            record(outcome, permitted);
            switch (outcome.kind) {
                case OK -> {
                    return outcome.reply;
                }
                case CLOCK_SKEW -> {
                    if (resynced) {
                        throw outcome.apiError;
                    }
                    resynced = true;
                    attempt--;
                    LOG.warn("{}: retCode 10002 (timestamp outside recv window); re-measuring Bybit's time", endpoint);
                    syncClock();
                }
                case REFUSED -> throw outcome.apiError;
                case NOT_EXECUTED, UNANSWERED -> {
                    boolean retry = outcome.kind == Outcome.Kind.NOT_EXECUTED || idempotent;
                    if (!retry || attempt >= settings.maxAttempts()) {
                        if (outcome.kind == Outcome.Kind.UNANSWERED) {
                            throw new BybitUnknownOutcomeException(endpoint, outcome.detail + (attempt > 1
                                    ? " (after " + attempt + " attempts)" : ""), outcome.cause);
                        }
                        throw outcome.apiError != null ? outcome.apiError
                                : new BybitNotSentException(endpoint, outcome.detail + " after " + attempt + " attempts");
                    }
                    if (outcome.kind == Outcome.Kind.UNANSWERED) {
                        pause(endpoint, settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10)));
                    }
                    LOG.info("{}: {}; attempt {} of {}", endpoint, outcome.detail, attempt + 1, settings.maxAttempts());
                }
            }
        }
    }

    /** What one attempt came to. */
    private record Outcome(Kind kind, BybitReply reply, BybitApiException apiError, String detail, Throwable cause,
                           long latencyMs) {
        enum Kind {
            /** retCode 0. */
            OK,
            /** 10002: the timestamp is off; not executed. */
            CLOCK_SKEW,
            /** Bybit refused it (a definite answer). */
            REFUSED,
            /** Provably not executed (rate limit, IP ban, connection refused): safe to send again. */
            NOT_EXECUTED,
            /** No usable answer: may or may not have been executed. */
            UNANSWERED
        }
    }

    private Outcome exchange(String method, String path, String endpoint, String payload, boolean signed) {
        boolean get = method.equals("GET");
        URI uri = URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + path
                + (get && !payload.isEmpty() ? "?" + payload : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        if (signed) {
            String timestamp = Long.toString(serverTimeMillis());
            String recvWindow = Long.toString(settings.recvWindow().toMillis());
            request.header("X-BAPI-API-KEY", credentials.apiKey())
                    .header("X-BAPI-TIMESTAMP", timestamp)
                    .header("X-BAPI-RECV-WINDOW", recvWindow)
                    .header("X-BAPI-SIGN", credentials.sign(timestamp + credentials.apiKey() + recvWindow + payload));
        }
        if (get) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload));
        }
        limits.sent(endpoint);
        long start = clock.millis();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Outcome(Outcome.Kind.NOT_EXECUTED, null, null, "cannot connect to " + settings.baseUrl()
                    + " (" + message(e) + ")", e, clock.millis() - start);
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.UNANSWERED, null, null, "no answer (" + message(e) + ")", e,
                    clock.millis() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.UNANSWERED, null, null, "interrupted while waiting for the answer", e,
                    clock.millis() - start);
        }
        long latency = clock.millis() - start;
        HttpHeaders headers = response.headers();
        long now = serverTimeMillis();
        limits.observe(endpoint, headers, now);
        int status = response.statusCode();
        if (status == 403) {
            long reset = RateLimits.number(headers, RateLimits.RESET).orElse(0);
            long until = reset > now ? reset : now + settings.ipBanWait().toMillis();
            String why = "HTTP 403 (Bybit's IP rate limit, 'access too frequent' — or an IP Bybit does not serve)";
            limits.ban(until, why);
            return new Outcome(Outcome.Kind.NOT_EXECUTED, null, null, why + "; calls wait until "
                    + Instant.ofEpochMilli(until), null, latency);
        }
        if (status == 429) {
            limits.limited(endpoint, headers, now);
            return new Outcome(Outcome.Kind.NOT_EXECUTED, null, null, "HTTP 429 (system frequency protection)",
                    null, latency);
        }
        if (status == 503) {
            maintenance = true;   // Bybit answers 503 while it is under maintenance; the next good answer clears it
        }
        if (status >= 500) {
            return new Outcome(Outcome.Kind.UNANSWERED, null, null, "HTTP " + status + " "
                    + BybitJsonText.abbreviate(response.body()), null, latency);
        }
        JsonNode root;
        try {
            root = BybitJson.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("retCode")) {
            if (status != 200) {
                return new Outcome(Outcome.Kind.REFUSED, null, new BybitApiException(endpoint, status, 0,
                        BybitJsonText.abbreviate(response.body())), "HTTP " + status, null, latency);
            }
            return new Outcome(Outcome.Kind.UNANSWERED, null, null, "HTTP 200 without a Bybit V5 body: '"
                    + BybitJsonText.abbreviate(response.body()) + "'", null, latency);
        }
        int retCode = root.path("retCode").asInt(-1);
        String retMsg = root.path("retMsg").asText("");
        long time = root.path("time").asLong(now);
        if (retCode == 0 && status == 200) {
            maintenance = false;
            return new Outcome(Outcome.Kind.OK, new BybitReply(endpoint, root.path("result"), time), null, "", null,
                    latency);
        }
        BybitApiException error = new BybitApiException(endpoint, status, retCode, retMsg);
        return switch (retCode) {
            case 10002 -> new Outcome(Outcome.Kind.CLOCK_SKEW, null, error, error.getMessage(), null, latency);
            case 10006, 10018, 10429 -> {
                limits.limited(endpoint, headers, now);
                yield new Outcome(Outcome.Kind.NOT_EXECUTED, null, error, "retCode " + retCode + " (" + retMsg
                        + "); waiting for the rate-limit reset", null, latency);
            }
            case 10000, 10016 -> new Outcome(Outcome.Kind.UNANSWERED, null, null, "retCode " + retCode + " ("
                    + retMsg + ", Bybit server error)", null, latency);
            default -> new Outcome(Outcome.Kind.REFUSED, null, error, error.getMessage(), null, latency);
        };
    }

    private void record(Outcome outcome, boolean permitted) {
        boolean failure = outcome.kind == Outcome.Kind.UNANSWERED;
        stats.record(failure || outcome.kind == Outcome.Kind.NOT_EXECUTED, outcome.latencyMs);
        long nanos = TimeUnit.MILLISECONDS.toNanos(outcome.latencyMs);
        if (failure) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, outcome.cause != null ? outcome.cause
                    : new IOException(outcome.detail));
        } else if (outcome.kind == Outcome.Kind.NOT_EXECUTED) {
            if (permitted) {
                breaker.releasePermission();   // a rate limit says nothing about Bybit's health
            }
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void awaitRateLimit(String endpoint) {
        StringBuilder why = new StringBuilder();
        long until = limits.blockedUntil(endpoint, serverTimeMillis(), why);
        if (until == 0) {
            return;
        }
        long wait = until - serverTimeMillis();
        if (wait > settings.maxRateLimitWait().toMillis()) {
            throw new BybitNotSentException(endpoint, "rate limited until " + Instant.ofEpochMilli(until) + " ("
                    + why + "); not sent");
        }
        pause(endpoint, Duration.ofMillis(wait));
    }

    private void pause(String endpoint, Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BybitNotSentException(endpoint, "interrupted while waiting " + d.toMillis() + " ms to send");
        }
    }

    /**
     * The query string as sent and signed: parameters in the order given, values URL-encoded — except
     * {@code cursor}, which Bybit hands out already encoded and wants back as it came.
     */
    static String query(Map<String, ?> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v != null) {
                String text = v.toString();
                parts.add(k + "=" + (k.equals("cursor") ? text : URLEncoder.encode(text, StandardCharsets.UTF_8)));
            }
        });
        return String.join("&", parts);
    }

    private static String json(String endpoint, Map<String, ?> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        try {
            return BybitJson.MAPPER.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new BybitPayloadException(endpoint + ": body cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }

    /** Short text of a body for messages. */
    private static final class BybitJsonText {
        static String abbreviate(String body) {
            String t = body == null ? "" : body.strip().replaceAll("\\s+", " ");
            return t.length() <= 200 ? t : t.substring(0, 200) + "...";
        }
    }
}
