package kairos.engine.execution;

import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One position's life on the venue, from the entry request to the last exit: its entry orders and the iceberg
 * slices still to send, the protective stop, the take-profit orders, an exit in flight, and the trailing state.
 * Everything the journal must keep to carry a position over a restart.
 */
final class Plan {
    final EntryRequest request;
    final boolean isLong;
    final TakeProfitLadder ladder;
    final List<ManagedOrder> entries = new ArrayList<>(2);
    final List<Slice> slices = new ArrayList<>(0);
    final List<ManagedOrder> targets = new ArrayList<>(3);
    ManagedOrder stop;
    ManagedOrder exit;
    boolean entryDone;
    boolean tp1Hit;
    /** The stop price wanted (trailing and breakeven move it; the stop order follows once the venue confirms). */
    BigDecimal stopPrice;
    final TrailingStop trailing;
    /** Why the position is being closed (an exit asked while entries were still worked), else null. */
    String closing;
    /** The decision that asked for the exit in flight, for the trade's exit_decision_id. */
    String exitDecision = "";
    /** Refused resizes of the stop in this trade while it did not cover the position ({@link StopProtection}). */
    int stopResizeRefusals;

    /** An iceberg slice waiting for its send time. */
    record Slice(long at, BigDecimal qty) {
    }

    Plan(EntryRequest request, TakeProfitLadder ladder, int swingBars) {
        this.request = request;
        this.isLong = request.side() == Side.Buy;
        this.ladder = ladder;
        this.stopPrice = request.stop();
        this.trailing = new TrailingStop(isLong, swingBars);
    }

    private Plan(EntryRequest request, TakeProfitLadder ladder, TrailingStop trailing) {
        this.request = request;
        this.isLong = request.side() == Side.Buy;
        this.ladder = ladder;
        this.trailing = trailing;
    }

    String symbol() {
        return request.symbol();
    }

    BigDecimal entryFilled() {
        BigDecimal q = BigDecimal.ZERO;
        for (ManagedOrder o : entries) {
            q = q.add(o.filledQty());
        }
        return q;
    }

    /** Every order of the plan, entries first. */
    List<ManagedOrder> orders() {
        List<ManagedOrder> all = new ArrayList<>(entries);
        all.addAll(targets);
        if (stop != null) {
            all.add(stop);
        }
        if (exit != null) {
            all.add(exit);
        }
        return all;
    }

    boolean exitInFlight() {
        return exit != null && exit.isOpen();
    }

    /** The plan as the journal keeps it: orders by link id. */
    record State(EntryRequest request, TakeProfitLadder ladder, List<String> entries, List<Slice> slices,
                 List<String> targets, String stop, String exit, boolean entryDone, boolean tp1Hit,
                 BigDecimal stopPrice, TrailingStop.State trailing, String closing, String exitDecision,
                 int stopResizeRefusals) {
    }

    State state() {
        return new State(request, ladder, entries.stream().map(ManagedOrder::linkId).toList(), List.copyOf(slices),
                targets.stream().map(ManagedOrder::linkId).toList(), stop == null ? null : stop.linkId(),
                exit == null ? null : exit.linkId(), entryDone, tp1Hit, stopPrice, trailing.state(), closing,
                exitDecision, stopResizeRefusals);
    }

    static Plan restore(State s, OrderRegistry registry) {
        Plan p = new Plan(s.request(), s.ladder(), TrailingStop.restore(s.request().side() == Side.Buy, s.trailing()));
        s.entries().forEach(id -> p.entries.add(registry.require(id)));
        p.slices.addAll(s.slices());
        s.targets().forEach(id -> p.targets.add(registry.require(id)));
        p.stop = s.stop() == null ? null : registry.require(s.stop());
        p.exit = s.exit() == null ? null : registry.require(s.exit());
        p.entryDone = s.entryDone();
        p.tp1Hit = s.tp1Hit();
        p.stopPrice = s.stopPrice();
        p.closing = s.closing();
        p.exitDecision = s.exitDecision();
        p.stopResizeRefusals = s.stopResizeRefusals();   // 0 in a journal written before it was kept
        return p;
    }
}
