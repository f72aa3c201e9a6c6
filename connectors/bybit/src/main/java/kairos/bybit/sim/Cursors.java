package kairos.bybit.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Bybit-style page cursors: an opaque, already URL-encoded token in {@code nextPageCursor} ("" on the last page)
 * that the client passes back as {@code cursor}, whether it re-encodes it or not.
 */
final class Cursors {
    private static final String PREFIX = "page%3D";

    /** One page of a list: the index range and the next cursor. */
    record Page(int from, int to, String next) {
    }

    private Cursors() {
    }

    static Page page(Params p, int size, int limit) {
        int from = decode(p.text("cursor"));
        from = Math.min(from, size);
        int to = Math.min(size, from + limit);
        return new Page(from, to, to < size ? PREFIX + to : "");
    }

    private static int decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        String c = cursor;
        for (int i = 0; i < 2 && c.contains("%"); i++) {
            c = URLDecoder.decode(c, StandardCharsets.UTF_8);
        }
        if (c.startsWith("page=")) {
            try {
                int v = Integer.parseInt(c.substring(5));
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw BybitError.params("params error: cursor '" + cursor + "' is not a nextPageCursor this endpoint returned");
    }
}
