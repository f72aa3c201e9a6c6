package kairos.engine.execution;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Clock;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.TimedEvent;
import kairos.engine.domain.Timeframe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The order manager on the simulated venue, driven the way the kernel's loop drives them, for one symbol's 1m
 * bars: messages and timers on an agenda by time, a bar matched by the venue (its messages settled after each
 * step), then what came due inside it, then the bar's close marked. Tests drive time; nothing sleeps.
 */
final class ExecutionDesk {
    static final String SOL = "SOLUSDT";
    static final Instrument INSTRUMENT = new Instrument(SOL, new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));

    /** A clock the desk moves. */
    static final class ManualClock implements Clock {
        long now;

        @Override
        public long millis() {
            return now;
        }
    }

    private record Due(long at, long seq, TimedEvent event) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    final ManualClock clock = new ManualClock();
    final Portfolio portfolio;
    final OrderManager om;
    final SimulatedVenue venue;
    final List<VenueEvent> delivered = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();
    final List<Fill> booked = new ArrayList<>();
    final List<ReconcileReport> reports = new ArrayList<>();
    private final PriorityQueue<Due> agenda = new PriorityQueue<>();
    private long seq;
    /** Deliver every venue message this many times (duplicates). */
    int copies = 1;
    /** Called after every message and timer handled (property checks). */
    Runnable afterEach = () -> { };
    private long reconcileEvery;
    static final String RECONCILE = "desk_reconcile";

    ExecutionDesk(ExecutionPolicy policy, VenueModel model) {
        this(policy, model, DeliveryModel.PERFECT, new Portfolio(10_000, 3));
    }

    ExecutionDesk(ExecutionPolicy policy, VenueModel model, DeliveryModel delivery, Portfolio portfolio) {
        this.portfolio = portfolio;
        this.om = new OrderManager(Map.of(SOL, INSTRUMENT), portfolio, policy);
        this.venue = new SimulatedVenue(model, clock, (e, at) -> {
            for (int i = 0; i < copies; i++) {
                agenda.add(new Due(at, seq++, e));
            }
        }, delivery);
        om.connect(venue, (at, kind, key, symbol) -> agenda.add(new Due(at, seq++, new Timer(at, kind, key, symbol))),
                new ExecutionEvents() {
                    @Override
                    public void onFillBooked(Fill fill, TradeRecord closed) {
                        booked.add(fill);
                    }

                    @Override
                    public void onAlert(Severity severity, String type, String symbol, String text, long time) {
                        alerts.add(type + ": " + text);
                    }
                });
    }

    /** A 1m bar opening at {@code minute} with ample volume. */
    Bar bar(long minute, double o, double h, double l, double c) {
        return bar(minute, o, h, l, c, 1e6);
    }

    Bar bar(long minute, double o, double h, double l, double c, double volume) {
        Bar b = new Bar(minute * 60_000, o, h, l, c, volume);
        MarketEvent.BarClose event = new MarketEvent.BarClose(SOL, Timeframe.M1, b);
        deliverDue(b.openTime(), true);
        venue.onMarket(event, () -> deliverDue(event.time(), false));
        deliverDue(event.time(), true);
        clock.now = Math.max(clock.now, event.time());
        portfolio.mark(SOL, c);
        om.mark(SOL, c);
        return b;
    }

    /**
     * A trade at {@code t} (the symbol is then tick-driven, as in a live session): what is due up to {@code t}
     * first, then the venue matches the trade, settling its messages, then what came due with it.
     */
    void trade(long t, double price) {
        MarketEvent.Trade event = new MarketEvent.Trade(SOL, t, t, price, 1e6, kairos.engine.domain.Side.Buy);
        deliverDue(t, true);
        venue.onMarket(event, () -> deliverDue(t, false));
        deliverDue(t, true);
        clock.now = Math.max(clock.now, t);
        portfolio.mark(SOL, price);
        om.mark(SOL, price);
    }

    /** Everything due at or before {@code t} (timers too when asked), then the clock at {@code t}. */
    void at(long t) {
        deliverDue(t, true);
        clock.now = Math.max(clock.now, t);
    }

    private void deliverDue(long t, boolean timers) {
        while (!agenda.isEmpty() && agenda.peek().at() <= t) {
            Due d = agenda.peek();
            if (!timers && d.event() instanceof Timer) {
                // timers wait for the end of the bar; the messages behind them may go first
                Due m = firstMessage(t);
                if (m == null) {
                    return;
                }
                agenda.remove(m);
                handle(m);
                continue;
            }
            agenda.poll();
            handle(d);
        }
    }

    private Due firstMessage(long t) {
        Due best = null;
        for (Due d : agenda) {
            if (d.at() <= t && !(d.event() instanceof Timer) && (best == null || d.compareTo(best) < 0)) {
                best = d;
            }
        }
        return best;
    }

    /** Asks the venue for a snapshot every {@code ms} of event time, as the kernel does while it runs. */
    void reconcileEvery(long ms) {
        reconcileEvery = ms;
        agenda.add(new Due(clock.now + ms, seq++, new Timer(clock.now + ms, RECONCILE, "", null)));
    }

    /** Asks the venue for a snapshot once, when the agenda reaches {@code t}. */
    void reconcileAt(long t) {
        agenda.add(new Due(t, seq++, new Timer(t, RECONCILE, "", null)));
    }

    private void handle(Due d) {
        clock.now = Math.max(clock.now, d.at());
        switch (d.event()) {
            case Timer timer when timer.kind().equals(RECONCILE) -> {
                venue.reconcile(om.executionsSince());
                if (reconcileEvery > 0) {
                    agenda.add(new Due(clock.now + reconcileEvery, seq++, new Timer(clock.now + reconcileEvery, RECONCILE, "", null)));
                }
            }
            case Timer timer -> om.onTimer(timer, clock.now);
            case VenueEvent v -> {
                delivered.add(v);
                ReconcileReport r = om.onVenueEvent(v, clock.now);
                if (r != null) {
                    reports.add(r);
                }
            }
            default -> throw new IllegalStateException();
        }
        afterEach.run();
    }

    EntryRequest entry(kairos.engine.domain.Side side, boolean limit, double ref, double qty, double stop, double atr,
                       long time) {
        clock.now = Math.max(clock.now, time);
        return new EntryRequest(SOL, side, limit, ref, qty, stop, atr, Double.NaN, null, "momentum_burst",
                "Momentum burst", time);
    }

    /** The venue's answers of one kind, in delivery order. */
    <T extends VenueEvent> List<T> delivered(Class<T> type) {
        return delivered.stream().filter(type::isInstance).map(type::cast).toList();
    }

    boolean idle() {
        return agenda.isEmpty();
    }
}
