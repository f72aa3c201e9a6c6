package kairos.engine.ml;

import java.util.Arrays;

/**
 * Which labelled rows a fold may use, with purging and an embargo (de Prado, ch. 7): a training row is kept only
 * when the last bar its label reads closes at least {@code embargoMillis} before the window it must not see
 * begins. Training rows are split in time order into a fitting part and a validation part (the last
 * {@code validationFraction} of the training window) for early stopping and calibration; the fitting part is
 * purged against the validation window, the validation part against the test window. Test rows are only those
 * opening inside the test window; nothing in the test window reaches training.
 *
 * @param fit        rows the models are fitted on
 * @param validation rows for early stopping and probability calibration
 * @param test       rows scored out of sample
 */
public record PurgedSplit(int[] fit, int[] validation, int[] test) {

    /**
     * @param openTimes  bar open time of every row (ascending)
     * @param labels     the rows' labels (for {@link Labels#known} and {@link Labels#labelEnd})
     */
    public static PurgedSplit of(long[] openTimes, Labels labels, Fold fold, double validationFraction,
                                 long embargoMillis) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1): " + validationFraction);
        }
        long span = fold.trainTo() - fold.trainFrom();
        long validFrom = fold.trainTo() - Math.round(span * validationFraction);
        int[] fit = new int[openTimes.length];
        int[] val = new int[openTimes.length];
        int[] test = new int[openTimes.length];
        int nf = 0;
        int nv = 0;
        int nt = 0;
        for (int i = 0; i < openTimes.length; i++) {
            long t = openTimes[i];
            if (!labels.known(i)) {
                continue;
            }
            long end = labels.labelEnd(i);
            if (t >= fold.trainFrom() && t < validFrom && end <= validFrom - embargoMillis) {
                fit[nf++] = i;
            } else if (t >= validFrom && t < fold.trainTo() && end <= fold.testFrom() - embargoMillis) {
                val[nv++] = i;
            } else if (t >= fold.testFrom() && t < fold.testTo()) {
                test[nt++] = i;
            }
        }
        return new PurgedSplit(Arrays.copyOf(fit, nf), Arrays.copyOf(val, nv), Arrays.copyOf(test, nt));
    }
}
