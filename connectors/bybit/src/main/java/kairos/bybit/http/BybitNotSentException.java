package kairos.bybit.http;

/**
 * The client did not send the call: the circuit breaker is open (routine calls are held back while Bybit fails),
 * or Bybit's rate limit or IP ban lasts longer than the client may wait. The call had no effect.
 */
public final class BybitNotSentException extends BybitException {
    public BybitNotSentException(String endpoint, String message) {
        super(endpoint, message, null);
    }
}
