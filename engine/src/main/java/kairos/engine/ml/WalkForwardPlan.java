package kairos.engine.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * Rolling walk-forward windows (R18.1): train {@code trainDays}, test the following {@code testDays}, then move
 * both by {@code stepDays}. The first training window starts at the first bar; a fold is kept only when its whole
 * test window lies inside the data. Windows start on UTC midnights so fold boundaries read as dates.
 */
public record WalkForwardPlan(int trainDays, int testDays, int stepDays) {
    private static final long DAY = 86_400_000L;

    public WalkForwardPlan {
        if (trainDays < 1 || testDays < 1 || stepDays < 1) {
            throw new IllegalArgumentException("--train-days, --test-days and --step-days must be at least 1 (got "
                    + trainDays + ", " + testDays + ", " + stepDays + ")");
        }
    }

    /** The folds over data whose bars open in {@code [dataFrom, dataTo)}. */
    public List<Fold> folds(long dataFrom, long dataTo) {
        long start = Math.floorDiv(dataFrom + DAY - 1, DAY) * DAY;
        List<Fold> folds = new ArrayList<>();
        for (long s = start; ; s += stepDays * DAY) {
            long trainTo = s + trainDays * DAY;
            long testTo = trainTo + testDays * DAY;
            if (testTo > dataTo) {
                break;
            }
            folds.add(new Fold(folds.size(), s, trainTo, trainTo, testTo));
        }
        return folds;
    }
}
