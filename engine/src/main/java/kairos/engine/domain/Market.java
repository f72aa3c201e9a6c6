package kairos.engine.domain;

import java.util.Locale;

/** Market of a series: USDT perpetual futures or spot. */
public enum Market {
    PERP, SPOT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Market parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "perp", "futures", "linear" -> PERP;
            case "spot" -> SPOT;
            default -> throw new IllegalArgumentException("unknown market '" + text + "' (expected perp or spot)");
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
