package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Turns a 1m bar into a plausible, reproducible sequence of trades, so tick-level CEP statements can run in
 * candle-only backtests. The path visits open, then the extreme nearer to the open, then the other extreme, then
 * the close (the usual OHLC path assumption); {@code ticksPerBar} trades are spaced evenly over the minute
 * (first at the open time, last one spacing before the close), their prices interpolated along the path with a
 * little seeded noise kept inside [low, high], and the bar's volume split among them by seeded random weights
 * that sum exactly to it. A trade's taker side follows the direction of the path at that point ({@code Buy} when
 * the price rises, {@code Sell} when it falls; on a flat segment the seed decides).
 *
 * <p>Deterministic: the same seed and bars give the same trades. It invents microstructure the data does not
 * have: patterns that need the true order flow (CVD, absorption, wash trades, large orders) are only as real as
 * this model; price-path patterns (flash crash, momentum, breakouts) keep the bar's true range.
 */
public final class TickSynthesiser {
    private final SplittableRandom random;
    private final int ticksPerBar;

    public TickSynthesiser(long seed, int ticksPerBar) {
        if (ticksPerBar < 4) {
            throw new IllegalArgumentException("ticks per bar must be >= 4 (open, two extremes, close), got " + ticksPerBar);
        }
        this.random = new SplittableRandom(seed);
        this.ticksPerBar = ticksPerBar;
    }

    /** Sends the trades of one 1m bar to {@code out}, in time order. */
    public void synthesise(String symbol, Bar bar, Consumer<MarketEvent.Trade> out) {
        double[] waypoints = path(bar);
        int n = ticksPerBar;
        long spacing = 60_000L / n;
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = 0.2 + random.nextDouble();
            total += weights[i];
        }
        double range = bar.high() - bar.low();
        double prev = bar.open();
        for (int i = 0; i < n; i++) {
            double price;
            if (i == 0) {
                price = bar.open();
            } else if (i == n - 1) {
                price = bar.close();
            } else {
                price = along(waypoints, i / (double) (n - 1));
                price += (random.nextDouble() - 0.5) * 0.1 * range;
                price = Math.min(bar.high(), Math.max(bar.low(), price));
            }
            // the extremes must trade: snap the ticks nearest to the 1/3 and 2/3 points onto them
            if (i == Math.round((n - 1) / 3.0)) {
                price = waypoints[1];
            } else if (i == Math.round(2 * (n - 1) / 3.0)) {
                price = waypoints[2];
            }
            Side side = price > prev ? Side.Buy : price < prev ? Side.Sell : (random.nextBoolean() ? Side.Buy : Side.Sell);
            double qty = bar.volume() * weights[i] / total;
            out.accept(new MarketEvent.Trade(symbol, bar.openTime() + i * spacing, 0, price, qty, side));
            prev = price;
        }
    }

    /** open, nearer extreme, other extreme, close. */
    static double[] path(Bar bar) {
        boolean highFirst = bar.high() - bar.open() <= bar.open() - bar.low();
        return highFirst
                ? new double[] {bar.open(), bar.high(), bar.low(), bar.close()}
                : new double[] {bar.open(), bar.low(), bar.high(), bar.close()};
    }

    /** The price at fraction {@code f} (0..1) of a path of three equal-time legs. */
    static double along(double[] w, double f) {
        double x = Math.min(f * 3, 2.999_999);
        int leg = (int) x;
        double t = x - leg;
        return w[leg] + (w[leg + 1] - w[leg]) * t;
    }
}
