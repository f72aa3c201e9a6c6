package kairos.engine.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing and printing of the numbers and times found in market-data text files. */
public final class TextValues {

    private TextValues() {
    }

    /**
     * Parses a decimal number; {@code NaN} and {@code Infinity} are returned as such so that validation can name
     * them.
     *
     * @throws IllegalArgumentException with a short reason when the text is empty or not a number
     */
    public static double decimal(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        char last = t.charAt(t.length() - 1);
        if (Character.isLetter(last) && !t.endsWith("NaN") && !t.endsWith("Infinity")) {
            throw new IllegalArgumentException("'" + t + "' is not a number");
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a number");
        }
    }

    /**
     * Parses a time: ISO-8601 UTC ({@code 2025-01-01T00:00:00Z}) or epoch milliseconds.
     *
     * @throws IllegalArgumentException with a short reason when it is neither
     */
    public static long timestamp(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (t.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is too large for epoch milliseconds");
            }
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + t
                    + "' is neither an ISO-8601 UTC time like 2025-01-01T00:00:00Z nor epoch milliseconds");
        }
    }

    /** ISO-8601 UTC form of an epoch-millisecond time, e.g. {@code 2025-01-01T00:05:00Z}. */
    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * The shortest decimal that reads back as exactly {@code value}, without exponent ({@code 17071}, not
     * {@code 17071.0}; {@code 0.0001}, not {@code 1.0E-4}).
     */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot print " + value + " as a decimal");
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
