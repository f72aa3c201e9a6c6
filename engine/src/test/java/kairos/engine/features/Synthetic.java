package kairos.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.micro.BookSnapshot;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.TradeTick;

/** Seeded synthetic market data for tests: tick-rounded random walks (so ties and flat bars occur). */
final class Synthetic {
    /** 2025-06-01T00:00Z, a Sunday. */
    static final long T0 = 1_748_736_000_000L;

    private Synthetic() {
    }

    static List<Bar> bars(long seed, int n, Timeframe tf, long start, double price, double tick) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Bar> out = new ArrayList<>(n);
        double p = price;
        double vol = 0.0015;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(200) == 0) {
                vol = 0.0005 + r.nextDouble() * 0.003;
            }
            double o = round(p, tick);
            double c = round(o * Math.exp(vol * gauss(r) + 0.00002 * Math.sin(i / 50.0)), tick);
            double h = round(Math.max(o, c) * (1 + Math.abs(gauss(r)) * vol * 0.6), tick);
            double l = round(Math.min(o, c) * (1 - Math.abs(gauss(r)) * vol * 0.6), tick);
            double v = Math.round(Math.exp(5 + 0.8 * gauss(r)) * 100) / 100.0;
            if (r.nextInt(97) == 0) {
                h = o;
                l = o;
                c = o;
            }
            if (r.nextInt(301) == 0) {
                v = 0;
            }
            out.add(new Bar(start + i * tf.millis(), o, h, l, c, v));
            p = c;
        }
        return out;
    }

    static List<Bar> withGaps(List<Bar> bars, long seed, int every) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Bar> out = new ArrayList<>();
        for (Bar b : bars) {
            if (r.nextInt(every) != 0) {
                out.add(b);
            }
        }
        return out;
    }

    static List<FundingRate> funding(long seed, long start, int days) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FundingRate> out = new ArrayList<>();
        for (int i = 0; i <= days * 3; i++) {
            out.add(new FundingRate(start + i * 8 * 3_600_000L, (r.nextInt(41) - 10) / 100_000.0));
        }
        return out;
    }

    /** Trades, books and liquidations around the bars' prices, several per bar. */
    static List<FeedEvent> micro(long seed, List<Bar> bars, long barMillis) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FeedEvent> out = new ArrayList<>();
        for (Bar b : bars) {
            int trades = r.nextInt(6);
            for (int k = 0; k < trades; k++) {
                long ts = b.openTime() + r.nextLong(barMillis);
                double px = b.low() + r.nextDouble() * (b.high() - b.low());
                double qty = r.nextInt(10) == 0 ? 400 + r.nextInt(200) : 1 + r.nextInt(20);
                out.add(new TradeTick("SOLUSDT", ts, 0, round(px, 0.01), qty, r.nextBoolean() ? "Buy" : "Sell"));
            }
            if (r.nextInt(3) == 0) {
                int lv = 25;
                double[] bp = new double[lv];
                double[] bs = new double[lv];
                double[] ap = new double[lv];
                double[] as = new double[lv];
                for (int k = 0; k < lv; k++) {
                    bp[k] = b.close() - 0.01 * (k + 1);
                    ap[k] = b.close() + 0.01 * (k + 1);
                    bs[k] = 1 + r.nextInt(k % 7 == 0 ? 600 : 100);
                    as[k] = 1 + r.nextInt(k % 5 == 0 ? 600 : 100);
                }
                out.add(new BookSnapshot("SOLUSDT", b.openTime() + r.nextLong(barMillis), bp, bs, ap, as));
            }
            if (r.nextInt(20) == 0) {
                out.add(new Liquidation("SOLUSDT", b.openTime() + r.nextLong(barMillis), 0, b.close(), 10 + r.nextInt(500),
                        r.nextBoolean() ? "Buy" : "Sell"));
            }
        }
        return out;
    }

    static double round(double x, double tick) {
        return Math.round(x / tick) * tick;
    }

    private static double gauss(SplittableRandom r) {
        double u = Math.max(r.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
