package kairos.engine.execution;

import java.util.SplittableRandom;

/**
 * How a simulated venue delivers its messages, to test the order manager against what a real exchange's streams
 * do: each message may be dropped ({@code dropProbability}; the state on the venue is real, only the message is
 * lost, so a query or reconciliation recovers it), delivered late by up to {@code maxDelayMs}
 * ({@code lateProbability}; two messages of one order can so arrive out of order, a status before its execution),
 * or delivered twice ({@code duplicateProbability}). Seeded: the same seed and requests give the same deliveries.
 * {@link #PERFECT} delivers every message once, on time.
 */
public record DeliveryModel(long seed, double dropProbability, double lateProbability, long maxDelayMs,
                            double duplicateProbability) {

    public static final DeliveryModel PERFECT = new DeliveryModel(0, 0, 0, 0, 0);

    public DeliveryModel {
        check(dropProbability, "drop");
        check(lateProbability, "late");
        check(duplicateProbability, "duplicate");
        if (maxDelayMs < 0) {
            throw new IllegalArgumentException("max delay must be >= 0 ms");
        }
    }

    private static void check(double p, String what) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(what + " probability must be within [0, 1), got " + p);
        }
    }

    public boolean isPerfect() {
        return dropProbability == 0 && lateProbability == 0 && duplicateProbability == 0;
    }

    /** The random draws of one venue. */
    SplittableRandom random() {
        return new SplittableRandom(seed);
    }
}
