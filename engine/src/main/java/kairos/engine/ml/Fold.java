package kairos.engine.ml;

import java.time.Instant;

/**
 * One walk-forward fold: the model learns from bars opening in {@code [trainFrom, trainTo)} and is judged on bars
 * opening in {@code [testFrom, testTo)}, with {@code trainTo <= testFrom}. Ends are exclusive, like {@code --to}.
 */
public record Fold(int index, long trainFrom, long trainTo, long testFrom, long testTo) {

    public Fold {
        if (!(trainFrom < trainTo && trainTo <= testFrom && testFrom < testTo)) {
            throw new IllegalArgumentException("fold windows out of order: train " + iso(trainFrom) + " .. "
                    + iso(trainTo) + ", test " + iso(testFrom) + " .. " + iso(testTo));
        }
    }

    static String iso(long t) {
        return Instant.ofEpochMilli(t).toString();
    }

    @Override
    public String toString() {
        return "fold " + index + ": train " + iso(trainFrom) + " .. " + iso(trainTo) + ", test " + iso(testFrom)
                + " .. " + iso(testTo);
    }
}
