package kairos.bybit.sim;

/**
 * A request the exchange refuses: Bybit's {@code retCode} and a {@code retMsg} that names the parameter at fault.
 * Thrown before any state changes, so a refused request leaves the simulated account as it was.
 */
final class BybitError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int retCode;

    BybitError(int retCode, String retMsg) {
        super(retMsg, null, false, false);
        this.retCode = retCode;
    }

    static BybitError params(String message) {
        return new BybitError(10001, message);
    }
}
