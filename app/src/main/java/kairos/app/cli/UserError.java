package kairos.app.cli;

/** An error the user caused and can fix; printed without a stack trace, exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
