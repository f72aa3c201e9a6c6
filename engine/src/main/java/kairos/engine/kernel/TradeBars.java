package kairos.engine.kernel;

import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the feed bars of a stream from its trades, for the symbols that have no bars of their own (a recording
 * without the {@code kline} topic). A bar is emitted at its close, before the first event at or after it; a
 * minute without trades gives a flat bar at the last price with no volume, as the exchange's klines do. The first
 * bar of each symbol is left out (the stream may have begun inside it), and so is the last (the data ends before
 * it closes). Each symbol's trades must come in time order (one stream's order); as a {@link BatchSource}
 * ({@link #batches}) the bars join the batch of the event that closes them, before it.
 */
public final class TradeBars implements MarketDataSource {
    private final MarketDataSource in;
    private final Timeframe timeframe;
    private final Set<String> symbols;
    private final Map<String, Building> building = new LinkedHashMap<>();
    private final ArrayDeque<MarketEvent> ready = new ArrayDeque<>();

    private static final class Building {
        long open = Long.MIN_VALUE;
        /** The first bar of a symbol: the stream may have started inside it, so it is not emitted. */
        boolean partial = true;
        boolean touched;
        double o;
        double h;
        double l;
        double c;
        double v;
    }

    /** @param symbols the symbols whose bars are built (the others' trades pass through alone) */
    public TradeBars(MarketDataSource in, Timeframe timeframe, Set<String> symbols) {
        this.in = in;
        this.timeframe = timeframe;
        this.symbols = Set.copyOf(symbols);
    }

    @Override
    public MarketEvent next() {
        if (!ready.isEmpty()) {
            return ready.poll();
        }
        MarketEvent e = in.next();
        if (e == null) {
            // the data ends: the last bars are incomplete and stay out, as a bar is known only at its close
            return null;
        }
        accept(e, ready::add);
        return ready.poll();
    }

    /** The bars {@code e} closes, then {@code e} itself, to {@code out}. */
    private void accept(MarketEvent e, Consumer<MarketEvent> out) {
        closeUpTo(e.time(), out);
        if (e instanceof MarketEvent.Trade t && symbols.contains(t.symbol())) {
            add(t);
        }
        out.accept(e);
    }

    /** Bars built from the trades of {@code symbols} in a stream of batches (a recording taken as it arrived). */
    public static BatchSource batches(BatchSource in, Timeframe timeframe, Set<String> symbols) {
        TradeBars bars = new TradeBars(null, timeframe, symbols);
        return new BatchSource() {
            @Override
            public MarketBatch next() {
                MarketBatch b = in.next();
                if (b == null || b.history()) {
                    return b;
                }
                List<MarketEvent> out = new ArrayList<>(b.events().size() + 1);
                for (MarketEvent e : b.events()) {
                    bars.accept(e, out::add);
                }
                return new MarketBatch(out, false, b.arrivedAt(), b.fallback());
            }

            @Override
            public boolean finished() {
                return in.finished();
            }
        };
    }

    /** Emits the bars (and flat bars for silent minutes) of every symbol that close at or before {@code time}. */
    private void closeUpTo(long time, Consumer<MarketEvent> out) {
        for (Map.Entry<String, Building> en : building.entrySet()) {
            Building b = en.getValue();
            while (b.open != Long.MIN_VALUE && b.open + timeframe.millis() <= time) {
                if (!b.partial) {
                    out.accept(new MarketEvent.BarClose(en.getKey(), timeframe, new Bar(b.open, b.o, b.h, b.l, b.c, b.v)));
                }
                b.partial = false;
                b.open += timeframe.millis();
                b.o = b.c;
                b.h = b.c;
                b.l = b.c;
                b.v = 0;
                b.touched = false;
            }
        }
    }

    private void add(MarketEvent.Trade t) {
        Building b = building.computeIfAbsent(t.symbol(), s -> new Building());
        if (b.open == Long.MIN_VALUE) {
            b.open = timeframe.floor(t.time());
        }
        if (!b.touched) {
            b.touched = true;
            b.o = t.price();
            b.h = t.price();
            b.l = t.price();
            b.v = 0;
        }
        b.h = Math.max(b.h, t.price());
        b.l = Math.min(b.l, t.price());
        b.c = t.price();
        b.v += t.qty();
    }

    @Override
    public boolean finished() {
        return ready.isEmpty() && in.finished();
    }
}
