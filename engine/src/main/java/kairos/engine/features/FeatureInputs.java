package kairos.engine.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.cep.events.FeedEvent;

/**
 * Everything a batch feature run reads: the symbol's base bars (ascending open time), context symbols' base bars,
 * funding settlements and microstructure events (any order; sorted by time here). Empty lists mean absent inputs.
 */
public record FeatureInputs(List<Bar> bars, Map<String, List<Bar>> context, List<FundingRate> funding,
                            List<FeedEvent> events) {

    public FeatureInputs {
        bars = List.copyOf(bars);
        context = Map.copyOf(context);
        funding = funding.stream().sorted(Comparator.comparingLong(FundingRate::time)).toList();
        List<FeedEvent> ev = new ArrayList<>(events);
        ev.sort(Comparator.comparingLong(FeedEvent::getTs));
        events = List.copyOf(ev);
    }

    public static FeatureInputs candles(List<Bar> bars) {
        return new FeatureInputs(bars, Map.of(), List.of(), List.of());
    }

    /**
     * Feeds the inputs to {@code engine} in time order and calls {@code row} after each base bar: before a bar opening
     * at t, the context bars opening at or before t, the funding settled at or before its close and the events before
     * its close.
     */
    public void replay(FeatureEngine engine, RowListener row) {
        long base = engine.config().base().millis();
        List<Map.Entry<String, List<Bar>>> ctx = new ArrayList<>(context.entrySet());
        ctx.sort(Map.Entry.comparingByKey());
        int[] ci = new int[ctx.size()];
        int fi = 0;
        int ei = 0;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            long t = bar.openTime();
            long close = t + base;
            for (int k = 0; k < ctx.size(); k++) {
                List<Bar> cb = ctx.get(k).getValue();
                while (ci[k] < cb.size() && cb.get(ci[k]).openTime() <= t) {
                    engine.onContextBar(ctx.get(k).getKey(), cb.get(ci[k]++));
                }
            }
            while (fi < funding.size() && funding.get(fi).time() <= close) {
                engine.onFunding(funding.get(fi++));
            }
            while (ei < events.size() && events.get(ei).getTs() < close) {
                engine.onMicroEvent(events.get(ei++));
            }
            engine.onBar(bar);
            row.onRow(i, t, engine);
        }
    }

    /** Receives each row right after its bar was processed. */
    @FunctionalInterface
    public interface RowListener {
        void onRow(int index, long openTime, FeatureEngine engine);
    }
}
