package kairos.ops.telegram;

import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.MarketBatch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /chart} draws, kept as it arrives: one-minute closes per symbol (from the market feed's bars), the
 * account's equity (sampled from the kernel's status), and the entries and exits the decisions took. Each series
 * keeps its last {@code capacity} points (a day of minutes by default). Written from the feed, kernel and bot
 * threads, read by the bot: every method is synchronised (a few appends per minute).
 */
public final class ChartTape {
    /** A point of a series: epoch ms and value. */
    public record Point(long time, double value) {
    }

    /** An entry ({@code entry} true, {@code side} Buy/Sell) or exit at a price. */
    public record Mark(long time, String symbol, double price, boolean entry, String side) {
    }

    /** A copy of one symbol's series for drawing. */
    public record Snapshot(String symbol, List<Point> prices, List<Point> equity, List<Mark> marks) {
    }

    private final int capacity;
    private final Map<String, ArrayDeque<Point>> prices = new HashMap<>();
    private final ArrayDeque<Point> equity = new ArrayDeque<>();
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    public ChartTape() {
        this(1_440);
    }

    ChartTape(int capacity) {
        this.capacity = capacity;
    }

    /** Takes the one-minute bar closes of a market batch (history batches too: they fill the chart on start). */
    public synchronized void onBatch(MarketBatch batch) {
        for (MarketEvent e : batch.events()) {
            if (e instanceof MarketEvent.BarClose bc && bc.timeframe() == Timeframe.M1) {
                price(bc.symbol(), bc.time(), bc.bar().close());
            }
        }
    }

    public synchronized void price(String symbol, long time, double price) {
        ArrayDeque<Point> s = prices.computeIfAbsent(symbol, k -> new ArrayDeque<>());
        if (!s.isEmpty() && s.peekLast().time() >= time) {
            if (s.peekLast().time() == time) {
                s.pollLast();
            } else {
                return;
            }
        }
        append(s, new Point(time, price));
    }

    public synchronized void equity(long time, double value) {
        if (!Double.isFinite(value) || (!equity.isEmpty() && equity.peekLast().time() >= time)) {
            return;
        }
        append(equity, new Point(time, value));
    }

    /** Marks an accepted entry at its proposal's price, an exit at the last known price of the symbol. */
    public synchronized void onDecision(Decision d) {
        if (d.verdict() == null || d.ts() == null) {
            return;
        }
        long t;
        try {
            t = Instant.parse(d.ts()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return;
        }
        if ("accepted".equals(d.verdict().status()) && d.proposal() != null) {
            double px = Double.isFinite(d.proposal().entryPrice()) && d.proposal().entryPrice() > 0
                    ? d.proposal().entryPrice() : lastPrice(d.symbol());
            if (Double.isFinite(px)) {
                append(marks, new Mark(t, d.symbol(), px, true, d.proposal().side()));
            }
        } else if ("exit".equals(d.verdict().status()) || (d.exits() != null && !d.exits().isEmpty())) {
            double px = lastPrice(d.symbol());
            if (Double.isFinite(px)) {
                append(marks, new Mark(t, d.symbol(), px, false, null));
            }
        }
    }

    public synchronized List<String> symbols() {
        return List.copyOf(prices.keySet());
    }

    public synchronized Snapshot snapshot(String symbol) {
        List<Point> p = new ArrayList<>(prices.getOrDefault(symbol, new ArrayDeque<>()));
        List<Mark> m = marks.stream().filter(x -> x.symbol().equals(symbol)).toList();
        return new Snapshot(symbol, p, new ArrayList<>(equity), m);
    }

    private double lastPrice(String symbol) {
        ArrayDeque<Point> s = prices.get(symbol);
        return s == null || s.isEmpty() ? Double.NaN : s.peekLast().value();
    }

    private <T> void append(ArrayDeque<T> q, T v) {
        q.addLast(v);
        while (q.size() > capacity) {
            q.pollFirst();
        }
    }
}
