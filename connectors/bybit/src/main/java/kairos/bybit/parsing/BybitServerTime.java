package kairos.bybit.parsing;

/** Bybit's clock ({@code /v5/market/time}): seconds and nanoseconds since the epoch. */
public record BybitServerTime(Long timeSecond, Long timeNano) {

    /** Server time in epoch milliseconds, from the nanoseconds when given. */
    public long millis(String where) {
        if (timeNano != null) {
            return timeNano / 1_000_000L;
        }
        return BybitJson.required(timeSecond, where, "timeSecond") * 1000L;
    }
}
