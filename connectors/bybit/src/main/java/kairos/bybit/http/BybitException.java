package kairos.bybit.http;

/**
 * A Bybit REST call that did not succeed. Three kinds, because they call for different reactions:
 * {@link BybitApiException} — Bybit answered and refused (the call had no effect, or the effect the answer
 * names); {@link BybitUnknownOutcomeException} — no usable answer (timeout, connection reset, HTTP 5xx, server
 * error code): a write may or may not have happened, so an order is never assumed absent; and
 * {@link BybitNotSentException} — the client did not send it (circuit open, rate-limit ban), so it had no effect.
 */
public abstract sealed class BybitException extends RuntimeException
        permits BybitApiException, BybitUnknownOutcomeException, BybitNotSentException {
    private final String endpoint;

    BybitException(String endpoint, String message, Throwable cause) {
        super(endpoint + ": " + message, cause);
        this.endpoint = endpoint;
    }

    /** Method and path, e.g. {@code POST /v5/order/create}. */
    public String endpoint() {
        return endpoint;
    }
}
