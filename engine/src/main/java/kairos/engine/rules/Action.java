package kairos.engine.rules;

/**
 * Rule output: something the kernel must do now, whatever the entries. {@code symbol} null means every symbol.
 * <ul>
 *   <li>{@code PAUSE}: no new entries until {@code until} (epoch ms; {@link Long#MAX_VALUE} = until an operator resumes);</li>
 *   <li>{@code FLATTEN}: close positions at market; {@code CANCEL_ALL}: cancel resting orders;</li>
 *   <li>{@code REDUCE}: close {@code fraction} of the position at market;</li>
 *   <li>{@code ALERT}: notify the operator with {@code alertType} (e.g. EXTREME_MOVEMENT).</li>
 * </ul>
 */
public final class Action {
    public enum Type { PAUSE, FLATTEN, CANCEL_ALL, REDUCE, ALERT }

    private final Type type;
    private final String symbol;
    private final long until;
    private final double fraction;
    private final String alertType;
    private final String reason;
    private String rule;

    private Action(Type type, String symbol, long until, double fraction, String alertType, String reason) {
        this.type = type;
        this.symbol = symbol;
        this.until = until;
        this.fraction = fraction;
        this.alertType = alertType;
        this.reason = reason;
    }

    public static Action pauseUntil(long until, String reason) {
        return new Action(Type.PAUSE, null, until, 0, null, reason);
    }

    /** Pause for {@code minutes} after {@code now} (the decision time). */
    public static Action pauseFor(long now, double minutes, String reason) {
        return pauseUntil(now + Math.round(minutes * 60_000), reason);
    }

    /** Pause until an operator resumes trading (manual review). */
    public static Action halt(String reason) {
        return pauseUntil(Long.MAX_VALUE, reason);
    }

    public static Action flatten(String symbol, String reason) {
        return new Action(Type.FLATTEN, symbol, 0, 1, null, reason);
    }

    public static Action cancelAll(String symbol, String reason) {
        return new Action(Type.CANCEL_ALL, symbol, 0, 0, null, reason);
    }

    public static Action reduce(String symbol, double fraction, String reason) {
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("reduce fraction must be in (0, 1], got " + fraction);
        }
        return new Action(Type.REDUCE, symbol, 0, fraction, null, reason);
    }

    public static Action alert(String alertType, String reason) {
        return new Action(Type.ALERT, null, 0, 0, alertType, reason);
    }

    public Type getType() { return type; }
    public String getSymbol() { return symbol; }
    public long getUntil() { return until; }
    public double getFraction() { return fraction; }
    public String getAlertType() { return alertType; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }

    void setRule(String rule) {
        this.rule = rule;
    }
}
