package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Returns per calendar period of the equity curve (UTC): each period from the previous period's closing equity (the
 * first from the initial equity) to its own closing equity, keyed by the period's first day — days, ISO weeks
 * (from Monday) and months. Equity points are stamped at bar closes, so the point at 00:00 closes the day before.
 */
final class PeriodReturns {
    private PeriodReturns() {
    }

    static Map<LocalDate, Double> daily(List<EquityPoint> equity, double initialEquity) {
        return of(equity, initialEquity, d -> d);
    }

    static Map<LocalDate, Double> weekly(List<EquityPoint> equity, double initialEquity) {
        return of(equity, initialEquity, d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    static Map<LocalDate, Double> monthly(List<EquityPoint> equity, double initialEquity) {
        return of(equity, initialEquity, d -> d.withDayOfMonth(1));
    }

    private static Map<LocalDate, Double> of(List<EquityPoint> equity, double initialEquity,
                                             Function<LocalDate, LocalDate> period) {
        Map<LocalDate, Double> close = new TreeMap<>();
        for (EquityPoint p : equity) {
            // equity points are stamped at bar closes: the close at 00:00 ends the day before
            LocalDate day = Instant.ofEpochMilli(p.time() - 1).atOffset(ZoneOffset.UTC).toLocalDate();
            close.put(period.apply(day), p.equity());
        }
        Map<LocalDate, Double> out = new LinkedHashMap<>();
        double previous = initialEquity;
        for (Map.Entry<LocalDate, Double> e : close.entrySet()) {
            out.put(e.getKey(), previous > 0 ? e.getValue() / previous - 1 : Double.NaN);
            previous = e.getValue();
        }
        return out;
    }
}
