package kairos.engine.cep;

import kairos.engine.cep.events.BookTop;
import kairos.engine.cep.events.Funding;
import kairos.engine.cep.events.IndexPrice;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.LongShortRatio;
import kairos.engine.cep.events.MarkPrice;
import kairos.engine.cep.events.OpenInterest;
import kairos.engine.cep.events.OrderBook;
import kairos.engine.cep.events.TradeSecond;
import kairos.engine.cep.events.TradeTick;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns market data ({@link MarketEvent}s) into Esper events for one {@link CepEngine}: advances Esper's clock to
 * each event's time, keeps an {@link OrderBook} per symbol (sending a {@code BookLevelChange} per changed level,
 * then the {@code BookTop}), and sends bars at their close. With a {@link TickSynthesiser}, every 1m bar is
 * preceded by the trades synthesised from it, so tick-level statements run in candle-only backtests.
 *
 * <p>It also builds the one-second trade bars ({@link TradeSecond}): when event time reaches the end of a second
 * that had trades, the bar is sent with Esper's clock at that end, before anything later. Call
 * {@link #advanceTime} (not the engine's) to move time without an event. The typed methods return the Esper event
 * they sent, so the kernel hands the same object to the feature engine (one set of stream events).
 */
public final class CepFeed implements Consumer<MarketEvent> {
    /** Book levels kept per side (Bybit's {@code orderbook.50} stream). */
    public static final int BOOK_DEPTH = 50;

    private final CepEngine cep;
    private final TickSynthesiser synthesiser;
    private final Map<String, OrderBook> books = new HashMap<>();
    /** Open one-second bars, in the order their symbols first traded (deterministic flush order). */
    private final List<TradeSecond> seconds = new ArrayList<>();
    private final Map<String, TradeSecond> secondBySymbol = new HashMap<>();
    private long nextSecondEnd = Long.MAX_VALUE;

    public CepFeed(CepEngine cep) {
        this(cep, null);
    }

    public CepFeed(CepEngine cep, TickSynthesiser synthesiser) {
        this.cep = cep;
        this.synthesiser = synthesiser;
    }

    public CepEngine engine() {
        return cep;
    }

    /** Sends any market event (event files, recordings, tests). */
    @Override
    public void accept(MarketEvent event) {
        switch (event) {
            case MarketEvent.Trade t -> trade(t);
            case MarketEvent.Book b -> book(b);
            case MarketEvent.Liquidation l -> liquidation(l);
            case MarketEvent.BarClose b -> bar(b);
            case MarketEvent.Funding f -> funding(f);
            case MarketEvent.OpenInterest o -> openInterest(o);
            case MarketEvent.LongShortRatio r -> longShortRatio(r);
            case MarketEvent.Mark m -> mark(m);
            case MarketEvent.Index i -> index(i);
        }
    }

    /** Moves event time to {@code ts}, first sending every one-second bar that ends by then. */
    public void advanceTime(long ts) {
        if (ts >= nextSecondEnd) {
            flushSeconds(ts);
        }
        cep.advanceTime(ts);
    }

    private void flushSeconds(long ts) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < seconds.size(); i++) {
            TradeSecond s = seconds.get(i);
            if (s == null) {
                continue;
            }
            if (s.getTs() <= ts) {
                cep.advanceTime(s.getTs());
                cep.send(s);
                secondBySymbol.remove(s.getSymbol());
                seconds.set(i, null);
            } else {
                next = Math.min(next, s.getTs());
            }
        }
        seconds.removeIf(java.util.Objects::isNull);
        nextSecondEnd = next;
    }

    public TradeTick trade(MarketEvent.Trade t) {
        advanceTime(t.time());
        TradeTick tick = new TradeTick(t.symbol(), t.time(), t.recvTime(), t.price(), t.qty(), t.side().name());
        cep.send(tick);
        TradeSecond second = secondBySymbol.get(t.symbol());
        if (second == null) {
            long end = Math.floorDiv(Math.max(t.time(), cep.currentTime()), 1000L) * 1000L + 1000L;
            second = new TradeSecond(t.symbol(), end, t.price(), t.qty(), tick.isBuy());
            secondBySymbol.put(t.symbol(), second);
            seconds.add(second);
            nextSecondEnd = Math.min(nextSecondEnd, end);
        } else {
            second.add(t.price(), t.qty(), tick.isBuy());
        }
        return tick;
    }

    public BookTop book(MarketEvent.Book b) {
        advanceTime(b.time());
        OrderBook book = books.computeIfAbsent(b.symbol(), s -> new OrderBook(s, BOOK_DEPTH));
        BookTop top = book.apply(b.time(), b.recvTime(), b.snapshot(), b.bids(), b.asks(), cep::send);
        cep.send(top);
        return top;
    }

    public Liquidation liquidation(MarketEvent.Liquidation l) {
        advanceTime(l.time());
        Liquidation event = new Liquidation(l.symbol(), l.time(), l.recvTime(), l.price(), l.qty(), l.side().name());
        cep.send(event);
        return event;
    }

    /** A closed feed bar: synthesised trades first (when configured, for 1m bars), then Esper at its close. */
    public void bar(MarketEvent.BarClose b) {
        if (synthesiser != null && b.timeframe() == Timeframe.M1) {
            synthesiser.synthesise(b.symbol(), b.bar(), this::trade);
        }
        advanceTime(b.time());
        cep.send(BarClosed.of(b.symbol(), b.timeframe(), b.bar()));
    }

    /** A bar of a coarser timeframe the kernel built from feed bars, at the current (its close) time. */
    public void aggregatedBar(String symbol, Timeframe timeframe, Bar bar) {
        cep.send(BarClosed.of(symbol, timeframe, bar));
    }

    public void funding(MarketEvent.Funding f) {
        advanceTime(f.time());
        cep.send(new Funding(f.symbol(), f.time(), f.recvTime(), f.rate()));
    }

    public void openInterest(MarketEvent.OpenInterest o) {
        advanceTime(o.time());
        cep.send(new OpenInterest(o.symbol(), o.time(), o.recvTime(), o.value()));
    }

    public void longShortRatio(MarketEvent.LongShortRatio r) {
        advanceTime(r.time());
        cep.send(new LongShortRatio(r.symbol(), r.time(), r.recvTime(), r.value()));
    }

    public void mark(MarketEvent.Mark m) {
        advanceTime(m.time());
        cep.send(new MarkPrice(m.symbol(), m.time(), m.recvTime(), m.price()));
    }

    public void index(MarketEvent.Index i) {
        advanceTime(i.time());
        cep.send(new IndexPrice(i.symbol(), i.time(), i.recvTime(), i.price()));
    }

    // Shorthands for tests and benchmarks: the same paths as the typed events.

    public void onTrade(String symbol, long ts, long recvTs, double price, double qty, String side) {
        trade(new MarketEvent.Trade(symbol, ts, recvTs, price, qty, Side.valueOf(side)));
    }

    public void onBook(String symbol, long ts, long recvTs, boolean snapshot, double[][] bids, double[][] asks) {
        book(new MarketEvent.Book(symbol, ts, recvTs, snapshot, bids, asks));
    }

    public void onLiquidation(String symbol, long ts, long recvTs, double price, double qty, String side) {
        liquidation(new MarketEvent.Liquidation(symbol, ts, recvTs, price, qty, Side.valueOf(side)));
    }

    public void onBar(String symbol, Timeframe timeframe, Bar bar, long recvTs) {
        bar(new MarketEvent.BarClose(symbol, timeframe, bar, recvTs));
    }
}
