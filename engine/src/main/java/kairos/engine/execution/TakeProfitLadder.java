package kairos.engine.execution;

import java.util.Arrays;

/**
 * Take-profit levels as multiples of the ATR at the decision, each closing a fraction of the position's
 * quantity; what the fractions leave is the runner, closed by the trailing stop (R6.10–R6.13). The default is
 * 1.0 / 1.5 / 2.5 ATR closing 40 / 30 / 20%, with a 10% runner. Levels are mirrored for shorts.
 */
public record TakeProfitLadder(double[] atrMultiples, double[] fractions) {

    public static final TakeProfitLadder DEFAULT = new TakeProfitLadder(new double[]{1.0, 1.5, 2.5},
            new double[]{0.4, 0.3, 0.2});

    /** No take-profit orders: the whole position is a runner. */
    public static final TakeProfitLadder NONE = new TakeProfitLadder(new double[0], new double[0]);

    public TakeProfitLadder {
        atrMultiples = atrMultiples.clone();
        fractions = fractions.clone();
        if (atrMultiples.length != fractions.length) {
            throw new IllegalArgumentException("take-profit ladder: " + atrMultiples.length + " ATR multiples but "
                    + fractions.length + " fractions");
        }
        double sum = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (!(atrMultiples[i] > 0) || i > 0 && atrMultiples[i] <= atrMultiples[i - 1]) {
                throw new IllegalArgumentException("take-profit ladder: ATR multiples must be > 0 and increasing, got "
                        + Arrays.toString(atrMultiples));
            }
            if (!(fractions[i] > 0)) {
                throw new IllegalArgumentException("take-profit ladder: fractions must be > 0, got "
                        + Arrays.toString(fractions));
            }
            sum += fractions[i];
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("take-profit ladder: fractions sum to " + sum + ", more than 1");
        }
    }

    public int levels() {
        return fractions.length;
    }

    public double atrMultiple(int level) {
        return atrMultiples[level];
    }

    public double fraction(int level) {
        return fractions[level];
    }

    /** The share left to the trailing stop. */
    public double runner() {
        double sum = 0;
        for (double f : fractions) {
            sum += f;
        }
        return Math.max(0, 1 - sum);
    }

    @Override
    public double[] atrMultiples() {
        return atrMultiples.clone();
    }

    @Override
    public double[] fractions() {
        return fractions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TakeProfitLadder l && Arrays.equals(atrMultiples, l.atrMultiples)
                && Arrays.equals(fractions, l.fractions);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(atrMultiples) + Arrays.hashCode(fractions);
    }

    @Override
    public String toString() {
        return "TakeProfitLadder" + Arrays.toString(atrMultiples) + "x ATR " + Arrays.toString(fractions);
    }
}
