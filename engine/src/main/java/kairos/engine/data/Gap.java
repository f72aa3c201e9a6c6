package kairos.engine.data;

import java.util.ArrayList;
import java.util.List;

import kairos.engine.domain.Timeframe;

/**
 * Missing bars inside a series: {@code from} is the open time of the first missing bar, {@code to} the open time
 * of the next bar that is present (exclusive), {@code missingBars = (to - from) / timeframe}. Gaps are reported,
 * never filled: a backtest must see the market as it was recorded.
 */
public record Gap(long from, long to, long missingBars) {

    /** Gaps in strictly ascending, aligned open times. */
    public static List<Gap> find(long[] openTimes, Timeframe timeframe) {
        List<Gap> gaps = new ArrayList<>();
        long step = timeframe.millis();
        for (int i = 1; i < openTimes.length; i++) {
            long expected = openTimes[i - 1] + step;
            if (openTimes[i] > expected) {
                gaps.add(new Gap(expected, openTimes[i], (openTimes[i] - expected) / step));
            }
        }
        return List.copyOf(gaps);
    }

    @Override
    public String toString() {
        return TextValues.iso(from) + " .. " + TextValues.iso(to) + " (" + missingBars + " missing bar"
                + (missingBars == 1 ? "" : "s") + ")";
    }
}
