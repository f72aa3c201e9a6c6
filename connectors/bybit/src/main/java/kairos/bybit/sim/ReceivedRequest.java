package kairos.bybit.sim;

import java.util.List;
import java.util.Map;

/**
 * One REST request as the simulator received it and how it answered: HTTP status and {@code retCode}, or
 * {@code httpStatus} 0 when a fault left it unanswered. Header names are lower case. The time is exchange time.
 */
public record ReceivedRequest(long time, String method, String path, String rawQuery, String body,
                              Map<String, List<String>> headers, int httpStatus, int retCode) {

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
