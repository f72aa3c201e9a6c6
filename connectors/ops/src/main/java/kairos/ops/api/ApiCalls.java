package kairos.ops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every control-API route does the same way: the bearer-token check (constant time; the token is never
 * logged or echoed), JSON answers, 400 naming the field of a bad body, and waiting for the kernel (503 when it
 * does not answer in time). Routes plugged in through {@link ControlApi#start(ControlApi.Settings,
 * kairos.engine.kernel.TradingControl, ConfigAccess, java.util.List)} use it to answer like the built-in ones.
 */
public final class ApiCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ApiCalls.class);

    /** An answer other than 200, thrown out of a handler: {@link #guarded} replies with it. */
    public static final class Answer extends RuntimeException {
        final int code;
        final transient ObjectNode body;

        public Answer(int code, ObjectNode body) {
            super(body.path("error").asText(), null, false, false);
            this.code = code;
            this.body = body;
        }

        /** 400 naming the field of the body that is wrong. */
        public static Answer badField(String field, String message) {
            return new Answer(400, error(field + ": " + message).put("field", field));
        }

        public static Answer notFound(String message) {
            return new Answer(404, error(message));
        }
    }

    /** What a route answers with 200 (or throws an {@link Answer}). */
    @FunctionalInterface
    public interface Handler {
        ObjectNode handle(Exchange exchange) throws Exception;
    }

    /** What a route answers with 200 as JSON text already rendered (or throws an {@link Answer}). */
    @FunctionalInterface
    public interface TextHandler {
        String handle(Exchange exchange) throws Exception;
    }

    private final ApiToken token;
    private final long kernelTimeoutMs;

    ApiCalls(String token, long kernelTimeoutMs) {
        this.token = ApiToken.of(token);
        this.kernelTimeoutMs = kernelTimeoutMs;
    }

    /** A processor that checks the token, runs {@code handler} and replies; any failure is a JSON answer, never a trace. */
    public Processor guarded(Handler handler) {
        return guardedText(ex -> handler.handle(ex).toString());
    }

    /** {@link #guarded} for a handler that renders its JSON itself (e.g. one text shared by many requests). */
    public Processor guardedText(TextHandler handler) {
        return ex -> {
            if (authorized(ex)) {
                answer(ex, handler);
            }
        };
    }

    /** A processor without the token check (only {@code /health} and static pages). */
    public Processor open(Handler handler) {
        return ex -> answer(ex, e -> handler.handle(e).toString());
    }

    private static void answer(Exchange ex, TextHandler handler) {
        try {
            reply(ex, 200, handler.handle(ex));
        } catch (Answer a) {
            reply(ex, a.code, a.body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 503, error("interrupted"));
        } catch (Exception | Error e) {
            // the request's headers (the token) are never logged: only the route and the failure
            LOG.warn("control API: {} {} failed: {}", ex.getIn().getHeader(Exchange.HTTP_METHOD),
                    ex.getIn().getHeader(Exchange.HTTP_PATH), e.toString());
            reply(ex, 500, error("the request failed: " + rootMessage(e)));
        }
    }

    /** Whether the request carries the token; replies 401 when it does not. */
    public boolean authorized(Exchange ex) {
        boolean ok = token.bearer(ex.getIn().getHeader("Authorization", String.class));
        if (!ok) {
            ex.getMessage().setHeader("WWW-Authenticate", "Bearer");
            reply(ex, 401, error(token.refusal()));
        }
        return ok;
    }

    /** The kernel's answer; 503 when it does not come in time, 404 for {@link NoSuchElementException}. */
    public <T> T await(CompletableFuture<T> future) throws InterruptedException {
        return await(future, kernelTimeoutMs);
    }

    public <T> T await(CompletableFuture<T> future, long timeoutMs) throws InterruptedException {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Answer(503, error("the kernel did not answer within " + timeoutMs + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchElementException n) {
                throw Answer.notFound(n.getMessage());
            }
            throw new Answer(500, error("the kernel failed: " + rootMessage(e)));
        }
    }

    /**
     * The request body as a JSON object; an absent or empty body is an empty object when {@code optional}, else a
     * 400 ({@code field} "body"). Anything but an object is a 400.
     */
    public static ObjectNode jsonBody(Exchange ex, boolean optional) {
        String text = ex.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            if (optional) {
                return JSON.createObjectNode();
            }
            throw Answer.badField("body", "a JSON object is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw Answer.badField("body", "not valid JSON: " + oneLine(e.getMessage()));
        }
        if (!(node instanceof ObjectNode o)) {
            throw Answer.badField("body", "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return o;
    }

    /** An optional text field: absent or null gives {@code fallback}; another type is a 400. */
    public static String text(ObjectNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw Answer.badField(field, "expected a text, got " + v.getNodeType().name().toLowerCase());
        }
        return v.asText();
    }

    /** Refuses a key of {@code body} outside {@code known} (400 naming it). */
    public static void onlyKeys(ObjectNode body, java.util.Collection<String> known) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw Answer.badField(k, "unknown field (known: " + String.join(", ", known) + ")");
            }
        }
    }

    public static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    public static void reply(Exchange ex, int code, ObjectNode body) {
        reply(ex, code, body.toString());
    }

    private static void reply(Exchange ex, int code, String json) {
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ex.getMessage().setBody(json);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").replaceAll(" at \\[Source.*$", "").trim();
    }
}
