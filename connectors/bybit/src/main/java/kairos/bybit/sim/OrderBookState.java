package kairos.bybit.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One contract's order book as {@code orderbook.N} shows it: levels by price, an update id {@code u} that grows by
 * one with each published change (the client detects a lost update by a gap; {@code u = 1} is Bybit's reset after a
 * service restart) and a cross sequence {@code seq}. Changes are applied as the target state (a tape snapshot or a
 * synthesised book) and published as the difference, so subscribers always receive one consistent delta stream.
 */
final class OrderBookState {
    static final int MAX_LEVELS = 200;

    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long updateId;
    private long seq;

    /** The levels that changed (qty 0: removed), best first. */
    record Change(List<BigDecimal[]> bids, List<BigDecimal[]> asks) {
        boolean isEmpty() {
            return bids.isEmpty() && asks.isEmpty();
        }
    }

    long updateId() {
        return updateId;
    }

    long seq() {
        return seq;
    }

    boolean isEmpty() {
        return bids.isEmpty() && asks.isEmpty();
    }

    BigDecimal[] best(boolean bid) {
        Map.Entry<BigDecimal, BigDecimal> e = bid ? bids.firstEntry() : asks.firstEntry();
        return e == null ? null : new BigDecimal[] {e.getKey(), e.getValue()};
    }

    /** Replaces the book by the given levels; returns what changed. */
    Change replace(List<BigDecimal[]> newBids, List<BigDecimal[]> newAsks) {
        return new Change(replaceSide(bids, newBids, Comparator.reverseOrder()), replaceSide(asks, newAsks, Comparator.naturalOrder()));
    }

    /** Applies delta levels (qty 0 removes a level); returns what changed. */
    Change update(List<BigDecimal[]> deltaBids, List<BigDecimal[]> deltaAsks) {
        return new Change(updateSide(bids, deltaBids), updateSide(asks, deltaAsks));
    }

    /** Counts one published change: the next update id (and sequence). */
    long nextUpdate(long seqStep) {
        seq += seqStep;
        return ++updateId;
    }

    /** A lost update: the next published change skips one id. */
    void skipUpdate() {
        updateId++;
    }

    /** Bybit's reset after a restart: the next snapshot carries {@code u = 1}. */
    void reset() {
        updateId = 0;
    }

    List<BigDecimal[]> levels(boolean bid, int depth) {
        List<BigDecimal[]> out = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> e : (bid ? bids : asks).entrySet()) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new BigDecimal[] {e.getKey(), e.getValue()});
        }
        return out;
    }

    private static List<BigDecimal[]> replaceSide(TreeMap<BigDecimal, BigDecimal> side, List<BigDecimal[]> levels,
                                                  Comparator<BigDecimal> order) {
        NavigableMap<BigDecimal, BigDecimal> target = new TreeMap<>(order);
        for (BigDecimal[] l : levels) {
            if (l[1].signum() > 0 && target.size() < MAX_LEVELS) {
                target.put(l[0], l[1]);
            }
        }
        TreeMap<BigDecimal, BigDecimal> changes = new TreeMap<>(order);
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            if (!target.containsKey(e.getKey())) {
                changes.put(e.getKey(), BigDecimal.ZERO);
            }
        }
        for (Map.Entry<BigDecimal, BigDecimal> e : target.entrySet()) {
            BigDecimal old = side.get(e.getKey());
            if (old == null || old.compareTo(e.getValue()) != 0) {
                changes.put(e.getKey(), e.getValue());
            }
        }
        side.clear();
        side.putAll(target);
        return asList(changes);
    }

    private static List<BigDecimal[]> updateSide(TreeMap<BigDecimal, BigDecimal> side, List<BigDecimal[]> levels) {
        TreeMap<BigDecimal, BigDecimal> changes = new TreeMap<>(side.comparator());
        for (BigDecimal[] l : levels) {
            BigDecimal old = side.get(l[0]);
            if (l[1].signum() <= 0) {
                if (old != null) {
                    side.remove(l[0]);
                    changes.put(l[0], BigDecimal.ZERO);
                }
            } else if (old == null || old.compareTo(l[1]) != 0) {
                side.put(l[0], l[1]);
                changes.put(l[0], l[1]);
            }
        }
        return asList(changes);
    }

    private static List<BigDecimal[]> asList(TreeMap<BigDecimal, BigDecimal> levels) {
        List<BigDecimal[]> out = new ArrayList<>();
        levels.forEach((p, q) -> out.add(new BigDecimal[] {p, q}));
        return out;
    }
}
