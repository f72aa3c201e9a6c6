package kairos.bybit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One contract's 1m candles: closed ones (history given with the tape, then those the trades built) and the one
 * still open. Longer intervals are aggregated from them on request, so every interval Bybit serves agrees with the
 * 1m bars. A minute without trades closes flat at the previous close, as on the exchange.
 */
final class Candles {
    static final long MINUTE = 60_000;

    private final TreeMap<Long, Kline> closed = new TreeMap<>();
    private Kline open;
    private double lastClose = Double.NaN;

    void history(List<Kline> bars) {
        for (Kline k : bars) {
            closed.put(k.start(), k);
            lastClose = k.close();
        }
    }

    /** A trade at {@code time}: updates (or opens) the current minute. */
    void trade(long time, double price, double qty) {
        long start = Math.floorDiv(time, MINUTE) * MINUTE;
        open = open == null ? Kline.first(start, price, qty) : open.with(price, qty);
    }

    /**
     * Closes every minute that ended at or before {@code time}: the open one, then flat ones up to {@code time}'s
     * minute. Returns the closed candles in time order.
     */
    List<Kline> closeUpTo(long time) {
        List<Kline> out = new ArrayList<>();
        long minute = Math.floorDiv(time, MINUTE) * MINUTE;
        if (open != null && open.start() < minute) {
            out.add(open);
            closed.put(open.start(), open);
            lastClose = open.close();
            open = null;
        }
        if (open == null && !Double.isNaN(lastClose)) {
            long next = closed.isEmpty() ? minute : closed.lastKey() + MINUTE;
            for (long t = next; t < minute; t += MINUTE) {
                Kline flat = Kline.flat(t, lastClose);
                closed.put(t, flat);
                out.add(flat);
            }
        }
        return out;
    }

    /** The open minute, or null. */
    Kline current() {
        return open;
    }

    /** The candle of {@code interval} starting at {@code start}, from the 1m candles in it (null when none). */
    Kline aggregate(long interval, long start) {
        Kline out = null;
        for (Kline k : closed.subMap(start, true, start + interval, false).values()) {
            out = out == null ? new Kline(start, k.open(), k.high(), k.low(), k.close(), k.volume(), k.turnover()) : out.merge(k);
        }
        if (open != null && open.start() >= start && open.start() < start + interval) {
            out = out == null ? new Kline(start, open.open(), open.high(), open.low(), open.close(), open.volume(), open.turnover())
                    : out.merge(open);
        }
        return out;
    }

    /** Candles of {@code interval} (ms, a multiple of a minute; days align on UTC midnight) with start in [from, to], oldest first. */
    List<Kline> range(long interval, long from, long to) {
        List<Kline> out = new ArrayList<>();
        Long first = closed.isEmpty() ? (open == null ? null : open.start()) : closed.firstKey();
        if (first == null) {
            return out;
        }
        long lo = Math.max(Math.floorDiv(from, interval) * interval, Math.floorDiv(first, interval) * interval);
        if (lo < from) {
            lo += interval;
        }
        long last = open != null ? open.start() : closed.lastKey();
        for (long t = lo; t <= to && t <= last; t += interval) {
            Kline k = aggregate(interval, t);
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    /** Closed 1m candles with start in [from, to). */
    NavigableMap<Long, Kline> closedBetween(long from, long to) {
        return closed.subMap(from, true, to, false);
    }

    Map.Entry<Long, Kline> lastClosed() {
        return closed.lastEntry();
    }
}
