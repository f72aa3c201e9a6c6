package kairos.engine.rules;

import kairos.engine.domain.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * One rung of a take-profit ladder: close {@code fraction} of the position at {@code price}. The fractions of a
 * ladder sum to at most 1; the rest is the runner, closed by the trailing stop (R6.10-R6.13).
 */
public record TakeProfit(double price, double fraction) {

    public TakeProfit {
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("take-profit fraction must be in (0, 1], got " + fraction);
        }
    }

    public double getPrice() { return price; }
    public double getFraction() { return fraction; }

    /**
     * A ladder at {@code entry ± k × unit} for each (k, fraction) pair, mirrored for shorts: for a long the
     * targets are above the entry, for a short below. {@code pairs} is k1, f1, k2, f2, ...
     */
    public static List<TakeProfit> ladder(Side side, double entry, double unit, double... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("ladder needs (multiple, fraction) pairs, got " + pairs.length + " numbers");
        }
        double sign = side == Side.Buy ? 1 : -1;
        List<TakeProfit> out = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new TakeProfit(entry + sign * pairs[i] * unit, pairs[i + 1]));
            total += pairs[i + 1];
        }
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("take-profit fractions sum to " + total + " > 1");
        }
        return List.copyOf(out);
    }
}
