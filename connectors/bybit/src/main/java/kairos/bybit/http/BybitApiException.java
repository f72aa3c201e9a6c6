package kairos.bybit.http;

/**
 * Bybit answered with a non-zero {@code retCode} (or an HTTP 4xx other than 403): a definite refusal. The
 * message reads {@code POST /v5/order/create: retCode 110007 (Available balance is insufficient)}.
 */
public final class BybitApiException extends BybitException {
    /** Order does not exist (or is too late to cancel or amend). */
    public static final int ORDER_NOT_FOUND = 110001;
    /** The orderLinkId is taken: the order was placed before. */
    public static final int DUPLICATE_LINK_ID = 110072;
    /** Position mode not modified: it already is what was asked. */
    public static final int POSITION_MODE_NOT_MODIFIED = 110025;
    /** Leverage not modified: it already is what was asked. */
    public static final int LEVERAGE_NOT_MODIFIED = 110043;

    private final int retCode;
    private final String retMsg;
    private final int httpStatus;

    public BybitApiException(String endpoint, int httpStatus, int retCode, String retMsg) {
        super(endpoint, (retCode != 0 ? "retCode " + retCode : "HTTP " + httpStatus) + " (" + retMsg + ")", null);
        this.retCode = retCode;
        this.retMsg = retMsg;
        this.httpStatus = httpStatus;
    }

    public int retCode() {
        return retCode;
    }

    public String retMsg() {
        return retMsg;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
