package kairos.engine.testing;

import kairos.engine.domain.Bar;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random-walk candles for plumbing tests (never for claims about trading quality). */
public final class SyntheticBars {
    private SyntheticBars() {
    }

    public static List<Bar> randomWalk(long seed, long start, long stepMillis, int n, double startPrice) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> bars = new ArrayList<>(n);
        double price = startPrice;
        for (int i = 0; i < n; i++) {
            double open = price;
            double close = Math.max(0.01, open * (1 + rnd.nextGaussian() * 0.003));
            double high = Math.max(open, close) * (1 + Math.abs(rnd.nextGaussian()) * 0.001);
            double low = Math.min(open, close) * (1 - Math.abs(rnd.nextGaussian()) * 0.001);
            double volume = 100 * Math.exp(rnd.nextGaussian() * (rnd.nextInt(25) == 0 ? 2 : 0.4));
            bars.add(new Bar(start + i * stepMillis, open, high, low, close, volume));
            price = close;
        }
        return bars;
    }
}
