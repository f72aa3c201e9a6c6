package kairos.engine.execution;

/**
 * The time stop (R6.8): a position that has not reached its first take-profit within {@code timeStopMinutes} of
 * its entry is closed at the next strategy bar close. 0 minutes turns it off.
 */
final class TimeStop {
    private TimeStop() {
    }

    static boolean due(Plan plan, Portfolio.Position position, ExecutionPolicy policy, long now) {
        return policy.timeStopMinutes() > 0 && !plan.tp1Hit
                && now - position.entryTime() >= policy.timeStopMinutes() * 60_000;
    }
}
