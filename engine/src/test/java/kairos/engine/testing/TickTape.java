package kairos.engine.testing;

import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream of every market event type for plumbing tests (never for claims about trading quality): for
 * each symbol a random walk traded every few seconds, book snapshots then deltas, a ticker every half minute (mark,
 * index, open interest, the predicted funding rate), the long/short ratio every five minutes, a liquidation now and
 * then, funding settlements every 8 h, and the 1m klines at each minute's close (when asked for). Sorted by event
 * time; receive times are 5-60 ms after.
 */
public final class TickTape {
    /** 2025-05-04T00:00Z, where the tests' tapes start. */
    public static final long START = 1_746_316_800_000L;

    private TickTape() {
    }

    /** One symbol's part of the tape: its start price and the base quantity of its trades. */
    public record Symbol(String name, double price, double tradeQty, double tick) {
    }

    public static final Symbol SOL = new Symbol("SOLUSDT", 150, 30, 0.01);
    public static final Symbol BTC = new Symbol("BTCUSDT", 95_000, 0.05, 0.1);

    public static List<MarketEvent> of(long seed, long start, int minutes, boolean klines, Symbol... symbols) {
        List<MarketEvent> out = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Symbol sym : symbols) {
            double price = sym.price();
            boolean snapshot = true;
            for (int m = 0; m < minutes; m++) {
                long t0 = start + m * 60_000L;
                double open = price;
                double high = price;
                double low = price;
                double volume = 0;
                for (int k = 0; k < 12; k++) {
                    long ts = t0 + k * 5_000L + rnd.nextInt(1_000);
                    price = round(price * (1 + rnd.nextGaussian() * 0.0012 + 0.00002), sym.tick());
                    double qty = Math.round((rnd.nextExponential() * sym.tradeQty() + 0.001) * 1000) / 1000.0;
                    high = Math.max(high, price);
                    low = Math.min(low, price);
                    volume += qty;
                    out.add(new MarketEvent.Trade(sym.name(), ts, ts + 5 + rnd.nextInt(40), price, qty,
                            rnd.nextBoolean() ? Side.Buy : Side.Sell));
                    if (k % 2 == 0) {
                        double[][] bids = new double[5][];
                        double[][] asks = new double[5][];
                        for (int i = 0; i < 5; i++) {
                            bids[i] = new double[] {round(price - sym.tick() * (i + 1), sym.tick()), 1 + rnd.nextInt(500)};
                            asks[i] = new double[] {round(price + sym.tick() * (i + 1), sym.tick()), 1 + rnd.nextInt(500)};
                        }
                        out.add(new MarketEvent.Book(sym.name(), ts + 3, ts + 20, snapshot, bids, asks));
                        snapshot = false;
                    }
                }
                long mid = t0 + 30_000;
                out.add(new MarketEvent.Mark(sym.name(), mid, mid + 10, price));
                out.add(new MarketEvent.Index(sym.name(), mid, mid + 10, round(price * 0.9999, sym.tick())));
                out.add(new MarketEvent.OpenInterest(sym.name(), mid, mid + 10, 1_000_000 + m));
                out.add(new MarketEvent.Funding(sym.name(), mid, mid + 10, 0.0001, false));
                if (m % 5 == 0) {
                    out.add(new MarketEvent.LongShortRatio(sym.name(), mid + 1, mid + 60, 1 + rnd.nextDouble()));
                }
                if (rnd.nextInt(50) == 0) {
                    out.add(new MarketEvent.Liquidation(sym.name(), t0 + 40_000, t0 + 40_010, price, 100,
                            rnd.nextBoolean() ? Side.Buy : Side.Sell));
                }
                if ((t0 + 60_000) % 28_800_000 == 0) {
                    out.add(new MarketEvent.Funding(sym.name(), t0 + 60_000, t0 + 60_020, 0.0001, true));
                }
                if (klines) {
                    out.add(new MarketEvent.BarClose(sym.name(), Timeframe.M1,
                            new Bar(t0, open, Math.max(high, open), Math.min(low, open), price, volume), t0 + 60_030));
                }
            }
        }
        out.sort(Comparator.comparingLong(MarketEvent::time));
        return out;
    }

    /**
     * The tape as an event file's lines (the contract of {@code cep test --events} and {@code replay}); a file's
     * funding line is a settlement, so the predicted rates are left out.
     */
    public static List<String> eventFile(List<MarketEvent> events) {
        List<String> lines = new ArrayList<>();
        for (MarketEvent e : events) {
            String common = "\"symbol\":\"" + e.symbol() + "\",\"recv_ts\":" + e.recvTime();
            String line = switch (e) {
                case MarketEvent.Trade t -> "{\"type\":\"trade\"," + common + ",\"ts\":" + t.time() + ",\"price\":" + t.price()
                        + ",\"qty\":" + t.qty() + ",\"side\":\"" + t.side() + "\"}";
                case MarketEvent.Book b -> "{\"type\":\"book\"," + common + ",\"ts\":" + b.time() + ",\"snapshot\":" + b.snapshot()
                        + ",\"bids\":" + levels(b.bids()) + ",\"asks\":" + levels(b.asks()) + "}";
                case MarketEvent.Liquidation l -> "{\"type\":\"liquidation\"," + common + ",\"ts\":" + l.time() + ",\"price\":"
                        + l.price() + ",\"qty\":" + l.qty() + ",\"side\":\"" + l.side() + "\"}";
                case MarketEvent.BarClose b -> "{\"type\":\"bar\"," + common + ",\"ts\":" + b.bar().openTime()
                        + ",\"timeframe\":\"" + b.timeframe().label() + "\",\"open\":" + b.bar().open() + ",\"high\":"
                        + b.bar().high() + ",\"low\":" + b.bar().low() + ",\"close\":" + b.bar().close() + ",\"volume\":"
                        + b.bar().volume() + "}";
                case MarketEvent.Funding f -> f.settlement() ? "{\"type\":\"funding\"," + common + ",\"ts\":" + f.time()
                        + ",\"rate\":" + f.rate() + "}" : null;
                case MarketEvent.OpenInterest o -> "{\"type\":\"open_interest\"," + common + ",\"ts\":" + o.time()
                        + ",\"value\":" + o.value() + "}";
                case MarketEvent.LongShortRatio r -> "{\"type\":\"long_short_ratio\"," + common + ",\"ts\":" + r.time()
                        + ",\"value\":" + r.value() + "}";
                case MarketEvent.Mark m -> "{\"type\":\"mark\"," + common + ",\"ts\":" + m.time() + ",\"price\":" + m.price() + "}";
                case MarketEvent.Index i -> "{\"type\":\"index\"," + common + ",\"ts\":" + i.time() + ",\"price\":" + i.price() + "}";
            };
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String levels(double[][] levels) {
        StringBuilder sb = new StringBuilder("[");
        for (double[] l : levels) {
            sb.append(sb.length() > 1 ? "," : "").append('[').append(l[0]).append(',').append(l[1]).append(']');
        }
        return sb.append(']').toString();
    }

    private static double round(double price, double tick) {
        return Math.round(Math.round(price / tick) * tick * 1e8) / 1e8;
    }
}
