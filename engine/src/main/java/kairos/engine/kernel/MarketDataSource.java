package kairos.engine.kernel;

import kairos.engine.domain.MarketEvent;

import java.util.Iterator;
import java.util.List;

/**
 * Port for market data: a replay of stored series or of a recording, or a live stream. Events come in event-time
 * order. {@link #next()} returns null when no event is ready; {@link #finished()} then tells "no event yet" (a live
 * source) from "end of data" (a replay).
 */
public interface MarketDataSource {
    MarketEvent next();

    /** True once no event will come any more. */
    boolean finished();

    /** A source over a list of events in time order. */
    static MarketDataSource of(List<? extends MarketEvent> events) {
        Iterator<? extends MarketEvent> it = events.iterator();
        return new MarketDataSource() {
            @Override
            public MarketEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public boolean finished() {
                return !it.hasNext();
            }
        };
    }
}
