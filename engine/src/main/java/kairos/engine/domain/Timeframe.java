package kairos.engine.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Candle timeframes Kairos stores, resamples and trades on. Bars are aligned to UTC boundaries. */
public enum Timeframe {
    M1("1m", 60_000L),
    M3("3m", 180_000L),
    M5("5m", 300_000L),
    M15("15m", 900_000L),
    M30("30m", 1_800_000L),
    H1("1h", 3_600_000L),
    H4("4h", 14_400_000L),
    H8("8h", 28_800_000L),
    D1("1d", 86_400_000L);

    private final String label;
    private final long millis;

    Timeframe(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    public String label() {
        return label;
    }

    public long millis() {
        return millis;
    }

    /** Open time of the bar of this timeframe that contains {@code epochMillis} (UTC-aligned). */
    public long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    /** True when bars of {@code finer} can be aggregated exactly into bars of this timeframe. */
    public boolean isMultipleOf(Timeframe finer) {
        return millis >= finer.millis && millis % finer.millis == 0;
    }

    public static Timeframe parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Timeframe tf : values()) {
            if (tf.label.equals(t)) {
                return tf;
            }
        }
        throw new IllegalArgumentException("unknown timeframe '" + text + "' (expected one of "
                + Arrays.stream(values()).map(Timeframe::label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
