package kairos.engine.execution;

import java.util.Objects;
import kairos.engine.domain.Side;

/**
 * One closed position, as written to {@code trades.csv} and summed into the backtest metrics.
 *
 * <p>Partial exits are summed into one record: {@code qty} is the position's whole quantity and
 * {@code exitPrice} the quantity-weighted mean of its exit fills. {@code fees} are what the position
 * paid (always {@code >= 0}); {@code funding} is what it paid in funding, negative when it received
 * funding. {@code netPnl = grossPnl - fees - funding}, all in quote currency. Times are epoch
 * milliseconds UTC. A position still open when the data ends is closed at the last price with
 * {@code exitReason} {@code end_of_data}, so that the net P&amp;L of all records equals final minus
 * initial equity.
 *
 * @param entryRule   the rule that opened the position (grouping key of {@code per_rule}); may be empty
 * @param initialRisk   what the position stood to lose at its initial stop (qty × distance to the stop), quote
 *                      currency; NaN when unknown. One R: {@link #rMultiple()} is {@code netPnl / initialRisk}.
 * @param entryDecision id of the decision whose proposal opened the position ({@code decisions.jsonl}); empty
 *                      when no decision did (an unexpected fill)
 * @param exitDecision  id of the decision that closed it (a rule exit, a flatten), empty for orders resting on the
 *                      venue (stop, take-profit) and the end of data
 */
public record TradeRecord(
        String id,
        String symbol,
        Side side,
        String strategy,
        String entryRule,
        long entryTime,
        double entryPrice,
        long exitTime,
        double exitPrice,
        double qty,
        double grossPnl,
        double fees,
        double funding,
        double netPnl,
        String exitReason,
        double initialRisk,
        String entryDecision,
        String exitDecision) {

    /** Exit reason of a position closed because the replayed data ended. */
    public static final String END_OF_DATA = "end_of_data";

    /** Largest accepted gap between {@code netPnl} and {@code grossPnl - fees - funding}, relative. */
    private static final double NET_TOLERANCE = 1e-9;

    public TradeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(entryRule, "entryRule");
        Objects.requireNonNull(exitReason, "exitReason");
        entryDecision = entryDecision == null ? "" : entryDecision;
        exitDecision = exitDecision == null ? "" : exitDecision;
        requireFinite("entryPrice", entryPrice);
        requireFinite("exitPrice", exitPrice);
        requireFinite("qty", qty);
        requireFinite("grossPnl", grossPnl);
        requireFinite("fees", fees);
        requireFinite("funding", funding);
        requireFinite("netPnl", netPnl);
        if (exitTime < entryTime) {
            throw new IllegalArgumentException("trade " + id + ": exitTime " + exitTime
                    + " is before entryTime " + entryTime);
        }
        if (qty <= 0) {
            throw new IllegalArgumentException("trade " + id + ": qty must be > 0, got " + qty);
        }
        if (fees < 0) {
            throw new IllegalArgumentException("trade " + id + ": fees are paid and must be >= 0, got " + fees);
        }
        double expected = grossPnl - fees - funding;
        double scale = Math.max(1.0, Math.max(Math.abs(grossPnl), Math.abs(netPnl)));
        if (Math.abs(netPnl - expected) > NET_TOLERANCE * scale) {
            throw new IllegalArgumentException("trade " + id + ": netPnl " + netPnl
                    + " != grossPnl - fees - funding = " + expected);
        }
    }

    /** A record without decision ids. */
    public TradeRecord(String id, String symbol, Side side, String strategy, String entryRule, long entryTime,
            double entryPrice, long exitTime, double exitPrice, double qty, double grossPnl, double fees,
            double funding, double netPnl, String exitReason, double initialRisk) {
        this(id, symbol, side, strategy, entryRule, entryTime, entryPrice, exitTime, exitPrice, qty, grossPnl, fees,
                funding, netPnl, exitReason, initialRisk, "", "");
    }

    /** The same trade with the id of the decision that closed it. */
    public TradeRecord withExitDecision(String decisionId) {
        return new TradeRecord(id, symbol, side, strategy, entryRule, entryTime, entryPrice, exitTime, exitPrice, qty,
                grossPnl, fees, funding, netPnl, exitReason, initialRisk, entryDecision, decisionId);
    }

    /** A record without a known initial risk. */
    public TradeRecord(String id, String symbol, Side side, String strategy, String entryRule, long entryTime,
            double entryPrice, long exitTime, double exitPrice, double qty, double grossPnl, double fees,
            double funding, double netPnl, String exitReason) {
        this(id, symbol, side, strategy, entryRule, entryTime, entryPrice, exitTime, exitPrice, qty, grossPnl, fees,
                funding, netPnl, exitReason, Double.NaN);
    }

    /** Net P&amp;L in units of the initial risk; NaN when the initial risk is unknown or not positive. */
    public double rMultiple() {
        return initialRisk > 0 ? netPnl / initialRisk : Double.NaN;
    }

    /** Builds a record whose {@code netPnl} is derived as {@code grossPnl - fees - funding}. */
    public static TradeRecord of(String id, String symbol, Side side, String strategy, String entryRule,
            long entryTime, double entryPrice, long exitTime, double exitPrice, double qty,
            double grossPnl, double fees, double funding, String exitReason) {
        return new TradeRecord(id, symbol, side, strategy, entryRule, entryTime, entryPrice, exitTime,
                exitPrice, qty, grossPnl, fees, funding, grossPnl - fees - funding, exitReason);
    }

    /** How long the position was held, in minutes. */
    public double holdingMinutes() {
        return (exitTime - entryTime) / 60_000.0;
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
    }
}
