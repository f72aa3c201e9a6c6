package kairos.engine.kernel;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;

/** What a {@link MarketDataSource} delivers to the kernel, in event-time order. */
public sealed interface MarketEvent {

    /** Event time: when the event became known (a bar at its close). */
    long time();

    String symbol();

    /** A closed bar of the feed timeframe. */
    record BarEvent(String symbol, Timeframe timeframe, Bar bar) implements MarketEvent {
        @Override
        public long time() {
            return bar.openTime() + timeframe.millis();
        }
    }

    /** A funding settlement of a perpetual contract. */
    record FundingEvent(String symbol, FundingRate funding) implements MarketEvent {
        @Override
        public long time() {
            return funding.time();
        }
    }
}
