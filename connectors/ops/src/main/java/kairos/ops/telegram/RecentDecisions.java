package kairos.ops.telegram;

import kairos.engine.kernel.Decision;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last decisions the kernel journaled, newest last, for {@code /signals}. Thread-safe. */
public final class RecentDecisions {
    private final int capacity;
    private final ArrayDeque<Decision> last = new ArrayDeque<>();

    public RecentDecisions(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Decision d) {
        last.addLast(d);
        while (last.size() > capacity) {
            last.pollFirst();
        }
    }

    /** Up to {@code n} of the newest, oldest first. */
    public synchronized List<Decision> newest(int n) {
        List<Decision> all = new ArrayList<>(last);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
