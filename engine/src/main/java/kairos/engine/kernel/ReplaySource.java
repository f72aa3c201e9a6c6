package kairos.engine.kernel;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays stored series in event-time order. At equal times bars come before funding (a stop hit inside the bar
 * closing at a funding time happened before the settlement), and symbols keep the order they were added in.
 */
public final class ReplaySource implements MarketDataSource {
    private final List<Cursor> cursors = new ArrayList<>();

    private abstract static class Cursor {
        final String symbol;
        final int priority;
        int index;

        Cursor(String symbol, int priority) {
            this.symbol = symbol;
            this.priority = priority;
        }

        abstract boolean hasNext();

        abstract long peekTime();

        abstract MarketEvent take();
    }

    public ReplaySource addBars(String symbol, CandleSeries series) {
        Timeframe tf = series.timeframe();
        cursors.add(new Cursor(symbol, 0) {
            @Override
            boolean hasNext() {
                return index < series.size();
            }

            @Override
            long peekTime() {
                return series.openTime(index) + tf.millis();
            }

            @Override
            MarketEvent take() {
                return new MarketEvent.BarClose(symbol, tf, series.bar(index++));
            }
        });
        return this;
    }

    /** Funding settlements of a symbol, in time order. */
    public ReplaySource addFunding(String symbol, List<FundingRate> funding) {
        cursors.add(new Cursor(symbol, 1) {
            @Override
            boolean hasNext() {
                return index < funding.size();
            }

            @Override
            long peekTime() {
                return funding.get(index).time();
            }

            @Override
            MarketEvent take() {
                return MarketEvent.Funding.settled(symbol, funding.get(index++));
            }
        });
        return this;
    }

    @Override
    public MarketEvent next() {
        Cursor best = null;
        long bestTime = Long.MAX_VALUE;
        for (Cursor c : cursors) {
            if (!c.hasNext()) {
                continue;
            }
            long t = c.peekTime();
            if (best == null || t < bestTime || (t == bestTime && c.priority < best.priority)) {
                best = c;
                bestTime = t;
            }
        }
        return best == null ? null : best.take();
    }

    @Override
    public boolean finished() {
        for (Cursor c : cursors) {
            if (c.hasNext()) {
                return false;
            }
        }
        return true;
    }
}
