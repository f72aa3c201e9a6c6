package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.List;

/** A simulated venue on its own: the test moves its clock, feeds it market data and reads what it says. */
final class VenueProbe {
    static final String SOL = "SOLUSDT";
    final ExecutionDesk.ManualClock clock = new ExecutionDesk.ManualClock();
    final List<VenueEvent> said = new ArrayList<>();
    final List<Long> deliveries = new ArrayList<>();
    final SimulatedVenue venue;

    VenueProbe(VenueModel model) {
        this(model, DeliveryModel.PERFECT);
    }

    VenueProbe(VenueModel model, DeliveryModel delivery) {
        venue = new SimulatedVenue(model, clock, (e, at) -> {
            said.add(e);
            deliveries.add(at);
        }, delivery);
    }

    /** Submits at {@code time} on the venue's clock. */
    void submit(String id, Side side, OrderType type, double qty, double price, boolean reduceOnly,
                OrderPurpose purpose, long time) {
        clock.now = time;
        venue.submit(new OrderIntent(id, SOL, side, type, qty, price, reduceOnly, purpose, purpose.label(), time));
    }

    /** A 1m bar opening at {@code open}. */
    void bar(long open, double o, double h, double l, double c, double volume) {
        clock.now = Math.max(clock.now, open);
        venue.onMarket(new MarketEvent.BarClose(SOL, Timeframe.M1, new Bar(open, o, h, l, c, volume)), () -> { });
    }

    void trade(long time, double price, double qty, Side taker) {
        clock.now = Math.max(clock.now, time);
        venue.onMarket(new MarketEvent.Trade(SOL, time, 0, price, qty, taker), () -> { });
    }

    List<Fill> fills() {
        return said.stream().filter(Fill.class::isInstance).map(Fill.class::cast).toList();
    }

    List<OrderUpdate> updates() {
        return said.stream().filter(OrderUpdate.class::isInstance).map(OrderUpdate.class::cast).toList();
    }

    <T extends VenueEvent> T last(Class<T> type) {
        for (int i = said.size() - 1; i >= 0; i--) {
            if (type.isInstance(said.get(i))) {
                return type.cast(said.get(i));
            }
        }
        throw new AssertionError("the venue said no " + type.getSimpleName());
    }
}
