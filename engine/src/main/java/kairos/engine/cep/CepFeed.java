package kairos.engine.cep;

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
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns market data into Esper events for one {@link CepEngine}: advances Esper's clock to each event's time,
 * keeps an {@link OrderBook} per symbol (sending a {@code BookLevelChange} per changed level, then the
 * {@code BookTop}), and sends bars at their close. With a {@link TickSynthesiser}, every 1m bar is preceded by
 * the trades synthesised from it, so tick-level statements run in candle-only backtests.
 *
 * <p>It also builds the one-second trade bars ({@link TradeSecond}): when event time reaches the end of a second
 * that had trades, the bar is sent with Esper's clock at that end, before anything later. Call
 * {@link #advanceTime} (not the engine's) to move time without an event.
 */
public final class CepFeed implements TickListener {
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

    @Override
    public void onTrade(String symbol, long ts, long recvTs, double price, double qty, String side) {
        advanceTime(ts);
        TradeTick tick = new TradeTick(symbol, ts, recvTs, price, qty, side);
        cep.send(tick);
        TradeSecond second = secondBySymbol.get(symbol);
        if (second == null) {
            long end = Math.floorDiv(Math.max(ts, cep.currentTime()), 1000L) * 1000L + 1000L;
            second = new TradeSecond(symbol, end, price, qty, tick.isBuy());
            secondBySymbol.put(symbol, second);
            seconds.add(second);
            nextSecondEnd = Math.min(nextSecondEnd, end);
        } else {
            second.add(price, qty, tick.isBuy());
        }
    }

    @Override
    public void onBook(String symbol, long ts, long recvTs, boolean snapshot, double[][] bids, double[][] asks) {
        advanceTime(ts);
        OrderBook book = books.computeIfAbsent(symbol, s -> new OrderBook(s, BOOK_DEPTH));
        cep.send(book.apply(ts, recvTs, snapshot, bids, asks, cep::send));
    }

    @Override
    public void onLiquidation(String symbol, long ts, long recvTs, double price, double qty, String side) {
        advanceTime(ts);
        cep.send(new Liquidation(symbol, ts, recvTs, price, qty, side));
    }

    @Override
    public void onBar(String symbol, Timeframe timeframe, Bar bar, long recvTs) {
        if (synthesiser != null && timeframe == Timeframe.M1) {
            synthesiser.synthesise(symbol, bar, this);
        }
        advanceTime(bar.openTime() + timeframe.millis());
        cep.send(BarClosed.of(symbol, timeframe, bar));
    }

    @Override
    public void onFunding(String symbol, long ts, long recvTs, double rate) {
        advanceTime(ts);
        cep.send(new Funding(symbol, ts, recvTs, rate));
    }

    @Override
    public void onOpenInterest(String symbol, long ts, long recvTs, double value) {
        advanceTime(ts);
        cep.send(new OpenInterest(symbol, ts, recvTs, value));
    }

    @Override
    public void onLongShortRatio(String symbol, long ts, long recvTs, double value) {
        advanceTime(ts);
        cep.send(new LongShortRatio(symbol, ts, recvTs, value));
    }

    @Override
    public void onMark(String symbol, long ts, long recvTs, double price) {
        advanceTime(ts);
        cep.send(new MarkPrice(symbol, ts, recvTs, price));
    }

    @Override
    public void onIndex(String symbol, long ts, long recvTs, double price) {
        advanceTime(ts);
        cep.send(new IndexPrice(symbol, ts, recvTs, price));
    }
}
