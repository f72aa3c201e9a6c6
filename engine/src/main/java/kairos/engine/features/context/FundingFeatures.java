package kairos.engine.features.context;

import java.util.ArrayDeque;

import kairos.engine.domain.FundingRate;
import kairos.engine.features.Columns;

/** Funding columns: the last settled rate known at the bar's close and the time to the next settlement. */
public final class FundingFeatures {
    private final long interval;
    private final ArrayDeque<FundingRate> pending = new ArrayDeque<>();
    private double rate = Double.NaN;

    public FundingFeatures(int intervalHours) {
        this.interval = intervalHours * 3_600_000L;
    }

    public void declare(Columns c) {
        c.scope("", 1, "funding");
        c.add("funding_rate", "the last settled funding rate (fraction) with settlement time <= the bar's close; NaN before the "
                + "first", "", 1);
        c.scope("", 1, "candles");
        c.add("funding_mins_to_next", "minutes from the bar's close to the next funding settlement (every "
                + interval / 3_600_000L + " h from 00:00 UTC)", "interval_h=" + interval / 3_600_000L, 1);
        c.add("funding_window_60", "1 when the next funding settlement is at most 60 minutes after the bar's close, else 0",
                "interval_h=" + interval / 3_600_000L + ",minutes=60", 1);
    }

    public void offer(FundingRate f) {
        pending.addLast(f);
    }

    public void update(long closeTime, double[] out, int o) {
        while (!pending.isEmpty() && pending.peekFirst().time() <= closeTime) {
            rate = pending.pollFirst().rate();
        }
        out[o++] = rate;
        long next = Math.floorDiv(closeTime, interval) * interval + interval;
        double mins = (next - closeTime) / 60_000.0;
        out[o++] = mins;
        out[o] = mins <= 60 ? 1 : 0;
    }
}
