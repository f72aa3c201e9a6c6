package kairos.engine.backtest.validation;

import java.util.Locale;

/**
 * How {@link MonteCarlo} resamples a trade list (R18.3).
 *
 * @param runs          resampled trade sequences, 1 .. 1,000,000
 * @param seed          the only source of randomness: the same seed and trades give the same result
 * @param method        {@code BOOTSTRAP}: as many trades as the list, drawn with replacement; {@code SHUFFLE}: the
 *                      list's trades in a random order (the total cannot change, only the path)
 * @param slippageBps   extra slippage: each entry and exit loses U(0, X) basis points of its notional
 * @param skipRate      each trade is missed (never filled) with this probability, 0 .. 1
 * @param delayBps      execution delay: each entry and exit price moves by N(0, X) basis points (either way)
 * @param partialRate   each trade fills only part of its quantity with this probability, 0 .. 1 ...
 * @param partialMin    ... a fraction U(partialMin, 1) of it, its PnL and fees scaled alike
 * @param ruinThreshold a run is ruined when its drawdown from the running peak reaches this fraction, (0, 1]
 * @param initialEquity the equity before the first trade (drawdowns are fractions of the peak equity)
 * @param threads       worker threads; the result does not depend on it
 */
public record MonteCarloSettings(int runs, long seed, Method method, double slippageBps, double skipRate,
                                 double delayBps, double partialRate, double partialMin, double ruinThreshold,
                                 double initialEquity, int threads) {

    public enum Method {
        BOOTSTRAP, SHUFFLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the two methods */
        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--method " + text + ": use bootstrap or shuffle");
        }
    }

    public static final int DEFAULT_RUNS = 10_000;
    public static final long DEFAULT_SEED = 42;
    /** The black-swan kill switch of R16.8: a drawdown of 15% closes everything and stops the bot. */
    public static final double DEFAULT_RUIN_THRESHOLD = 0.15;

    public MonteCarloSettings {
        if (runs < 1 || runs > 1_000_000) {
            throw new IllegalArgumentException("--runs must be within 1 .. 1,000,000, got " + runs);
        }
        if (method == null) {
            throw new IllegalArgumentException("--method: use bootstrap or shuffle");
        }
        if (!(slippageBps >= 0) || slippageBps > 1000) {
            throw new IllegalArgumentException("--slippage-bps must be within 0 .. 1000, got " + slippageBps);
        }
        if (!(delayBps >= 0) || delayBps > 1000) {
            throw new IllegalArgumentException("--delay-bps must be within 0 .. 1000, got " + delayBps);
        }
        if (!(skipRate >= 0) || skipRate >= 1) {
            throw new IllegalArgumentException("--skip-rate must be within [0, 1), got " + skipRate);
        }
        if (!(partialRate >= 0) || partialRate > 1) {
            throw new IllegalArgumentException("--partial-rate must be within 0 .. 1, got " + partialRate);
        }
        if (!(partialMin > 0) || partialMin > 1) {
            throw new IllegalArgumentException("--partial-min must be within (0, 1], got " + partialMin);
        }
        if (!(ruinThreshold > 0) || ruinThreshold > 1) {
            throw new IllegalArgumentException("--ruin-threshold must be within (0, 1], got " + ruinThreshold);
        }
        if (!(initialEquity > 0) || Double.isInfinite(initialEquity)) {
            throw new IllegalArgumentException("--initial-equity must be a positive number, got " + initialEquity);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be within 1 .. 256, got " + threads);
        }
    }

    /** Bootstrap, 10,000 runs, seed 42, no perturbation, ruin at a 15% drawdown. */
    public static MonteCarloSettings defaults(double initialEquity) {
        return new MonteCarloSettings(DEFAULT_RUNS, DEFAULT_SEED, Method.BOOTSTRAP, 0, 0, 0, 0, 0.5,
                DEFAULT_RUIN_THRESHOLD, initialEquity, Runtime.getRuntime().availableProcessors());
    }

    public MonteCarloSettings withRuns(int n) {
        return new MonteCarloSettings(n, seed, method, slippageBps, skipRate, delayBps, partialRate, partialMin,
                ruinThreshold, initialEquity, threads);
    }
}
