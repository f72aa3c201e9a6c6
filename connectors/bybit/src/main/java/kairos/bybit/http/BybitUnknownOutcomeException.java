package kairos.bybit.http;

/**
 * No usable answer came: a timeout, a reset connection, HTTP 5xx, a body that is not Bybit's, or a server-side
 * error code (10000, 10016). For a write the outcome is unknown — the order may rest on the book — and it is
 * resolved by querying it, never by assuming it absent.
 */
public final class BybitUnknownOutcomeException extends BybitException {
    public BybitUnknownOutcomeException(String endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
