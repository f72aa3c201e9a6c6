package kairos.engine.kernel;

import kairos.engine.execution.OrderManager;
import kairos.engine.execution.Portfolio;

/**
 * Everything of a trading kernel that must survive a {@code kill -9}: orders and fills, entry plans (stop, ladder,
 * trailing state), positions and the account, the equity peak, the day's opening equity, the pause in force, and
 * the ruleset running. Journaled after every event that changed it ({@link StateJournal}); market state
 * (features, Esper windows) is not kept: it warms up again from the data.
 *
 * @param time          event time of the last event handled
 * @param lastEventTime latest market event time seen (a resumed replay continues after it)
 */
public record KernelState(int version, long time, long lastEventTime, String rulesetHash, String modelVersion,
                          Risk risk, Portfolio.State portfolio, OrderManager.State orders) {

    public static final int VERSION = 1;

    /** The risk book: equity peak, the equity at 00:00 UTC of the current day, the pause in force. */
    public record Risk(double peakEquity, double dayStartEquity, long currentDay, long pausedUntil, String pauseReason) {
    }
}
