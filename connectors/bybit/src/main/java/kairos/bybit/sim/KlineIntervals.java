package kairos.bybit.sim;

import java.util.List;

/** Bybit's kline intervals the simulator serves (minutes, and {@code D}); weeks and months are not served. */
final class KlineIntervals {
    static final List<String> ALL = List.of("1", "3", "5", "15", "30", "60", "120", "240", "360", "720", "D");

    private KlineIntervals() {
    }

    static boolean isValid(String interval) {
        return ALL.contains(interval);
    }

    static long millis(String interval) {
        return "D".equals(interval) ? 86_400_000L : Long.parseLong(interval) * 60_000L;
    }
}
