package kairos.engine.data;

import java.util.List;
import java.util.Locale;

import kairos.engine.domain.Bar;

/**
 * Values that parse and pass {@link RowValidator} but make no physical sense for a USDT perpetual, refused on import
 * unless forced: a funding rate above {@value #MAX_FUNDING_RATE} per interval (exchanges cap it far lower; a
 * percentage written as a fraction, 0.01 for 0.01%, is the usual cause) and a close more than
 * {@value #MAX_CLOSE_JUMP} away from the previous bar's close (a unit, symbol or column mix-up, or a bad tick).
 * Zero and negative prices are {@link RowValidator}'s business and can never be forced.
 */
final class Plausibility {
    static final double MAX_FUNDING_RATE = 0.05;
    static final double MAX_CLOSE_JUMP = 0.5;
    private static final String FORCE = "; pass --force to import it anyway";

    private Plausibility() {
    }

    /** One message per implausible row of a parsed file, {@code file:line: ...}. */
    static void check(ParsedFile parsed, List<String> errors) {
        switch (parsed) {
            case ParsedCandles c -> {
                List<CandleRow> rows = c.rows();
                for (int i = 1; i < rows.size(); i++) {
                    Bar previous = rows.get(i - 1).bar();
                    Bar bar = rows.get(i).bar();
                    double jump = bar.close() / previous.close() - 1;
                    if (Math.abs(jump) > MAX_CLOSE_JUMP) {
                        errors.add(c.location(rows.get(i).row()) + ": close " + TextValues.plain(bar.close()) + " is "
                                + String.format(Locale.ROOT, "%.0f%%", 100 * Math.abs(jump)) + (jump > 0 ? " above" : " below")
                                + " the previous bar's close " + TextValues.plain(previous.close()) + " ("
                                + c.location(rows.get(i - 1).row()) + "), more than the "
                                + String.format(Locale.ROOT, "%.0f%%", 100 * MAX_CLOSE_JUMP) + " a real market moves in one bar"
                                + " (a unit, symbol or column mix-up?)" + FORCE);
                    }
                }
            }
            case ParsedFunding f -> {
                for (FundingRow row : f.rows()) {
                    double rate = row.funding().rate();
                    if (Math.abs(rate) > MAX_FUNDING_RATE) {
                        errors.add(f.location(row.row()) + ": funding rate " + TextValues.plain(rate) + " is "
                                + String.format(Locale.ROOT, "%.1f%%", 100 * rate) + " per interval, beyond the "
                                + String.format(Locale.ROOT, "%.0f%%", 100 * MAX_FUNDING_RATE) + " any exchange allows; rates"
                                + " are fractions (0.0001 is 0.01%)" + FORCE);
                    }
                }
            }
        }
    }
}
