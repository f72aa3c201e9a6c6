package kairos.engine.cep.events;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One symbol's order book, rebuilt from Bybit-style snapshots and deltas (a delta quantity of 0 removes the
 * level). Reports every level whose size changed as a {@link BookLevelChange} and publishes the first
 * {@code depth} levels as a {@link BookTop}. Not thread-safe: the kernel thread owns it.
 */
public final class OrderBook {
    private final String symbol;
    private final int depth;
    private final TreeMap<Double, Double> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Double, Double> asks = new TreeMap<>();

    public OrderBook(String symbol, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("book depth must be >= 1, got " + depth);
        }
        this.symbol = symbol;
        this.depth = depth;
    }

    /**
     * Applies a snapshot (replaces the book) or a delta, reports changed levels to {@code changes} and returns
     * the new top of book. Levels are {@code [price, qty]} pairs.
     */
    public BookTop apply(long ts, long recvTs, boolean snapshot, double[][] newBids, double[][] newAsks,
                         Consumer<BookLevelChange> changes) {
        if (snapshot) {
            replace(bids, newBids, "Bid", ts, recvTs, changes);
            replace(asks, newAsks, "Ask", ts, recvTs, changes);
        } else {
            merge(bids, newBids, "Bid", ts, recvTs, changes);
            merge(asks, newAsks, "Ask", ts, recvTs, changes);
        }
        double[][] b = top(bids);
        double[][] a = top(asks);
        return new BookTop(symbol, ts, recvTs, snapshot, b[0], b[1], a[0], a[1]);
    }

    private void replace(TreeMap<Double, Double> side, double[][] levels, String name, long ts, long recvTs,
                         Consumer<BookLevelChange> changes) {
        TreeMap<Double, Double> fresh = new TreeMap<>(side.comparator());
        for (double[] l : levels) {
            if (l[1] > 0) {
                fresh.put(l[0], l[1]);
            }
        }
        for (Map.Entry<Double, Double> old : side.entrySet()) {
            if (!fresh.containsKey(old.getKey())) {
                changes.accept(new BookLevelChange(symbol, ts, recvTs, name, old.getKey(), old.getValue(), 0));
            }
        }
        for (Map.Entry<Double, Double> now : fresh.entrySet()) {
            double before = side.getOrDefault(now.getKey(), 0.0);
            if (before != now.getValue()) {
                changes.accept(new BookLevelChange(symbol, ts, recvTs, name, now.getKey(), before, now.getValue()));
            }
        }
        side.clear();
        side.putAll(fresh);
    }

    private void merge(TreeMap<Double, Double> side, double[][] levels, String name, long ts, long recvTs,
                       Consumer<BookLevelChange> changes) {
        for (double[] l : levels) {
            double before = side.getOrDefault(l[0], 0.0);
            if (l[1] > 0) {
                side.put(l[0], l[1]);
            } else {
                side.remove(l[0]);
            }
            double after = Math.max(l[1], 0);
            if (before != after) {
                changes.accept(new BookLevelChange(symbol, ts, recvTs, name, l[0], before, after));
            }
        }
    }

    private double[][] top(TreeMap<Double, Double> side) {
        int n = Math.min(depth, side.size());
        double[] prices = new double[n];
        double[] qtys = new double[n];
        Iterator<Map.Entry<Double, Double>> it = side.entrySet().iterator();
        for (int i = 0; i < n; i++) {
            Map.Entry<Double, Double> e = it.next();
            prices[i] = e.getKey();
            qtys[i] = e.getValue();
        }
        return new double[][] {prices, qtys};
    }
}
