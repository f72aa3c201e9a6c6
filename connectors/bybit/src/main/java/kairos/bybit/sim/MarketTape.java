package kairos.bybit.sim;

import kairos.bybit.parsing.RecordedStream;
import kairos.engine.cep.TickSynthesiser;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the simulated market plays: market events in exchange-time order, plus what happened before the tape starts
 * (closed 1m bars and funding settlements) so that REST history endpoints can serve a client's warm-up. Trades move
 * prices and fill orders; books feed {@code orderbook.50}; marks, indices, open interest and predicted funding feed
 * {@code tickers}; funding settlements settle positions; liquidations feed {@code allLiquidation}. Klines are built
 * by the simulator from the trades, so bar events on the tape are not replayed (they would count twice).
 */
public final class MarketTape {
    private static final long MINUTE = 60_000;

    private final List<MarketEvent> events;
    private final Map<String, List<Bar>> history;
    private final Map<String, List<FundingRate>> fundingHistory;

    private MarketTape(List<MarketEvent> events, Map<String, List<Bar>> history, Map<String, List<FundingRate>> fundingHistory) {
        List<MarketEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(MarketEvent::time));   // stable: same-time events keep their order
        this.events = List.copyOf(sorted);
        this.history = Map.copyOf(history);
        this.fundingHistory = Map.copyOf(fundingHistory);
    }

    /** A tape of the given events (sorted by time, ties kept in the given order). */
    public static MarketTape of(List<? extends MarketEvent> events) {
        return new MarketTape(new ArrayList<>(events), Map.of(), Map.of());
    }

    /**
     * 1m bars turned into trades (seeded {@link TickSynthesiser}, {@code ticksPerBar} trades a minute): bars opening
     * before {@code replayFrom} become history, the others are played; funding settlements before {@code replayFrom}
     * are history, later ones are settled when the tape reaches them.
     */
    public static MarketTape fromBars(String symbol, List<Bar> bars1m, List<FundingRate> funding, long replayFrom, long seed,
                                      int ticksPerBar) {
        TickSynthesiser synth = new TickSynthesiser(seed, ticksPerBar);
        List<MarketEvent> events = new ArrayList<>();
        List<Bar> past = new ArrayList<>();
        for (Bar bar : bars1m) {
            if (bar.openTime() % MINUTE != 0) {
                throw new IllegalArgumentException(symbol + ": bar at " + bar.openTime() + " is not on a minute; bars must be 1m");
            }
            if (bar.openTime() < replayFrom) {
                past.add(bar);
            } else {
                synth.synthesise(symbol, bar, events::add);
            }
        }
        List<FundingRate> pastFunding = new ArrayList<>();
        for (FundingRate f : funding) {
            if (f.time() < replayFrom) {
                pastFunding.add(f);
            } else {
                events.add(MarketEvent.Funding.settled(symbol, f));
            }
        }
        return new MarketTape(events, Map.of(symbol, past), Map.of(symbol, pastFunding));
    }

    /**
     * A seeded random walk of {@code minutes} 1m bars from {@code startPrice} (0.1 % volatility a minute), played
     * from {@code start} with a day of history before it and a 0.01 % funding rate every 8 h: a tape for running the
     * simulator without data files. Not market data: for plumbing and soak runs only.
     */
    public static MarketTape randomWalk(long seed, String symbol, double startPrice, double tick, long start, int minutes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> bars = new ArrayList<>();
        double price = startPrice;
        long first = start - 1_440 * MINUTE;
        for (long t = first; t < start + minutes * MINUTE; t += MINUTE) {
            double open = price;
            double close = round(open * (1 + rnd.nextGaussian() * 0.001), tick);
            double high = round(Math.max(open, close) * (1 + rnd.nextDouble() * 0.0005), tick);
            double low = round(Math.min(open, close) * (1 - rnd.nextDouble() * 0.0005), tick);
            bars.add(new Bar(t, open, high, low, close, Math.round((10 + rnd.nextDouble() * 90) * 10) / 10.0));
            price = close;
        }
        List<FundingRate> funding = new ArrayList<>();
        for (long f = (first / (8 * 60 * MINUTE) + 1) * 8 * 60 * MINUTE; f < start + minutes * MINUTE; f += 8 * 60 * MINUTE) {
            funding.add(new FundingRate(f, 0.0001));
        }
        return fromBars(symbol, bars, funding, start, seed, 12);
    }

    /** A {@code kairos record} recording, parsed with the live parser, in exchange-time order. */
    public static MarketTape fromRecording(Path file) throws IOException {
        List<MarketEvent> events = new ArrayList<>();
        RecordedStream.replay(file, events::add);
        return of(events);
    }

    /** This tape and another played together (e.g. two symbols). */
    public MarketTape and(MarketTape other) {
        List<MarketEvent> all = new ArrayList<>(events);
        all.addAll(other.events);
        Map<String, List<Bar>> h = new LinkedHashMap<>(history);
        other.history.forEach((k, v) -> h.merge(k, v, MarketTape::concat));
        Map<String, List<FundingRate>> f = new LinkedHashMap<>(fundingHistory);
        other.fundingHistory.forEach((k, v) -> f.merge(k, v, MarketTape::concat));
        return new MarketTape(all, h, f);
    }

    /** This tape with closed 1m bars of {@code symbol} from before it starts. */
    public MarketTape withHistory(String symbol, List<Bar> bars1m) {
        Map<String, List<Bar>> h = new LinkedHashMap<>(history);
        h.merge(symbol, List.copyOf(bars1m), MarketTape::concat);
        return new MarketTape(events, h, fundingHistory);
    }

    public List<MarketEvent> events() {
        return events;
    }

    public Map<String, List<Bar>> history() {
        return history;
    }

    public Map<String, List<FundingRate>> fundingHistory() {
        return fundingHistory;
    }

    /** Where the tape starts: its first event, else the end of its history, else 0. */
    public long start() {
        if (!events.isEmpty()) {
            return events.get(0).dataStart();
        }
        return history.values().stream().filter(l -> !l.isEmpty()).mapToLong(l -> l.get(l.size() - 1).openTime() + MINUTE)
                .max().orElse(0);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static double round(double price, double tick) {
        return Math.round(Math.round(price / tick) * tick * 1e8) / 1e8;
    }
}
