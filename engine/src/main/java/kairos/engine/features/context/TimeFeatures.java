package kairos.engine.features.context;

import kairos.engine.features.BarHistory;
import kairos.engine.features.Columns;

/** Calendar and session columns of the base bar, plus the 30-minute range and the distance to a round number. */
public final class TimeFeatures {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private int rangeBars;

    public void declare(Columns c, long baseMillis) {
        rangeBars = (int) Math.max(1, 30 * 60_000L / baseMillis);
        c.add("hour_utc", "hour of the bar's open, UTC (0-23)", "", 1);
        c.add("dow_utc", "day of the week of the bar's open, UTC: 0 Monday .. 6 Sunday", "", 1);
        c.add("session_asia", "1 when the bar opens in the Asia session 01:00-09:00 UTC, else 0", "from=01,to=09", 1);
        c.add("session_europe", "1 when the bar opens in the Europe session 07:00-16:00 UTC, else 0", "from=07,to=16", 1);
        c.add("session_us", "1 when the bar opens in the US session 13:00-22:00 UTC, else 0", "from=13,to=22", 1);
        c.add("overlap_asia_europe", "1 in the Asia/Europe overlap 07:00-09:00 UTC, else 0", "from=07,to=09", 1);
        c.add("overlap_europe_us", "1 in the Europe/US overlap 13:00-16:00 UTC, else 0", "from=13,to=16", 1);
        c.add("mins_to_hour_close", "minutes from the bar's close to the next full hour (0 when it closes on the hour)", "", 1);
        c.add("range_30m", "consolidation: highest high - lowest low of the base bars of the last 30 minutes",
                "bars=" + rangeBars, rangeBars);
        c.add("dist_round", "distance from close to the nearest round number (a multiple of 10^(floor(log10 close) - 1)), "
                + "in % of close", "", 1);
    }

    public void update(BarHistory b, double[] out, int o) {
        long t = b.time(0);
        long close = t + b.timeframe().millis();
        int hour = (int) (Math.floorMod(t, DAY) / HOUR);
        out[o++] = hour;
        out[o++] = Math.floorMod(Math.floorDiv(t, DAY) + 3, 7);
        boolean asia = hour >= 1 && hour < 9;
        boolean europe = hour >= 7 && hour < 16;
        boolean us = hour >= 13 && hour < 22;
        out[o++] = asia ? 1 : 0;
        out[o++] = europe ? 1 : 0;
        out[o++] = us ? 1 : 0;
        out[o++] = asia && europe ? 1 : 0;
        out[o++] = europe && us ? 1 : 0;
        out[o++] = Math.floorMod(-close, HOUR) / 60_000.0;
        out[o++] = b.count() >= rangeBars ? b.highest(rangeBars) - b.lowest(rangeBars) : Double.NaN;
        double c = b.close(0);
        if (c > 0) {
            double step = Math.pow(10, Math.floor(Math.log10(c)) - 1);
            double nearest = Math.rint(c / step) * step;
            out[o] = Math.abs(c - nearest) / c * 100;
        } else {
            out[o] = Double.NaN;
        }
    }
}
