package kairos.bybit.parsing;

/**
 * A Bybit payload that does not say what Kairos needs: not JSON, a required field missing, a number that is not
 * a number, a status Bybit does not document. The message names where (endpoint or topic), the field's path in the
 * payload and why, e.g. {@code GET /v5/order/realtime: result.list[0].price: 'abc' is not a decimal number}.
 */
public final class BybitPayloadException extends RuntimeException {
    public BybitPayloadException(String message) {
        super(message);
    }

    public BybitPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
