package kairos.engine.data;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

import java.util.List;

/** TEMPORARY placeholder until the data layer lands (replaced by the full implementation). */
public final class CandleSeries {
    private final Timeframe tf;
    private final List<Bar> bars;

    private CandleSeries(Timeframe tf, List<Bar> bars) {
        this.tf = tf;
        this.bars = List.copyOf(bars);
    }

    public static CandleSeries of(Timeframe tf, List<Bar> bars) {
        return new CandleSeries(tf, bars);
    }

    public Timeframe timeframe() { return tf; }
    public int size() { return bars.size(); }
    public long openTime(int i) { return bars.get(i).openTime(); }
    public double close(int i) { return bars.get(i).close(); }
    public Bar bar(int i) { return bars.get(i); }
}
